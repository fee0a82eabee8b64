#!/usr/bin/env bash
# Installs and starts CongoDB (MongoDB wire-protocol emulator from @push.rocks/smartmongo@2.2.0) on
# 127.0.0.1:${ESM_MONGO_EMULATOR_PORT:-27017}: no real mongod exists for this machine, CI reaches only this.
# Idempotent: skips what is already installed and does not start a second server.
set -euo pipefail

ROOT=$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)
DIR="$ROOT/tools/mongo-emulator"
PKG_DIR="$DIR/node_modules/@push.rocks/smartmongo"
SMARTMONGO=@push.rocks/smartmongo@2.2.0
PORT=${ESM_MONGO_EMULATOR_PORT:-27017}
LOG=${ESM_CI_LOG:-/tmp/esm-install-mongo-emulator.log}
SERVER_LOG=/tmp/esm-mongo-emulator.log
PID_FILE=/tmp/esm-mongo-emulator.pid
: >"$LOG"

step() { echo "install-mongo-emulator: $*"; }
fail() { echo "install-mongo-emulator: ERROR: $*" >&2; tail -n 30 "$LOG" >&2 || true; exit 1; }
# bash's /dev/tcp: no nc or ss needed to see whether the port accepts connections.
listening() { (exec 3<>"/dev/tcp/127.0.0.1/$PORT") 2>/dev/null; }

# 1. The emulator's installable dependencies, exactly as pinned in package-lock.json.
# npm ci writes node_modules/.package-lock.json last, so its presence means a complete install.
if [ -f "$DIR/node_modules/.package-lock.json" ]; then
  step "dependencies already installed"
else
  step "npm ci in tools/mongo-emulator"
  (cd "$DIR" && npm ci --no-audit --no-fund >>"$LOG" 2>&1) || fail "npm ci"
fi

# 2. smartmongo itself: `npm install` fails (its dependency @push.rocks/lik@^6.4.1 is not in the
#    registry), and the emulator does not need that part, so unpack the published tarball by hand.
if [ -f "$PKG_DIR/dist_ts/congodb/index.js" ]; then
  step "$SMARTMONGO already unpacked"
else
  step "unpacking $SMARTMONGO"
  tmp=$(mktemp -d /tmp/esm-smartmongo.XXXXXX)
  trap 'rm -rf "$tmp"' EXIT
  (cd "$tmp" && npm pack "$SMARTMONGO" >>"$LOG" 2>&1) || fail "npm pack $SMARTMONGO"
  rm -rf "$PKG_DIR" && mkdir -p "$PKG_DIR"
  tar -xzf "$tmp"/*.tgz -C "$PKG_DIR" --strip-components=1
  rm -rf "$tmp"; trap - EXIT
fi

# 3. Start it unless the port is taken (by an earlier run, or a real mongod a developer runs).
if listening; then
  step "something already listens on 127.0.0.1:$PORT, not starting another"
  exit 0
fi
step "starting emulator on 127.0.0.1:$PORT (log $SERVER_LOG)"
ESM_MONGO_EMULATOR_PORT=$PORT setsid nohup node "$DIR/server.mjs" >"$SERVER_LOG" 2>&1 </dev/null &
echo $! >"$PID_FILE"
for _ in $(seq 1 80); do
  listening && { step "ready: mongodb://127.0.0.1:$PORT"; exit 0; }
  kill -0 "$(cat "$PID_FILE")" 2>/dev/null || break   # died early: no point waiting
  sleep 0.25
done
echo "install-mongo-emulator: ERROR: emulator not listening on 127.0.0.1:$PORT within 20 s; log tail:" >&2
tail -n 30 "$SERVER_LOG" >&2 || true
exit 1
