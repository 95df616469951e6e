#!/usr/bin/env bash
# Rewrites every expected output from the current code: the generator's golden files, the
# transcoder's expected envelopes and JSON (crates/soapfig-transcode/tests/expected), the OpenAPI
# snapshot, the mapping files' and route table's JSON Schemas (mappings/mapping.schema.json,
# routes/routes.schema.json), the admin page's screenshot (docs/images/admin.png) and
# docs/compatibility.md. Review the diff like code before committing it.
set -euo pipefail
cd "$(dirname "$0")/.."
# The goldens first: the CLI's `generate` test compares its output with the demo golden.
SOAPFIG_BLESS=1 cargo test -q -p soapfig-codegen --test golden
SOAPFIG_BLESS=1 cargo test -q -p soapfig-describe --lib the_published_json_schema_is_the_types
SOAPFIG_BLESS=1 cargo test -q -p soapfig-routes --lib the_published_json_schema_is_the_types
SOAPFIG_BLESS=1 cargo test -q -p soapfig-transcode --test demo --test encoded --test headers
SOAPFIG_BLESS=1 cargo test -q -p soapfig --test facade
SOAPFIG_BLESS=1 cargo test -q -p soapfig --test migration the_admin_page
cargo run -q -p soapfig-corpus --bin compat
