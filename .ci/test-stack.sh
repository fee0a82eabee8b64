#!/usr/bin/env bash
# Tests deploy/esm-stack.yml on the local one-node swarm (.ci/start-swarm.sh) with the image
# .ci/build-image.sh makes (esm-dotnet:ci) and, for MongoDB, an image of the wire emulator CI uses
# built here (local/mongo-emulator:ci: no registry is reachable, so mongo:7 cannot be pulled):
#   1. both broker replicas come up on one MongoDB;
#   2. an instance of a docker-swarm plan provisioned through one replica is fetched, updated,
#      bound (its endpoint answers from the host) and deprovisioned through the other;
#   3. the replica running an operation is killed in the middle of it (and, by this test's
#      restart policy, stays dead): the other takes the operation over and finishes it.
# Replicas are reached on their addresses on docker_gwbridge: the routing mesh needs IP forwarding
# between the engine's networks, which this kind of machine does not give a container engine.
# Everything is removed at the end, whatever happens: the stack, and the instances' stacks (by the
# run's own broker id).
set -euo pipefail
cd "$(dirname "$0")/.."

IMAGE=${ESM_IMAGE:-esm-dotnet:ci}
MONGO_IMAGE=local/mongo-emulator:ci
BASE_IMAGE=local/aspnet:10.0
OWNER_LABEL=esm.ci.owner=esm-dotnet-ci
RUN_ID="$$-$(date +%s)"
STACK=esm-ci-stack
BROKER_ID="esm-ci-stack-$RUN_ID"
export ESM_BROKER_USERNAME=ci-broker ESM_ADMIN_USERNAME=ci-admin
ESM_BROKER_PASSWORD="broker-$(head -c 12 /dev/urandom | od -An -tx1 | tr -d ' \n')"
ESM_ADMIN_PASSWORD="admin-$(head -c 12 /dev/urandom | od -An -tx1 | tr -d ' \n')"
export ESM_BROKER_PASSWORD ESM_ADMIN_PASSWORD
SERVICE=swarm-web
CATALOG=tests/Esm.Service.Tests/Backends/DockerSwarm/SwarmCatalog/web
TMP=$(mktemp -d /tmp/esm-test-stack.XXXXXX)
started=$(date +%s)

step() { echo "test-stack: $*"; }
fail() {
  echo "test-stack: FAILED: $*" >&2
  for task in $(docker service ps --quiet "${STACK}_esm" 2>/dev/null); do
    echo "test-stack: last log lines of task $task:" >&2
    docker service logs --raw --tail 30 "$task" >&2 2>&1 || true
  done
  exit 1
}
cleanup() {
  docker stack rm "$STACK" >/dev/null 2>&1 || true
  # The instances' stacks: whatever a failure left, by the labels this run's brokers put on them.
  local services
  services=$(docker service ls --quiet --filter "label=esm.broker=$BROKER_ID" 2>/dev/null || true)
  [ -z "$services" ] || docker service rm $services >/dev/null 2>&1 || true
  for _ in $(seq 1 60); do
    [ -z "$(docker ps --all --quiet --filter "label=com.docker.stack.namespace=$STACK")$(docker ps --all --quiet --filter "label=esm.broker=$BROKER_ID")" ] && break
    sleep 1
  done
  local secrets networks volumes
  secrets=$(docker secret ls --quiet --filter "label=esm.broker=$BROKER_ID" 2>/dev/null || true)
  [ -z "$secrets" ] || docker secret rm $secrets >/dev/null 2>&1 || true
  networks=$(docker network ls --quiet --filter "label=esm.broker=$BROKER_ID" 2>/dev/null || true)
  [ -z "$networks" ] || docker network rm $networks >/dev/null 2>&1 || true
  for _ in $(seq 1 30); do
    [ -z "$(docker network ls --quiet --filter "label=com.docker.stack.namespace=$STACK")" ] && break
    sleep 1
  done
  volumes=$(docker volume ls --quiet --filter "label=esm.broker=$BROKER_ID" --filter "label=com.docker.stack.namespace=$STACK" 2>/dev/null || true)
  [ -z "$volumes" ] || docker volume rm $volumes >/dev/null 2>&1 || true
  docker volume rm "${STACK}_mongodb-data" >/dev/null 2>&1 || true
  rm -rf "$TMP"
}
trap cleanup EXIT

json() { python3 -c 'import json, sys; d = json.load(sys.stdin)
for k in sys.argv[1].split("."): d = d[int(k)] if isinstance(d, list) else d.get(k) if isinstance(d, dict) else None
print("" if d is None else d)' "$1"; }

# call REPLICA METHOD PATH [BODY]: an OSB request to one replica; sets $status and $body.
call() {
  local address=$1 method=$2 path=$3 data=${4:-}
  local args=(-sS -o "$TMP/body" -w '%{http_code}' -X "$method" -u "$ESM_BROKER_USERNAME:$ESM_BROKER_PASSWORD"
    -H 'X-Broker-API-Version: 2.17' --max-time 60)
  [ -z "$data" ] || args+=(-H 'Content-Type: application/json' --data "$data")
  status=$(curl "${args[@]}" "http://$address:8080$path") || status=000
  body=$(cat "$TMP/body" 2>/dev/null || true)
}
expect() { [ "$status" = "$1" ] || fail "$2: expected $1, got $status: $body"; }

# await_state REPLICA INSTANCE STATE SECONDS: polls last_operation until it reports STATE.
await_state() {
  local address=$1 instance=$2 wanted=$3 seconds=$4 state=""
  for _ in $(seq 1 "$seconds"); do
    call "$address" GET "/v2/service_instances/$instance/last_operation"
    if [ "$status" = 200 ]; then
      state=$(json state <<<"$body")
      [ "$state" = "$wanted" ] && return 0
      [ "$state" = failed ] && fail "instance $instance: the operation failed: $body"
    fi
    sleep 1
  done
  fail "instance $instance: not '$wanted' within $seconds s (last: $status $body)"
}

if [ "$(docker info --format '{{.Swarm.ControlAvailable}}' 2>/dev/null)" != true ]; then
  # Outside CI a developer may have no swarm: skipped (77), with the reason. Under CI, a failure.
  [ "${CI:-}" = true ] || { step "SKIPPED: the engine is not a swarm manager (run .ci/start-swarm.sh)"; exit 77; }
  fail "the engine is not a swarm manager (run .ci/start-swarm.sh)"
fi
docker image inspect "$IMAGE" >/dev/null 2>&1 || fail "no image $IMAGE (run .ci/build-image.sh first)"
docker image inspect "$BASE_IMAGE" >/dev/null 2>&1 || fail "no image $BASE_IMAGE (run .ci/build-image.sh first)"
docker image inspect esm-test/busybox:1 >/dev/null 2>&1 || fail "no image esm-test/busybox:1 (run .ci/install-docker.sh first)"
[ -f tools/mongo-emulator/node_modules/.package-lock.json ] || fail "the emulator is not installed (run .ci/install-mongo-emulator.sh first)"

# ---- the MongoDB wire server's image: this machine's node and the emulator on the runtime base ----
step "building $MONGO_IMAGE"
mkdir -p "$TMP/mongo"
cp "$(readlink -f "$(command -v node)")" "$TMP/mongo/node"
cp -r tools/mongo-emulator "$TMP/mongo/emulator"
cat >"$TMP/mongo/Dockerfile" <<EOF
FROM $BASE_IMAGE
COPY node /usr/local/bin/node
COPY emulator /opt/mongo-emulator
ENV ESM_MONGO_EMULATOR_HOST=0.0.0.0
EXPOSE 27017
USER 1654
CMD ["node", "/opt/mongo-emulator/server.mjs"]
EOF
DOCKER_BUILDKIT=0 docker build --quiet --label "$OWNER_LABEL" -t "$MONGO_IMAGE" "$TMP/mongo" >/dev/null 2>"$TMP/build.log" \
  || fail "docker build $MONGO_IMAGE: $(cat "$TMP/build.log")"

# ---- the stack, as deploy/esm-stack.yml has it, and what this test changes in a second file -----
cat >"$TMP/test.yml" <<EOF
services:
  esm:
    environment:
      ESM_CATALOG_DIR: /etc/esm/catalog
      # The emulator answers the driver's streaming heartbeat at once: poll instead (see README).
      ESM_MONGO_URI: mongodb://mongodb:27017/?serverMonitoringMode=poll
      # Short, so that the takeover of a dead replica's operation happens within the test.
      ESM_OPERATION_LEASE_SECONDS: "3"
    configs:
      - {source: service, target: /etc/esm/catalog/web/service.yaml, mode: 0444}
      - {source: web, target: /etc/esm/catalog/web/web.stack.yaml, mode: 0444}
      - {source: web-b, target: /etc/esm/catalog/web/web-b.stack.yaml, mode: 0444}
      - {source: crash, target: /etc/esm/catalog/web/crash.stack.yaml, mode: 0444}
      - {source: slow, target: /etc/esm/catalog/web/slow.stack.yaml, mode: 0444}
    deploy:
      # None while MongoDB starts, then 2 (a replica that finds no MongoDB exits, and this one
      # would not be restarted).
      replicas: \${ESM_TEST_REPLICAS}
      # A killed replica stays dead: the operation it ran can only be finished by the other.
      restart_policy:
        condition: none
configs:
  service: {file: $PWD/$CATALOG/service.yaml}
  web: {file: $PWD/$CATALOG/web.stack.yaml}
  web-b: {file: $PWD/$CATALOG/web-b.stack.yaml}
  crash: {file: $PWD/$CATALOG/crash.stack.yaml}
  slow: {file: $PWD/$CATALOG/slow.stack.yaml}
EOF
# The routing mesh's port (which this test does not use): any free one, not the 8080 a developer may run on.
host_port=$(python3 -c 'import socket; s = socket.socket(); s.bind(("", 0)); print(s.getsockname()[1])')
# deploy REPLICAS: deploys the stack with that many broker replicas (and returns at once).
deploy() {
  ESM_TEST_REPLICAS=$1 ESM_IMAGE=$IMAGE ESM_MONGO_IMAGE=$MONGO_IMAGE ESM_BROKER_ID=$BROKER_ID ESM_HOST_PORT=$host_port \
    DOCKER_GID=$(stat -c %g /var/run/docker.sock) \
    ESM_MONGO_NODE=$(docker node inspect self --format '{{.Description.Hostname}}') \
    docker stack deploy --compose-file deploy/esm-stack.yml --compose-file "$TMP/test.yml" \
      --resolve-image never --detach=true --quiet "$STACK" >"$TMP/deploy.log" 2>&1 \
    || fail "docker stack deploy: $(cat "$TMP/deploy.log")"
}
# gwbridge_address CONTAINER: the container's address on docker_gwbridge, which the host reaches.
gwbridge_address() {
  local id
  id=$(docker inspect --format '{{.Id}}' "$1")
  docker network inspect docker_gwbridge --format "{{range \$id, \$e := .Containers}}{{if eq \$id \"$id\"}}{{\$e.IPv4Address}}{{end}}{{end}}" | cut -d/ -f1
}

step "docker stack deploy $STACK (deploy/esm-stack.yml, image $IMAGE, broker id $BROKER_ID): MongoDB first"
deploy 0
mongo_ready=
for _ in $(seq 1 120); do
  mongo=$(docker ps --quiet --filter "label=com.docker.swarm.service.name=${STACK}_mongodb" | head -n 1)
  if [ -n "$mongo" ] && address=$(gwbridge_address "$mongo") && [ -n "$address" ] \
    && (exec 3<>"/dev/tcp/$address/27017") 2>/dev/null; then mongo_ready=1; break; fi
  sleep 1
done
[ -n "$mongo_ready" ] || fail "MongoDB did not listen within 120 s"
step "MongoDB listens; 2 broker replicas"
deploy 2

# ---- 1. two replicas, each answering on its own address ------------------------------------------
replicas=()
for _ in $(seq 1 120); do
  mapfile -t containers < <(docker ps --quiet --filter "label=com.docker.swarm.service.name=${STACK}_esm")
  if [ "${#containers[@]}" -eq 2 ]; then
    replicas=()
    for c in "${containers[@]}"; do
      address=$(gwbridge_address "$c")
      [ -n "$address" ] && curl -sf --max-time 2 "http://$address:8080/health/ready" >/dev/null && replicas+=("$c:$address")
    done
    [ "${#replicas[@]}" -eq 2 ] && break
  fi
  sleep 1
done
[ "${#replicas[@]}" -eq 2 ] || fail "2 ready replicas within 120 s (found ${#replicas[@]})"
A_CONTAINER=${replicas[0]%%:*} A=${replicas[0]#*:} B=${replicas[1]#*:}
step "replicas ready on $A and $B after $(( $(date +%s) - started )) s"

# ---- 2. one instance, through both replicas ------------------------------------------------------
instance="stack-$RUN_ID"
call "$A" PUT "/v2/service_instances/$instance?accepts_incomplete=true" \
  "{\"service_id\":\"$SERVICE\",\"plan_id\":\"swarm-web\",\"organization_guid\":\"org\",\"space_guid\":\"space\",\"parameters\":{\"greeting\":\"from-a\"}}"
expect 202 "provision through replica A"
provisioned=$(date +%s)
await_state "$B" "$instance" succeeded 180
step "provisioned through A, succeeded as seen by B after $(( $(date +%s) - provisioned )) s"
call "$B" GET "/v2/service_instances/$instance"
expect 200 "fetch through replica B"
[ "$(json parameters.greeting <<<"$body")" = from-a ] || fail "fetch through B: parameters not those given to A: $body"

call "$B" PATCH "/v2/service_instances/$instance?accepts_incomplete=true" \
  "{\"service_id\":\"$SERVICE\",\"parameters\":{\"greeting\":\"from-b\"}}"
expect 202 "update through replica B"
await_state "$A" "$instance" succeeded 180
call "$A" PUT "/v2/service_instances/$instance/service_bindings/b1" "{\"service_id\":\"$SERVICE\",\"plan_id\":\"swarm-web\"}"
expect 201 "bind through replica A"
uri=$(json credentials.uri <<<"$body")
greeting=$(curl -sf --max-time 10 "$uri") || fail "the bound endpoint $uri does not answer"
[ "$greeting" = from-b ] || fail "the bound endpoint serves '$greeting', not the greeting of the update through B"
step "updated through B, bound through A: $uri serves '$greeting'"
call "$B" DELETE "/v2/service_instances/$instance/service_bindings/b1?service_id=$SERVICE&plan_id=swarm-web"
expect 200 "unbind through replica B"
call "$B" DELETE "/v2/service_instances/$instance?service_id=$SERVICE&plan_id=swarm-web&accepts_incomplete=true"
expect 202 "deprovision through replica B"
for _ in $(seq 1 180); do
  call "$A" GET "/v2/service_instances/$instance/last_operation"
  [ "$status" = 410 ] && break
  sleep 1
done
[ "$status" = 410 ] || fail "deprovision: last_operation through A did not turn 410 within 180 s: $status $body"
[ -z "$(docker service ls --quiet --filter "label=esm.broker=$BROKER_ID")" ] || fail "deprovision left services behind"
step "deprovisioned through B, gone as seen by A"

# ---- 3. a replica killed in the middle of an operation -------------------------------------------
instance="stack-kill-$RUN_ID"
call "$A" PUT "/v2/service_instances/$instance?accepts_incomplete=true" \
  "{\"service_id\":\"$SERVICE\",\"plan_id\":\"swarm-slow\",\"organization_guid\":\"org\",\"space_guid\":\"space\"}"
expect 202 "provision of the slow plan through replica A"
docker kill "$A_CONTAINER" >/dev/null
killed=$(date +%s)
call "$B" GET "/v2/service_instances/$instance/last_operation"
expect 200 "last_operation through B right after A died"
[ "$(json state <<<"$body")" = "in progress" ] || fail "the operation was not in progress when A died: $body"
await_state "$B" "$instance" succeeded 180
step "replica A killed mid-provision; B finished the operation $(( $(date +%s) - killed )) s later"
b_task=$(docker ps --quiet --filter "label=com.docker.swarm.service.name=${STACK}_esm")
# Captured first: with pipefail, grep -q closing the pipe early would fail the step on SIGPIPE.
b_log=$(docker logs "$b_task" 2>&1)
[[ $b_log == *"Resuming 1 operations"* ]] || fail "replica B's log does not say it took the operation over"
call "$B" DELETE "/v2/service_instances/$instance?service_id=$SERVICE&plan_id=swarm-slow&accepts_incomplete=true"
expect 202 "deprovision of the slow instance through B"
for _ in $(seq 1 180); do
  call "$B" GET "/v2/service_instances/$instance/last_operation"
  [ "$status" = 410 ] && break
  sleep 1
done
[ "$status" = 410 ] || fail "deprovision of the slow instance did not finish within 180 s: $status $body"

step "passed in $(( $(date +%s) - started )) s"
