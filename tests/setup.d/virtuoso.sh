#!/usr/bin/env bash
# OpenLink Virtuoso 7 from Debian (virtuoso-t, isql-vt), which the store tests start.
# Idempotent; root or sudo. The Oxigraph server binary comes with `pip install '.[test]'`.
set -euo pipefail
if command -v virtuoso-t >/dev/null 2>&1 && command -v isql-vt >/dev/null 2>&1; then
    exit 0
fi
if ! command -v apt-get >/dev/null 2>&1; then
    echo "tests/setup.d/virtuoso.sh: no apt-get; install Virtuoso 7 (virtuoso-t, isql-vt) by hand" >&2
    exit 1
fi
sudo=""
if [ "$(id -u)" != "0" ]; then
    sudo="sudo"
fi
export DEBIAN_FRONTEND=noninteractive
$sudo apt-get update -qq
$sudo apt-get install -y -qq --no-install-recommends virtuoso-opensource >/dev/null
command -v virtuoso-t >/dev/null && command -v isql-vt >/dev/null
