#!/usr/bin/env bash
# Tests the service image built by .ci/build-image.sh (esm-dotnet:ci) and docker-compose.yml:
#   1. docker compose config: the compose file resolves with a test .env and refuses to without.
#   2. The image with the SQLite store (its default): the HEALTHCHECK turns healthy, the OSB
#      lifecycle through curl (catalog; sync and async provision on the demo catalog's dream plans;
#      last_operation; bind, fetch, unbind; deprovision), the process is not root, the docker CLI
#      and Compose v2 in it reach the engine through the mounted socket, and after a restart the
#      instances provisioned before it are still there.
#   3. The image with ESM_STORE=mongodb against the MongoDB wire emulator on 127.0.0.1:27017
#      (.ci/install-mongo-emulator.sh), when one listens: provision, restart, the instance is back.
# Every step checks its status code and stops the script with the response when it differs.
# Containers carry the label esm.ci.owner=esm-dotnet-ci and are removed at the end, whatever happens.
set -euo pipefail
cd "$(dirname "$0")/.."

IMAGE=${ESM_IMAGE:-esm-dotnet:ci}
STORE=${ESM_IMAGE_TEST_STORE:-sqlite}
MONGO_PORT=${ESM_MONGO_EMULATOR_PORT:-27017}
OWNER_LABEL=esm.ci.owner=esm-dotnet-ci
RUN_ID="$$-$(date +%s)"
BROKER_USER=ci-broker
BROKER_PASS="broker-$(head -c 12 /dev/urandom | od -An -tx1 | tr -d ' \n')"
ADMIN_USER=ci-admin
ADMIN_PASS="admin-$(head -c 12 /dev/urandom | od -An -tx1 | tr -d ' \n')"

step() { echo "test-image: $*"; }
CONTAINERS=()
TMP=$(mktemp -d /tmp/esm-test-image.XXXXXX)
cleanup() {
  local c
  for c in "${CONTAINERS[@]}"; do docker rm -f -v "$c" >/dev/null 2>&1 || true; done
  rm -rf "$TMP"
}
trap cleanup EXIT
CURRENT=""   # the container whose logs a failure shows
fail() {
  echo "test-image: FAILED: $*" >&2
  if [ -n "$CURRENT" ]; then
    echo "test-image: last lines of the log of $CURRENT:" >&2
    docker logs --tail 40 "$CURRENT" >&2 2>&1 || true
  fi
  exit 1
}
now() { date +%s; }
json() { python3 -c 'import json, sys; d = json.load(sys.stdin)
for k in sys.argv[1].split("."): d = d[int(k)] if isinstance(d, list) else d.get(k) if isinstance(d, dict) else None
print("" if d is None else d)' "$1"; }
started=$(now)

docker image inspect "$IMAGE" >/dev/null 2>&1 || fail "no image $IMAGE (run .ci/build-image.sh first)"

# The demo offering and its two plans, read from the catalog folder the image carries.
SERVICE=$(awk '/^id:/ { print $2; exit }' catalog/dream/service.yaml)
SMALL=$(awk '/^  - id:/ { id = $3 } /^    name: small$/ { print id }' catalog/dream/service.yaml)
LARGE=$(awk '/^  - id:/ { id = $3 } /^    name: large$/ { print id }' catalog/dream/service.yaml)
[ -n "$SERVICE" ] && [ -n "$SMALL" ] && [ -n "$LARGE" ] || fail "catalog/dream/service.yaml: offering or plans small/large not found"

# ---- 1. docker-compose.yml ---------------------------------------------------------------------
step "docker compose config (docker-compose.yml with a test .env)"
compose_env=(env -u ESM_BROKER_USERNAME -u ESM_BROKER_PASSWORD -u ESM_ADMIN_USERNAME -u ESM_ADMIN_PASSWORD -u DOCKER_GID)
cp .env.example "$TMP/test.env"
"${compose_env[@]}" docker compose --project-directory . --env-file "$TMP/test.env" -f docker-compose.yml config --format json >"$TMP/compose.json" 2>"$TMP/compose.err" \
  || fail "docker compose config with .env.example: $(cat "$TMP/compose.err")"
python3 - "$TMP/compose.json" <<'EOF' || fail "docker-compose.yml does not resolve to what it must"
import json, sys
c = json.load(open(sys.argv[1]))
esm, mongo = c["services"]["esm"], c["services"]["mongodb"]
env = esm["environment"]
checks = {
    "esm: ESM_STORE=mongodb": env.get("ESM_STORE") == "mongodb",
    "esm: ESM_MONGO_URI=mongodb://mongodb:27017": env.get("ESM_MONGO_URI") == "mongodb://mongodb:27017",
    "esm: credentials from the env file": env.get("ESM_BROKER_PASSWORD") == "change-me-broker-password" and env.get("ESM_ADMIN_PASSWORD") == "change-me-admin-password",
    "esm: waits for a healthy mongodb": esm["depends_on"]["mongodb"]["condition"] == "service_healthy",
    "esm: docker socket mounted": any(v.get("source") == "/var/run/docker.sock" and v.get("target") == "/var/run/docker.sock" for v in esm["volumes"]),
    "esm: in the socket's group": esm.get("group_add") == ["999"],
    "esm: port 8080 published": any(str(p.get("target")) == "8080" and str(p.get("published")) == "8080" for p in esm["ports"]),
    "esm: built from the Dockerfile with base image args": esm["build"]["args"].get("SDK_IMAGE", "").startswith("mcr.microsoft.com/dotnet/sdk") and "RUNTIME_IMAGE" in esm["build"]["args"],
    "esm: restart unless-stopped": esm.get("restart") == "unless-stopped",
    "mongodb: mongo:7": mongo["image"] == "mongo:7",
    "mongodb: named volume": any(v.get("type") == "volume" and v.get("target") == "/data/db" for v in mongo["volumes"]),
    "mongodb: mongosh healthcheck": "mongosh" in mongo["healthcheck"]["test"],
    "mongodb: restart unless-stopped": mongo.get("restart") == "unless-stopped",
}
bad = [name for name, ok in checks.items() if not ok]
for name in bad:
    print("  not so: " + name, file=sys.stderr)
sys.exit(1 if bad else 0)
EOF
grep -v '^ESM_BROKER_PASSWORD=' .env.example >"$TMP/missing.env"
if "${compose_env[@]}" docker compose --project-directory . --env-file "$TMP/missing.env" -f docker-compose.yml config -q >/dev/null 2>"$TMP/compose.err"; then
  fail "docker compose config accepted an env file without ESM_BROKER_PASSWORD"
fi
grep -q 'ESM_BROKER_PASSWORD' "$TMP/compose.err" || fail "a missing ESM_BROKER_PASSWORD is not named: $(cat "$TMP/compose.err")"
step "  ok: resolves with .env.example, refuses (naming it) without ESM_BROKER_PASSWORD"

# ---- helpers for a running container -------------------------------------------------------------
BASE=""
CALLER="$BROKER_USER:$BROKER_PASS"
# call EXPECTED_STATUS METHOD PATH [JSON_BODY]: an OSB call as the platform (as_operator call ...:
# as the operator); the body lands in $BODY.
as_operator() { local saved=$CALLER; CALLER="$ADMIN_USER:$ADMIN_PASS"; "$@"; CALLER=$saved; }
call() {
  local expect=$1 method=$2 path=$3 data=${4-} status
  local args=(-sS -o "$TMP/body" -w '%{http_code}' --max-time 60 -X "$method" -u "$CALLER"
              -H 'X-Broker-API-Version: 2.17' -H 'Content-Type: application/json')
  [ -n "$data" ] && args+=(--data "$data")
  status=$(curl "${args[@]}" "$BASE$path" 2>"$TMP/curl.err") || status="000 ($(cat "$TMP/curl.err"))"
  BODY=$(cat "$TMP/body" 2>/dev/null || true)
  [ "$status" = "$expect" ] || fail "$method $path: expected $expect, got $status: $BODY"
  echo "  $method $path -> $status"
}
# health_of CONTAINER: the HEALTHCHECK's verdict (starting, healthy, unhealthy) or the state.
health_of() { docker inspect -f '{{if .State.Running}}{{if .State.Health}}{{.State.Health.Status}}{{else}}running{{end}}{{else}}exited {{.State.ExitCode}}{{end}}' "$1"; }
# wait_healthy CONTAINER: until the image's own HEALTHCHECK says healthy (60 s at most).
wait_healthy() {
  local c=$1 t0 h
  t0=$(now)
  while :; do
    h=$(health_of "$c")
    case "$h" in
      healthy) step "  $c healthy after $(( $(now) - t0 )) s"; return 0 ;;
      exited*) fail "$c stopped ($h) before it was healthy" ;;
    esac
    [ $(( $(now) - t0 )) -lt 60 ] || fail "$c not healthy within 60 s (health: $h; last probe: $(docker inspect -f '{{range .State.Health.Log}}{{.ExitCode}} {{.Output}}{{end}}' "$c" | tail -n 1))"
    sleep 0.5
  done
}
# published_base CONTAINER: http://127.0.0.1:PORT of its 8080 (the host port changes on restart).
published_base() { echo "http://$(docker port "$1" 8080/tcp | grep -m1 '^127\.0\.0\.1:')"; }
# wait_state INSTANCE STATE: polls last_operation (60 s at most) until STATE; failed is fatal.
wait_state() {
  local id=$1 want=$2 t0 state
  t0=$(now)
  while :; do
    call 200 GET "/v2/service_instances/$id/last_operation" >/dev/null
    state=$(printf '%s' "$BODY" | json state)
    [ "$state" = "$want" ] && { echo "  last_operation of $id: $state after $(( $(now) - t0 )) s"; return 0; }
    [ "$state" = failed ] && fail "operation on $id failed: $BODY"
    [ $(( $(now) - t0 )) -lt 60 ] || fail "operation on $id still '$state' after 60 s"
    sleep 0.5
  done
}
# wait_gone INSTANCE: polls last_operation until 410 (an asynchronous deprovision has completed).
wait_gone() {
  local id=$1 t0 status
  t0=$(now)
  while :; do
    status=$(curl -sS -o "$TMP/body" -w '%{http_code}' --max-time 30 -u "$BROKER_USER:$BROKER_PASS" \
      -H 'X-Broker-API-Version: 2.17' "$BASE/v2/service_instances/$id/last_operation") || status=000
    [ "$status" = 410 ] && { echo "  last_operation of $id: 410 Gone after $(( $(now) - t0 )) s"; return 0; }
    [ "$status" = 200 ] || fail "last_operation of $id during deprovision: $status $(cat "$TMP/body")"
    grep -q '"failed"' "$TMP/body" && fail "deprovision of $id failed: $(cat "$TMP/body")"
    [ $(( $(now) - t0 )) -lt 60 ] || fail "deprovision of $id not done after 60 s"
    sleep 0.5
  done
}
provision_body() { # PLAN
  echo '{"service_id":"'"$SERVICE"'","plan_id":"'"$1"'","organization_guid":"ci-org","space_guid":"ci-space","context":{"platform":"cloudfoundry"},"parameters":{"theme":"sea","hours":2}}'
}
# run_broker NAME [docker run options...]: starts the image with the test credentials and the
# Docker socket (readiness includes the compose backend's engine), in the socket's group as
# docker-compose.yml's group_add does. The compose backend gets a broker id of its own: the
# engine is shared, and its orphan sweep must never see another broker's projects.
run_broker() {
  local name=$1; shift
  CONTAINERS+=("$name")
  CURRENT=$name
  docker run -d --name "$name" --label "$OWNER_LABEL" \
    -e ESM_BROKER_USERNAME="$BROKER_USER" -e ESM_BROKER_PASSWORD="$BROKER_PASS" \
    -e ESM_ADMIN_USERNAME="$ADMIN_USER" -e ESM_ADMIN_PASSWORD="$ADMIN_PASS" \
    -e ESM_COMPOSE_BROKER_ID="esm-image-ci-$RUN_ID" \
    -v /var/run/docker.sock:/var/run/docker.sock --group-add "$(stat -c %g /var/run/docker.sock)" \
    --health-interval=1s --health-start-period=60s \
    "$@" "$IMAGE" >/dev/null 2>"$TMP/run.err" || fail "docker run $IMAGE: $(cat "$TMP/run.err")"
}

# ---- 2. the image with the SQLite store ---------------------------------------------------------
NAME="esm-image-ci-$RUN_ID"
[ "$STORE" = memory ] && step "NOTE: ESM_IMAGE_TEST_STORE=memory: the restart check is skipped"
step "docker run $IMAGE with ESM_STORE=$STORE, the Docker socket mounted, on 127.0.0.1"
run_broker "$NAME" -e ESM_STORE="$STORE" -p 127.0.0.1::8080
wait_healthy "$NAME"
BASE=$(published_base "$NAME")
step "broker at $BASE"

step "health and authentication"
status=$(curl -sS -o /dev/null -w '%{http_code}' "$BASE/health/ready") ; [ "$status" = 200 ] || fail "/health/ready without credentials: $status"
status=$(curl -sS -o /dev/null -w '%{http_code}' "$BASE/health/live")  ; [ "$status" = 200 ] || fail "/health/live without credentials: $status"
status=$(curl -sS -o /dev/null -w '%{http_code}' -H 'X-Broker-API-Version: 2.17' "$BASE/v2/catalog"); [ "$status" = 401 ] || fail "catalog without credentials: $status, expected 401"
echo "  /health/ready, /health/live -> 200 without credentials; /v2/catalog without them -> 401"

step "OSB lifecycle"
call 200 GET /v2/catalog
for id in "$SERVICE" "$SMALL" "$LARGE"; do
  [[ $BODY == *"\"$id\""* ]] || fail "the catalog lacks $id: $BODY"
done
SYNC=ci-sync-$RUN_ID ASYNC=ci-async-$RUN_ID KEEP=ci-keep-$RUN_ID BIND=ci-app-$RUN_ID
call 201 PUT "/v2/service_instances/$SYNC" "$(provision_body "$SMALL")"
call 200 PUT "/v2/service_instances/$SYNC" "$(provision_body "$SMALL")"                 # idempotent re-send
call 200 GET "/v2/service_instances/$SYNC"
[ "$(printf '%s' "$BODY" | json plan_id)" = "$SMALL" ] || fail "fetched instance has another plan: $BODY"
call 201 PUT "/v2/service_instances/$SYNC/service_bindings/$BIND" '{"service_id":"'"$SERVICE"'","plan_id":"'"$SMALL"'","bind_resource":{"app_guid":"ci-app"}}'
[ -n "$(printf '%s' "$BODY" | json credentials)" ] || fail "binding without credentials: $BODY"
call 200 GET "/v2/service_instances/$SYNC/service_bindings/$BIND"
call 200 DELETE "/v2/service_instances/$SYNC/service_bindings/$BIND?service_id=$SERVICE&plan_id=$SMALL"
call 410 DELETE "/v2/service_instances/$SYNC/service_bindings/$BIND?service_id=$SERVICE&plan_id=$SMALL"
call 422 PUT "/v2/service_instances/$ASYNC" "$(provision_body "$LARGE")"                 # AsyncRequired
call 202 PUT "/v2/service_instances/$ASYNC?accepts_incomplete=true" "$(provision_body "$LARGE")"
wait_state "$ASYNC" succeeded
call 200 GET "/v2/service_instances/$ASYNC"
call 201 PUT "/v2/service_instances/$KEEP" "$(provision_body "$SMALL")"                  # kept across the restart
call 200 DELETE "/v2/service_instances/$SYNC?service_id=$SERVICE&plan_id=$SMALL"
call 410 DELETE "/v2/service_instances/$SYNC?service_id=$SERVICE&plan_id=$SMALL"
call 202 DELETE "/v2/service_instances/$ASYNC?service_id=$SERVICE&plan_id=$LARGE&accepts_incomplete=true"
wait_gone "$ASYNC"

step "the process is not root; docker and Compose v2 reach the engine from inside"
uid=$(docker exec "$NAME" awk '/^Uid:/ { print $2 }' /proc/1/status) || fail "reading the uid of PID 1"
[ -n "$uid" ] && [ "$uid" != 0 ] || fail "PID 1 runs as uid '$uid'"
echo "  PID 1 ($(docker exec "$NAME" cat /proc/1/comm)) runs as uid $uid (image user '$(docker inspect -f '{{.Config.User}}' "$IMAGE")')"
server=$(docker exec "$NAME" docker version --format '{{.Server.Version}}' 2>&1) || fail "docker CLI in the container cannot reach the engine as uid $uid: $server"
compose=$(docker exec "$NAME" docker compose version --short 2>&1) || fail "docker compose in the container: $compose"
echo "  engine $server reached through the socket; Compose $compose"

# The compose backend from inside the container: the operator registers an offering whose plan
# is a compose file (a busybox web server; esm-test/busybox:1 is built by .ci/install-docker.sh,
# nothing can be pulled here), the platform provisions it and binds, the test reaches the server
# at the binding's uri, and deprovisioning removes its containers.
if docker image inspect esm-test/busybox:1 >/dev/null 2>&1; then
  step "compose backend: an offering registered through /v2/et, run by docker compose from inside the container"
  WEB_SERVICE=ci-web-$RUN_ID WEB_PLAN=ci-web-plan-$RUN_ID WEB=ci-web-$RUN_ID
  as_operator call 201 PUT /v2/et/catalog '{"id":"'"$WEB_SERVICE"'","name":"'"$WEB_SERVICE"'","short_name":"ciweb","description":"CI web server","bindable":true,"plans":[{"id":"'"$WEB_PLAN"'","name":"web","description":"A busybox httpd"}]}'
  python3 -c '
import json, sys
compose = r"""services:
  web:
    image: esm-test/busybox:1
    init: true
    environment:
      GREETING: ${greeting}
    command: [sh, -c, "mkdir -p /www && printf %s \"$$GREETING\" > /www/greeting.txt && exec httpd -f -p 8080 -h /www"]
    ports: ["8080"]
    healthcheck:
      test: [CMD, sh, -c, "printf \"GET /greeting.txt HTTP/1.0\\r\\n\\r\\n\" | nc 127.0.0.1 8080 | grep -q \"200 OK\""]
      interval: 1s
      timeout: 2s
      retries: 30
"""
print(json.dumps({"service_id": sys.argv[1], "plan_id": sys.argv[2], "manifest_type": "docker-compose",
                  "manifest_content": compose,
                  "config": {"parameters": {"greeting": "hello"}, "secrets": [],
                             "credentials": {"uri": "http://${host}:${port:web:8080}/greeting.txt"}}}))
' "$WEB_SERVICE" "$WEB_PLAN" >"$TMP/manifest.json"
  as_operator call 201 PUT "/v2/et/manifest/$WEB_PLAN-manifest" "$(cat "$TMP/manifest.json")"
  call 202 PUT "/v2/service_instances/$WEB?accepts_incomplete=true" \
    '{"service_id":"'"$WEB_SERVICE"'","plan_id":"'"$WEB_PLAN"'","organization_guid":"ci-org","space_guid":"ci-space","parameters":{"greeting":"hello from '"$RUN_ID"'"}}'
  wait_state "$WEB" succeeded
  call 201 PUT "/v2/service_instances/$WEB/service_bindings/$BIND" '{"service_id":"'"$WEB_SERVICE"'","plan_id":"'"$WEB_PLAN"'"}'
  uri=$(printf '%s' "$BODY" | json credentials.uri)
  got=$(curl -sS --max-time 10 "$uri" 2>&1) || fail "the instance's server at '$uri': $got"
  [ "$got" = "hello from $RUN_ID" ] || fail "the instance's server at $uri answered '$got'"
  echo "  $uri -> '$got'"
  call 200 DELETE "/v2/service_instances/$WEB/service_bindings/$BIND?service_id=$WEB_SERVICE&plan_id=$WEB_PLAN"
  call 202 DELETE "/v2/service_instances/$WEB?service_id=$WEB_SERVICE&plan_id=$WEB_PLAN&accepts_incomplete=true"
  wait_gone "$WEB"
  left=$(docker ps -aq --filter "label=esm.broker=esm-image-ci-$RUN_ID")
  [ -z "$left" ] || fail "containers of the deprovisioned instance remain: $left"
  as_operator call 200 DELETE "/v2/et/manifest/$WEB_PLAN-manifest"
  as_operator call 200 DELETE "/v2/et/catalog?service_id=$WEB_SERVICE"
else
  step "compose backend skipped: no image esm-test/busybox:1 (.ci/install-docker.sh builds it)"
fi

if [ "$STORE" = memory ]; then
  step "restart check skipped: ESM_STORE=memory keeps nothing across a restart"
else
  docker exec "$NAME" test -s /data/esm.db || fail "no SQLite database at /data/esm.db"
  step "docker restart: the instance provisioned before it is still there"
  docker restart -t 20 "$NAME" >/dev/null || fail "docker restart"
  wait_healthy "$NAME"
  BASE=$(published_base "$NAME")
  call 200 GET "/v2/service_instances/$KEEP"
  [ "$(printf '%s' "$BODY" | json plan_id)" = "$SMALL" ] || fail "instance after restart: $BODY"
  call 410 DELETE "/v2/service_instances/$SYNC?service_id=$SERVICE&plan_id=$SMALL"       # and the deleted one stays deleted
  call 200 DELETE "/v2/service_instances/$KEEP?service_id=$SERVICE&plan_id=$SMALL"
fi

# ---- 3. the image with the MongoDB store ---------------------------------------------------------
if (exec 3<>"/dev/tcp/127.0.0.1/$MONGO_PORT") 2>/dev/null; then
  step "docker run $IMAGE with ESM_STORE=mongodb against the emulator on 127.0.0.1:$MONGO_PORT"
  port=$(python3 -c 'import socket; s = socket.socket(); s.bind(("127.0.0.1", 0)); print(s.getsockname()[1])')
  MNAME="esm-image-ci-mongo-$RUN_ID"
  # Host network (the emulator listens on the host's loopback), the broker on 127.0.0.1 only, and
  # a database of its own in the shared emulator.
  run_broker "$MNAME" --network host -e ESM_STORE=mongodb \
    -e ESM_MONGO_URI="mongodb://127.0.0.1:$MONGO_PORT/?serverMonitoringMode=poll" -e ESM_MONGO_DATABASE="esm-image-ci-$RUN_ID" \
    -e ESM_PORT="$port" -e ASPNETCORE_URLS="http://127.0.0.1:$port"
  wait_healthy "$MNAME"
  BASE="http://127.0.0.1:$port"
  call 200 GET /v2/catalog
  call 201 PUT "/v2/service_instances/$KEEP-m" "$(provision_body "$SMALL")"
  docker restart -t 20 "$MNAME" >/dev/null || fail "docker restart"
  wait_healthy "$MNAME"
  call 200 GET "/v2/service_instances/$KEEP-m"
  call 200 DELETE "/v2/service_instances/$KEEP-m?service_id=$SERVICE&plan_id=$SMALL"
else
  step "MongoDB store skipped: nothing listens on 127.0.0.1:$MONGO_PORT (.ci/install-mongo-emulator.sh starts the emulator)"
fi

CURRENT=""
step "passed in $(( $(now) - started )) s"
