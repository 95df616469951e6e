#!/usr/bin/env bash
# One long answer through the facade: time and the facade's peak memory for FindCustomers
# answers of growing size, side by side in one run (docs/performance.md, "Long answers").
#
#   ./scripts/bench-large-answer.sh [CUSTOMERS...]      (default: 10000 50000 200000)
#   FACADE=path/to/soapfig ./scripts/bench-large-answer.sh ...   another build, not rebuilt
#
# Installs nginx from Debian when missing. nginx is the SOAP backend: it answers every POST
# with a canned FindCustomersResponse of N customers (a file written here, about 470 bytes of
# SOAP per customer). For each size a fresh facade (release build) is started, one
# call is made with curl, and the facade's peak resident memory (VmHWM) is read from /proc
# after it. Nothing is timed in a test.
set -euo pipefail
cd "$(dirname "$0")/.."

SIZES=("$@")
[ ${#SIZES[@]} -eq 0 ] && SIZES=(10000 50000 200000)

as_root() { if [ "$(id -u)" -eq 0 ]; then "$@"; else sudo "$@"; fi; }
if ! command -v nginx >/dev/null && [ ! -x /usr/sbin/nginx ]; then
    echo "== installing nginx"
    as_root apt-get update -qq
    as_root env DEBIAN_FRONTEND=noninteractive apt-get install -y -qq nginx-light >/dev/null
fi
NGINX="$(command -v nginx || echo /usr/sbin/nginx)"

if [ -z "${FACADE:-}" ]; then
    echo "== building the facade (release)"
    cargo build --release --locked -p soapfig --quiet
    FACADE="${CARGO_TARGET_DIR:-target}/release/soapfig"
fi

work="$(mktemp -d)"
facade_pid=""
cleanup() {
    [ -n "$facade_pid" ] && kill "$facade_pid" 2>/dev/null || true
    [ -f "$work/nginx.pid" ] && kill "$(cat "$work/nginx.pid")" 2>/dev/null || true
    rm -rf "$work"
}
trap cleanup EXIT

free_port() { python3 -c 'import socket; s=socket.socket(); s.bind(("127.0.0.1",0)); print(s.getsockname()[1])'; }
BACKEND_PORT="$(free_port)"

# The answers: customers as the demo's schema has them, each different.
mkdir -p "$work/answers"
for n in "${SIZES[@]}"; do
    python3 - "$n" >"$work/answers/$n.xml" <<'EOPY'
import sys
n = int(sys.argv[1])
out = sys.stdout
out.write('<?xml version="1.0" encoding="UTF-8"?><soapenv:Envelope xmlns:soapenv="http://schemas.xmlsoap.org/soap/envelope/" xmlns:ns0="urn:soapfig:demo:customers"><soapenv:Body><ns0:FindCustomersResponse>')
for i in range(n):
    email = '<ns0:email xsi:nil="true" xmlns:xsi="http://www.w3.org/2001/XMLSchema-instance"/>' if i % 5 == 0 else f'<ns0:email>c{i}@example.org</ns0:email>'
    out.write(
        f'<ns0:customer id="{i + 1}" vip="{"true" if i % 7 == 0 else "false"}">'
        f'<ns0:name>Customer number {i} &amp; Sons &lt;Ltd&gt;</ns0:name>{email}'
        f'<ns0:status>active</ns0:status><ns0:balance>{i}1234567890.{i % 10000:04}</ns0:balance>'
        f'<ns0:since>2001-02-03+04:00</ns0:since><ns0:phone kind="work">555-{i % 10000:04}</ns0:phone>'
        f'<ns0:tag>bench</ns0:tag><ns0:tag>t{i % 13}</ns0:tag></ns0:customer>'
    )
out.write('</ns0:FindCustomersResponse></soapenv:Body></soapenv:Envelope>')
EOPY
done

# nginx's workers run as another user when started as root.
chmod -R a+rX "$work"

cat >"$work/nginx.conf" <<EOF
worker_processes 1;
pid $work/nginx.pid;
error_log $work/error.log warn;
daemon on;
events { worker_connections 256; }
http {
    access_log off;
    client_body_temp_path $work/body;
    server {
        listen 127.0.0.1:$BACKEND_PORT;
        root $work/answers;
        default_type "text/xml; charset=utf-8";
        # A POST to a static file is a 405 in nginx: answered with the file instead.
        error_page 405 =200 \$uri;
    }
}
EOF
"$NGINX" -c "$work/nginx.conf" -p "$work"

PORT="$(free_port)"
# The demo published with the defaults (POST /CustomerService/{Operation}), as every earlier
# run of this benchmark measured it, rather than with its designed mapping.
mkdir -p "$work/defaults" && : >"$work/defaults/demo.toml"
run() { # CUSTOMERS
    "$FACADE" serve --no-demo --listen "127.0.0.1:$PORT" --mappings-dir "$work/defaults" \
        --max-answer-bytes 1000000000 \
        --backend "CustomerService=http://127.0.0.1:$BACKEND_PORT/$1.xml" >"$work/facade.log" 2>&1 &
    facade_pid=$!
    for _ in $(seq 100); do
        curl -sf -o /dev/null "http://127.0.0.1:$PORT/openapi.json" && break
        sleep 0.1
    done
    local idle stats peak
    idle="$(awk '/VmHWM/ { print $2 }' "/proc/$facade_pid/status")"
    stats="$(curl -s -o "$work/out.json" -w '%{http_code} %{time_total} %{size_download}' \
        -H 'content-type: application/json' -d '{}' \
        "http://127.0.0.1:$PORT/CustomerService/FindCustomers")"
    peak="$(awk '/VmHWM/ { print $2 }' "/proc/$facade_pid/status")"
    kill "$facade_pid"; wait "$facade_pid" 2>/dev/null || true; facade_pid=""
    read -r code secs json_bytes <<<"$stats"
    [ "$code" = 200 ] || { echo "FindCustomers answered $code" >&2; head -c 400 "$work/out.json" >&2; exit 1; }
    python3 -c 'import json,sys; d=json.load(open(sys.argv[1])); assert len(d["customer"]) == int(sys.argv[2]), len(d["customer"])' "$work/out.json" "$1"
    local soap_bytes
    soap_bytes="$(stat -c %s "$work/answers/$1.xml")"
    awk -v n="$1" -v s="$soap_bytes" -v j="$json_bytes" -v t="$secs" -v i="$idle" -v p="$peak" \
        'BEGIN { printf "%9d %9.1f %9.1f %8.3f %9.0f %9.1f %9.1f\n", n, s/1e6, j/1e6, t, s/1e6/t, i/1024, p/1024 }'
}

echo "== one FindCustomers call per facade ($(nproc) cores, $(date -u +%F))"
printf '%9s %9s %9s %8s %9s %9s %9s\n' customers "SOAP MB" "JSON MB" seconds "SOAP MB/s" "idle MiB" "peak MiB"
for n in "${SIZES[@]}"; do
    run "$n"
done
