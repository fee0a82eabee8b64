#!/usr/bin/env bash
# Makes the local engine a one-node swarm for the docker-swarm backend's tests and the broker
# stack (.ci/test-stack.sh), unless it already is a swarm manager. When this script made it one, it
# writes /tmp/esm-swarm.started, and .ci/stop-services.sh leaves the swarm again: the engine is left
# as CI found it. Needs a running engine (.ci/install-docker.sh).
set -euo pipefail

MARK=/tmp/esm-swarm.started
step() { echo "start-swarm: $*"; }

state=$(docker info --format '{{.Swarm.LocalNodeState}} {{.Swarm.ControlAvailable}}' 2>/dev/null) \
  || { echo "start-swarm: ERROR: no Docker engine answers (run .ci/install-docker.sh first)" >&2; exit 1; }
case "$state" in
  "active true") step "the engine already is a swarm manager, left as it is"; exit 0 ;;
  "inactive "*) ;;
  *) echo "start-swarm: ERROR: the engine is in swarm state '$state' (a worker, or a swarm being joined); not touching it" >&2; exit 1 ;;
esac

# 127.0.0.1: a one-node swarm needs no address other nodes can reach, and this one exists everywhere.
docker swarm init --advertise-addr 127.0.0.1 >/dev/null
date +%s >"$MARK"
step "one-node swarm started (stop-services.sh leaves it)"
