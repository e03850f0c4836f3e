#!/usr/bin/env bash
# OpenLink Virtuoso 7 from Debian (virtuoso-t, isql-vt), which the store tests start.
# Idempotent; root or sudo. The Oxigraph server binary comes with `pip install '.[test]'`.
set -euo pipefail
if command -v virtuoso-t >/dev/null 2>&1 && command -v isql-vt >/dev/null 2>&1; then
    exit 0
fi
source "$(dirname "$0")/lib/apt-install.sh"
apt_install --no-install-recommends virtuoso-opensource
command -v virtuoso-t >/dev/null && command -v isql-vt >/dev/null
