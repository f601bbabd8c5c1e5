#!/usr/bin/env bash
# Install everything the tests need (Python packages and Debian's Chromium) and run every test.
set -euo pipefail
cd "$(dirname "$0")/.."
# Chromium for the browser tests (tests/browser): installed with apt only when missing. No `playwright install`.
if [ ! -x /usr/bin/chromium ]; then
    sudo_cmd=""
    [ "$(id -u)" -eq 0 ] || sudo_cmd="sudo"
    $sudo_cmd apt-get update -qq
    DEBIAN_FRONTEND=noninteractive $sudo_cmd apt-get install -y -qq chromium >/dev/null
fi
python3 -m pip install -q -r requirements.txt -e ".[test]"
# Lint is a gate: the code must pass ruff's checks and be formatted before any test runs.
python3 -m ruff check .
python3 -m ruff format --check .
python3 -m pytest "$@"
