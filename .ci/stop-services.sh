#!/usr/bin/env bash
# Stops what .ci/install-mongo-emulator.sh and .ci/install-docker.sh started, by their pid files only
# (never by name: a dockerd or mongod someone else started is left alone), and leaves the swarm that
# .ci/start-swarm.sh made. Tolerates absence.
set -euo pipefail

# --started-after FILE: stop only services whose pid file is newer than FILE, i.e. those started
# by the run that created FILE; a service someone else started (and still uses) is left running.
mark=
if [ "${1:-}" = "--started-after" ]; then mark=$2; fi

# stop NAME PIDFILE PATTERN: TERM, wait up to 30 s, then KILL. PATTERN guards against a reused pid.
stop() {
  local name=$1 pid_file=$2 pattern=$3 pid
  if [ ! -f "$pid_file" ]; then echo "stop-services: $name: no pid file"; return 0; fi
  if [ -n "$mark" ] && [ ! "$pid_file" -nt "$mark" ]; then echo "stop-services: $name: not started by this run, left running"; return 0; fi
  pid=$(cat "$pid_file")
  if ! kill -0 "$pid" 2>/dev/null || [[ $(tr '\0' ' ' <"/proc/$pid/cmdline" 2>/dev/null) != *"$pattern"* ]]; then
    echo "stop-services: $name: not running"; rm -f "$pid_file"; return 0
  fi
  kill -TERM "$pid" 2>/dev/null || true
  for _ in $(seq 1 120); do kill -0 "$pid" 2>/dev/null || break; sleep 0.25; done
  if kill -0 "$pid" 2>/dev/null; then
    echo "stop-services: $name (pid $pid) ignored SIGTERM, killing"; kill -KILL "$pid" 2>/dev/null || true
  else
    echo "stop-services: $name (pid $pid) stopped"
  fi
  rm -f "$pid_file"
}

# The swarm .ci/start-swarm.sh made (it records that in its mark file): left before the engine stops.
swarm_mark=/tmp/esm-swarm.started
if [ -f "$swarm_mark" ] && { [ -z "$mark" ] || [ "$swarm_mark" -nt "$mark" ]; }; then
  if docker swarm leave --force >/dev/null 2>&1; then echo "stop-services: swarm left"; else echo "stop-services: swarm: leaving failed (already left?)"; fi
  rm -f "$swarm_mark"
else
  echo "stop-services: swarm: not started by this run, left as it is"
fi

stop mongo-emulator /tmp/esm-mongo-emulator.pid 'server.mjs'
# dockerd stops its containers (and its own containerd) on SIGTERM.
stop dockerd /tmp/esm-dockerd.pid 'dockerd'
