#!/usr/bin/env bash
# The typed API's build side on an AXL-shaped synthetic WSDL (scripts/synthetic-wsdl.py):
# `soapfig generate` (time, peak memory, lines written), then `cargo check` of the crate it
# wrote, once with its dependencies checked beforehand so that only the generated crate is
# timed. docs/performance.md, "The typed API's build side".
#
#   ./scripts/bench-typed-build.sh [ENTITIES] [FIELDS] [--types-only | --server]
#                                                  (default 250 140 --types-only)
set -euo pipefail
cd "$(dirname "$0")/.."

entities="${1:-250}"
fields="${2:-140}"
what="${3:---types-only}"
echo "== building soapfig (release)"
cargo build --release --locked -p soapfig --quiet
SOAPFIG="${CARGO_TARGET_DIR:-target}/release/soapfig"
work="$(mktemp -d)"
trap 'rm -rf "$work"' EXIT
# Kept between runs: the vendored crates' dependencies are checked once.
target="$PWD/${CARGO_TARGET_DIR:-target}/typed-build-bench"

python3 scripts/synthetic-wsdl.py "$work/admin.wsdl" "$entities" "$fields"
/usr/bin/time -f "generate: %e s, %M KiB peak" "$SOAPFIG" generate "$work/admin.wsdl" \
    --out "$work/crate" "$what" >/dev/null
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
