#!/usr/bin/env bash
# Debian's Chromium for the browser tests (playwright-core drives it; no browser is ever downloaded).
# Idempotent: a no-op when it is installed.
set -euo pipefail

command -v chromium >/dev/null && exit 0
apt-get update -qq
DEBIAN_FRONTEND=noninteractive apt-get install -y -qq chromium >/dev/null
chromium --version
