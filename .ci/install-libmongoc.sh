#!/usr/bin/env bash
# Installs Debian's MongoDB C driver (1.23): the official C# driver cannot be restored here, so the
# MongoDB storage talks to the server through libmongoc via P/Invoke. Idempotent.
set -euo pipefail

LOG=${ESM_CI_LOG:-/tmp/esm-install-libmongoc.log}
PKGS=(libmongoc-1.0-0 libbson-1.0-0)
export DEBIAN_FRONTEND=noninteractive

installed() { for p in "$@"; do
  [ "$(dpkg-query -W -f='${Status}' "$p" 2>/dev/null)" = "install ok installed" ] || return 1; done; }

if installed "${PKGS[@]}"; then
  echo "install-libmongoc: ${PKGS[*]} already installed"
  exit 0
fi
echo "install-libmongoc: apt-get install ${PKGS[*]}"
: >"$LOG"
# Update first: on a fresh machine the package lists may be empty or stale.
if ! { apt-get update -q -o DPkg::Lock::Timeout=300 && apt-get install -y -q -o DPkg::Lock::Timeout=300 --no-install-recommends "${PKGS[@]}"; } >>"$LOG" 2>&1; then
  echo "install-libmongoc: ERROR: apt-get failed; log tail:" >&2
  tail -n 30 "$LOG" >&2
  exit 1
fi
