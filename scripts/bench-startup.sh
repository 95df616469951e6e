#!/usr/bin/env bash
# Start-up of the facade fronting a large WSDL with no generated code (`--wsdl FILE`): an
# AXL-shaped synthetic WSDL (scripts/synthetic-wsdl.py: 1,000 operations over 250 entity types,
# about 3 MB of XSD), the largest corpus WSDL and Cisco's real AXL when the corpus is cached. Prints the time to
# load, describe and plan the WSDL (the facade's own log), the time from exec to listening,
# and the peak resident memory. docs/performance.md, "Start-up".
#
#   ./scripts/bench-startup.sh [ENTITIES] [FIELDS]      (default 250 140)
set -euo pipefail
cd "$(dirname "$0")/.."

echo "== building the facade (release)"
cargo build --release --locked -p soapfig --quiet
FACADE="${CARGO_TARGET_DIR:-target}/release/soapfig"
work="$(mktemp -d)"
trap 'rm -rf "$work"' EXIT

python3 scripts/synthetic-wsdl.py "$work/admin.wsdl" "${1:-250}" "${2:-140}"
wsdls=("$work/admin.wsdl")
onvif=.corpus-cache/onvif/onvif_zeep_async-4.3.0/onvif/wsdl/deviceio.wsdl
[ -f "$onvif" ] && wsdls+=("$onvif")
# Cisco's real AXL (scripts/fetch-corpus.sh fetches it, pinned).
axl=.corpus-cache/axl/ciscoaxl-0.164/ciscoaxl/schema/current/AXLAPI.wsdl
[ -f "$axl" ] && wsdls+=("$axl")

for wsdl in "${wsdls[@]}"; do
    log="$work/log"
    start=$(date +%s%N)
    NO_COLOR=1 /usr/bin/time -f "%M" -o "$work/rss" "$FACADE" --listen 127.0.0.1:0 --no-demo \
        --wsdl "$wsdl" >"$log" 2>&1 &
    pid=$!
    for _ in $(seq 1200); do
        grep -q "facade listening" "$log" && break
        kill -0 "$pid" 2>/dev/null || { cat "$log" >&2; exit 1; }
        sleep 0.05
    done
    ready=$(( ($(date +%s%N) - start) / 1000000 ))
    planned=$(sed -n 's/.*operations=\([0-9]*\) ms=\([0-9.]*\).*/\1 operations, load+describe+plan \2 ms/p' "$log" | head -1)
    # GNU time ignores SIGINT while it waits: the facade is its child.
    pkill -INT -P "$pid"; wait "$pid" 2>/dev/null || true
    echo "$(basename "$wsdl"): $planned; listening after $ready ms; peak RSS $(( $(cat "$work/rss") / 1024 )) MB"
done
