#!/usr/bin/env bash
# Debian's nginx for the test of the sample configuration kg publish writes
# (tests/test_publish.py, tests/test_browser.py). Idempotent; no service is started:
# the test runs its own nginx on a free loopback port and stops it.
set -euo pipefail
if command -v nginx >/dev/null || [ -x /usr/sbin/nginx ]; then
    exit 0
fi
if [ "$(id -u)" -ne 0 ]; then
    if ! command -v sudo >/dev/null; then
        echo "tests/setup.d/nginx.sh: run as root to apt-get install nginx" >&2
        exit 1
    fi
    run() { sudo "$@"; }
else
    run() { "$@"; }
fi
export DEBIAN_FRONTEND=noninteractive
run apt-get update -qq
run apt-get install -y -qq nginx >/dev/null
