#!/usr/bin/env bash
# Debian's Chromium (and ChromeDriver) for the browser tests, tests/test_browser.py.
# Idempotent: does nothing when /usr/bin/chromium is already there. Needs root (as CI runs)
# or sudo. Playwright drives this Chromium; nothing downloads a browser of its own.
set -euo pipefail
if [ -x /usr/bin/chromium ]; then
    exit 0
fi
source "$(dirname "$0")/lib/apt-install.sh"
apt_install chromium chromium-driver fonts-dejavu-core
/usr/bin/chromium --version
