#!/usr/bin/env bash
# Debian's Chromium (and ChromeDriver) for the browser tests, tests/test_browser.py.
# Idempotent: does nothing when /usr/bin/chromium is already there. Needs root (as CI runs)
# or sudo. Playwright drives this Chromium; nothing downloads a browser of its own.
set -euo pipefail
if [ -x /usr/bin/chromium ]; then
    exit 0
fi
if [ "$(id -u)" -ne 0 ]; then
    if ! command -v sudo >/dev/null; then
        echo "tests/setup.d/chromium.sh: run as root to apt-get install chromium" >&2
        exit 1
    fi
    run() { sudo "$@"; }
else
    run() { "$@"; }
fi
export DEBIAN_FRONTEND=noninteractive
run apt-get update -qq
run apt-get install -y -qq chromium chromium-driver fonts-dejavu-core >/dev/null
/usr/bin/chromium --version
