#!/usr/bin/env bash
# Installs Debian's Chromium for the Swagger UI browser test (Playwright drives it; it downloads
# no browser of its own here). Idempotent.
set -euo pipefail

LOG=${ESM_CI_LOG:-/tmp/esm-install-chromium.log}
export DEBIAN_FRONTEND=noninteractive

if [ -x /usr/bin/chromium ]; then
  echo "install-chromium: already installed"
  exit 0
fi
echo "install-chromium: apt-get install chromium"
: >"$LOG"
if ! { apt-get update -q -o DPkg::Lock::Timeout=300 && apt-get install -y -q -o DPkg::Lock::Timeout=300 --no-install-recommends chromium; } >>"$LOG" 2>&1; then
  echo "install-chromium: ERROR: apt-get failed; log tail:" >&2
  tail -n 30 "$LOG" >&2
  exit 1
fi
