#!/usr/bin/env bash
# The typed API's build side on an AXL-shaped synthetic WSDL (scripts/synthetic-wsdl.py):
# `soapfig generate` (time, peak memory, lines written), then `cargo check` of the crate it
# wrote, once with its dependencies checked beforehand so that only the generated crate is
# timed. docs/performance.md, "The typed API's build side".
#
#   ./scripts/bench-typed-build.sh [ENTITIES] [FIELDS] [--types-only | --server]
#                                                  (default 250 140 --types-only)
#   ./scripts/bench-typed-build.sh axl [--types-only | --client | --server]
#                                                  Cisco's real AXL (fetched, pinned, by
#                                                  scripts/fetch-corpus.sh); --client is what
#                                                  `soapfig generate` writes by default
set -euo pipefail
cd "$(dirname "$0")/.."

if [ "${1:-}" = axl ]; then
    wsdl=.corpus-cache/axl/ciscoaxl-0.164/ciscoaxl/schema/current/AXLAPI.wsdl
    [ -f "$wsdl" ] || ./scripts/fetch-corpus.sh
    what="${2:---types-only}"
else
    wsdl=""
    entities="${1:-250}"
    fields="${2:-140}"
    what="${3:---types-only}"
fi
echo "== building soapfig (release)"
cargo build --release --locked -p soapfig --quiet
SOAPFIG="${CARGO_TARGET_DIR:-target}/release/soapfig"
work="$(mktemp -d)"
trap 'rm -rf "$work"' EXIT
# Kept between runs: the vendored crates' dependencies are checked once.
target="$PWD/${CARGO_TARGET_DIR:-target}/typed-build-bench"

if [ -z "$wsdl" ]; then
    wsdl="$work/admin.wsdl"
    python3 scripts/synthetic-wsdl.py "$wsdl" "$entities" "$fields"
fi
# `--client` is the default output: types and client.
flag=("$what")
[ "$what" = --client ] && flag=()
/usr/bin/time -f "generate: %e s, %M KiB peak" "$SOAPFIG" generate "$wsdl" \
    --out "$work/crate" "${flag[@]}" >/dev/null
echo "lines: $(wc -l <"$work/crate/src/lib.rs")"
# The dependencies first, so that the timed check is the generated crate's alone.
(cd "$work/crate" && CARGO_TARGET_DIR="$target" cargo check --quiet -p soapfig-runtime)
if [ "$what" != "--types-only" ]; then
    (cd "$work/crate" && CARGO_TARGET_DIR="$target" cargo check --quiet -p soapfig-client)
fi
if [ "$what" = "--server" ]; then
    (cd "$work/crate" && CARGO_TARGET_DIR="$target" cargo check --quiet -p soapfig-service)
fi
(cd "$work/crate" && CARGO_TARGET_DIR="$target" /usr/bin/time -f "cargo check: %e s, %M KiB peak" \
    cargo check --quiet)
