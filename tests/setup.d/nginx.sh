#!/usr/bin/env bash
# Debian's nginx for the test of the sample configuration kg publish writes
# (tests/test_publish.py, tests/test_browser.py). Idempotent; no service is started:
# the test runs its own nginx on a free loopback port and stops it.
set -euo pipefail
if command -v nginx >/dev/null || [ -x /usr/sbin/nginx ]; then
    exit 0
fi
source "$(dirname "$0")/lib/apt-install.sh"
apt_install nginx
