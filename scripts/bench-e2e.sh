#!/usr/bin/env bash
# End-to-end throughput of the facade against a plain nginx reverse proxy of the same SOAP call,
# side by side in one run, on loopback (docs/performance.md, "End to end").
#
#   ./scripts/bench-e2e.sh [SECONDS] [ROUNDS]      (default: 10 s per run, 3 rounds)
#   OTHER=path/to/soapfig ./scripts/bench-e2e.sh ... also runs another build of the facade
#                                                   (say, of the parent commit) in each round
#
# Installs nginx and wrk from Debian when missing. nginx plays two parts: the SOAP backend,
# answering every call with one canned GetCustomer envelope, and the baseline, a reverse proxy
# in front of that backend with keep-alive connections to it. The facade (release build) serves
# the demo's REST route in front of the same backend: published with the defaults (`POST
# /CustomerService/GetCustomer`, a JSON body), and as its mapping designs it (`GET
# /customers/3`, "designed"). wrk drives each in turn with the same
# connections and threads; the ratios are against the proxy of the same round, since this
# machine's speed drifts between runs. Each facade's CPU time per request (from /proc) is
# printed beside its rate: on these 2 cores wrk, nginx and the facade share the CPU, so the
# rate follows the facade's cost per request less than one to one, and the cost is the steadier
# figure to compare builds by. Nothing is timed in a test.
set -euo pipefail
cd "$(dirname "$0")/.."

SECONDS_PER_RUN="${1:-10}"
ROUNDS="${2:-3}"
CONNECTIONS="${CONNECTIONS:-32}"
THREADS="${THREADS:-1}"

as_root() { if [ "$(id -u)" -eq 0 ]; then "$@"; else sudo "$@"; fi; }
if ! command -v nginx >/dev/null || ! command -v wrk >/dev/null; then
    echo "== installing nginx and wrk"
    as_root apt-get update -qq
    as_root env DEBIAN_FRONTEND=noninteractive apt-get install -y -qq nginx-light wrk >/dev/null
fi
NGINX="$(command -v nginx || echo /usr/sbin/nginx)"

echo "== building the facade (release)"
cargo build --release --locked -p soapfig --quiet
FACADE="${CARGO_TARGET_DIR:-target}/release/soapfig"

work="$(mktemp -d)"
pids=()
cleanup() {
    for p in "${pids[@]}"; do kill "$p" 2>/dev/null || true; done
    [ -f "$work/nginx.pid" ] && kill "$(cat "$work/nginx.pid")" 2>/dev/null || true
    rm -rf "$work"
}
trap cleanup EXIT

free_port() { python3 -c 'import socket; s=socket.socket(); s.bind(("127.0.0.1",0)); print(s.getsockname()[1])'; }
BACKEND_PORT="$(free_port)"
PROXY_PORT="$(free_port)"

# The demo's GetCustomer answer, as the embedded demo service writes it.
ANSWER='<?xml version="1.0" encoding="UTF-8"?><soapenv:Envelope xmlns:soapenv="http://schemas.xmlsoap.org/soap/envelope/" xmlns:ns0="urn:soapfig:demo:customers"><soapenv:Body><ns0:GetCustomerResponse><ns0:customer id="3" vip="false"><ns0:name>Grace Hopper &amp; Co &lt;COBOL&gt;</ns0:name><ns0:email></ns0:email><ns0:status>active</ns0:status><ns0:balance>12345678901234567890.123456789</ns0:balance><ns0:since>1952-05-01+01:00</ns0:since><ns0:phone kind="work">555-0100</ns0:phone><ns0:phone kind="home">555-0199</ns0:phone><ns0:tag>compiler</ns0:tag></ns0:customer></ns0:GetCustomerResponse></soapenv:Body></soapenv:Envelope>'
REQUEST='<?xml version="1.0" encoding="UTF-8"?><soapenv:Envelope xmlns:soapenv="http://schemas.xmlsoap.org/soap/envelope/" xmlns:ns0="urn:soapfig:demo:customers"><soapenv:Body><ns0:GetCustomer><ns0:id>3</ns0:id></ns0:GetCustomer></soapenv:Body></soapenv:Envelope>'

cat >"$work/nginx.conf" <<EOF
worker_processes auto;
pid $work/nginx.pid;
error_log $work/error.log warn;
daemon on;
events { worker_connections 1024; }
http {
    access_log off;
    client_body_temp_path $work/body;
    proxy_temp_path $work/proxy;
    upstream soap_backend {
        server 127.0.0.1:$BACKEND_PORT;
        keepalive 64;
    }
    server {
        listen 127.0.0.1:$BACKEND_PORT;
        location / {
            default_type "text/xml; charset=utf-8";
            return 200 '$ANSWER';
        }
    }
    server {
        listen 127.0.0.1:$PROXY_PORT;
        location / {
            proxy_pass http://soap_backend;
            proxy_http_version 1.1;
            proxy_set_header Connection "";
        }
    }
}
EOF
"$NGINX" -c "$work/nginx.conf" -p "$work"

# The demo published with the defaults (POST /CustomerService/{Operation}), as every earlier
# run of this benchmark measured it, rather than with its designed mapping.
mkdir -p "$work/defaults" && : >"$work/defaults/demo.toml"
start_facade() { # PORT [BINARY] [MAPPINGS-DIR]
    "${2:-$FACADE}" serve --no-demo --listen "127.0.0.1:$1" --mappings-dir "${3:-$work/defaults}" \
        --backend "CustomerService=http://127.0.0.1:$BACKEND_PORT/" >"$work/facade.log" 2>&1 &
    pids+=("$!")
    started="$!"
    for _ in $(seq 100); do
        curl -sf -o /dev/null "http://127.0.0.1:$1/openapi.json" && return 0
        sleep 0.1
    done
    echo "the facade did not start:" >&2
    cat "$work/facade.log" >&2
    exit 1
}
FACADE_PORT="$(free_port)"
start_facade "$FACADE_PORT"
FACADE_PID="$started"
# The demo as it ships (mappings/demo.toml): GET /customers/3, the id from the path, the answer's
# `customer` alone, wide numbers as strings.
DESIGNED_PORT="$(free_port)"
start_facade "$DESIGNED_PORT" "$FACADE" mappings
DESIGNED_PID="$started"
if [ -n "${OTHER:-}" ]; then
    OTHER_PORT="$(free_port)"
    start_facade "$OTHER_PORT" "$OTHER"
    OTHER_PID="$started"
fi

lua() { # FILE CONTENT-TYPE BODY [SOAPACTION]
    {
        echo 'wrk.method = "POST"'
        echo "wrk.headers[\"Content-Type\"] = \"$2\""
        [ -n "${4:-}" ] && echo "wrk.headers[\"SOAPAction\"] = \"$4\""
        printf 'wrk.body = [[%s]]\n' "$3"
    } >"$1"
}
lua "$work/soap.lua" "text/xml; charset=utf-8" "$REQUEST" "urn:soapfig:demo:customers#GetCustomer"
lua "$work/json.lua" "application/json" '{"id": 3}'
echo 'wrk.method = "GET"' >"$work/get.lua"

# Every target must answer what it is asked before it is timed.
check() { # URL LUA EXPECTED
    local body
    body="$(curl -sf -X POST -H "Content-Type: $( [ "$2" = soap ] && echo text/xml || echo application/json)" \
        --data-binary "$( [ "$2" = soap ] && echo "$REQUEST" || echo '{"id": 3}')" "$1")"
    case "$body" in *"$3"*) ;; *) echo "unexpected answer from $1: $body" >&2; exit 1 ;; esac
}
check "http://127.0.0.1:$PROXY_PORT/" soap "GetCustomerResponse"
check "http://127.0.0.1:$FACADE_PORT/CustomerService/GetCustomer" json '"name":"Grace Hopper & Co <COBOL>"'
case "$(curl -sf "http://127.0.0.1:$DESIGNED_PORT/customers/3")" in
    *'"balance":"12345678901234567890.123456789"'*) ;;
    *) echo "unexpected answer from the designed route" >&2; exit 1 ;;
esac
[ -n "${OTHER:-}" ] && check "http://127.0.0.1:$OTHER_PORT/CustomerService/GetCustomer" json '"name":"Grace Hopper & Co <COBOL>"'

# The CPU time (user and system, clock ticks) a process has used so far.
cpu_ticks() { awk '{ print $14 + $15 }' "/proc/$1/stat"; }

# Requests per second, then the CPU microseconds per request of process PID (the facade's;
# nginx's workers play both the proxy and the backend, so theirs would not compare).
rate() { # URL LUA [PID]
    local before out
    [ -n "${3:-}" ] && before="$(cpu_ticks "$3")"
    out="$(wrk -t"$THREADS" -c"$CONNECTIONS" -d"${SECONDS_PER_RUN}s" -s "$2" "$1")"
    if echo "$out" | grep -q Non-2xx; then
        echo "non-2xx answers from $1: $out" >&2
        exit 1
    fi
    echo "$out" | awk '/^Requests\/sec:/ { printf "%s ", $2 }'
    if [ -n "${3:-}" ]; then
        echo "$out" | awk -v t="$(($(cpu_ticks "$3") - before))" -v hz="$(getconf CLK_TCK)" \
            '/ requests in / { printf "%.1f", t * 1e6 / hz / $1 }'
    fi
    echo
}

echo "== wrk -t$THREADS -c$CONNECTIONS, ${SECONDS_PER_RUN} s per run, $ROUNDS rounds ($(nproc) cores, $(date -u +%F))"
echo "   (req/s; \"us/req\": the facade process's CPU time per request, user and system)"
if [ -z "${OTHER:-}" ]; then
    printf '%-6s %12s %12s %8s %8s %12s %8s %8s\n' round "nginx proxy" "facade" "÷ nginx" "us/req" \
        "designed" "÷ nginx" "us/req"
else
    printf '%-6s %12s %12s %8s %8s %12s %8s %8s\n' round "nginx proxy" "facade" "÷ nginx" "us/req" \
        "other" "÷ nginx" "us/req"
fi
for round in $(seq "$ROUNDS"); do
    read -r proxy _ <<<"$(rate "http://127.0.0.1:$PROXY_PORT/" "$work/soap.lua")"
    read -r facade cpu <<<"$(rate "http://127.0.0.1:$FACADE_PORT/CustomerService/GetCustomer" "$work/json.lua" "$FACADE_PID")"
    if [ -z "${OTHER:-}" ]; then
        read -r designed dcpu <<<"$(rate "http://127.0.0.1:$DESIGNED_PORT/customers/3" "$work/get.lua" "$DESIGNED_PID")"
        awk -v r="$round" -v n="$proxy" -v f="$facade" -v c="$cpu" -v d="$designed" -v dc="$dcpu" \
            'BEGIN { printf "%-6s %12s %12s %8.2f %8s %12s %8.2f %8s\n", r, n, f, f / n, c, d, d / n, dc }'
    else
        read -r other ocpu <<<"$(rate "http://127.0.0.1:$OTHER_PORT/CustomerService/GetCustomer" "$work/json.lua" "$OTHER_PID")"
        awk -v r="$round" -v n="$proxy" -v f="$facade" -v c="$cpu" -v o="$other" -v oc="$ocpu" \
            'BEGIN { printf "%-6s %12s %12s %8.2f %8s %12s %8.2f %8s\n", r, n, f, f / n, c, o, o / n, oc }'
    fi
done
