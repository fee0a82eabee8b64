#!/usr/bin/env bash
# The whole test matrix in one command (the tox equivalent), ending with one summary table:
#   all      dotnet test: every suite, API on the in-memory store, every store's contract suite,
#            the Docker Compose backend, the browser and client-sample tests
#   sqlite   the API, backend and hostile-input suites again on the SQLite store (the swarm
#            backend's suite aside: the store it runs on in production, MongoDB, has its cell)
#   mongodb  the API, backend and hostile-input suites again on the MongoDB store
#   image    the container image built from the Dockerfile and driven with curl (.ci/build-image.sh)
#   stack    deploy/esm-stack.yml on the swarm with that image: 2 replicas, one killed mid-operation
# The services the cells need are started by .ci/run (or by you: see README). Exit status: 0 when
# no cell failed.
set -uo pipefail
cd "$(dirname "$0")"

api_filter='FullyQualifiedName~Esm.Service.Tests.Broker|FullyQualifiedName~Esm.Service.Tests.Operator|FullyQualifiedName~Esm.Service.Tests.Http|FullyQualifiedName~Esm.Service.Tests.Endpoints|FullyQualifiedName~Esm.Service.Tests.Health|FullyQualifiedName~Esm.Service.Tests.Backends|FullyQualifiedName~Esm.Service.Tests.Hostile'
rows=()
total_passed=0 total_failed=0 total_skipped=0 failed_cells=0

# run_cell NAME COMMAND...: runs a dotnet test command, shows its output, records its counts.
run_cell() {
  local name=$1; shift
  local log started status passed failed skipped
  log=$(mktemp)
  started=$(date +%s)
  echo "=== $name: $*"
  "$@" 2>&1 | tee "$log"
  status=${PIPESTATUS[0]}
  read -r passed failed skipped < <(awk -F'[:,]' '/(Passed|Failed)! +- Failed:/ {
      for (i = 1; i <= NF; i++) { gsub(/ /, "", $i)
        if ($i ~ /Failed$/ && $(i+1) ~ /^ *[0-9]+$/) f += $(i+1)
        if ($i == "Passed") p += $(i+1)
        if ($i == "Skipped") s += $(i+1) } }
    END { print p + 0, f + 0, s + 0 }' "$log")
  record "$name" "$status" "$passed" "$failed" "$skipped" $(( $(date +%s) - started ))
}

# run_step NAME COMMAND...: a non-test step (the image) counts as one test; exit status 77 means
# it was skipped (what it needs is absent, outside CI).
run_step() {
  local name=$1; shift
  local started status
  started=$(date +%s)
  echo "=== $name: $*"
  "$@"
  status=$?
  if [ "$status" -eq 0 ]; then record "$name" 0 1 0 0 $(( $(date +%s) - started ))
  elif [ "$status" -eq 77 ]; then record "$name" 0 0 0 1 $(( $(date +%s) - started ))
  else record "$name" "$status" 0 1 0 $(( $(date +%s) - started )); fi
}

record() {
  local name=$1 status=$2 passed=$3 failed=$4 skipped=$5 seconds=$6 result=ok
  if [ "$status" -ne 0 ] || [ "$failed" -gt 0 ]; then result=FAILED
  elif [ "$passed" -eq 0 ]; then result=skipped; [ "$skipped" -gt 0 ] || result=FAILED; fi
  [ "$result" != FAILED ] || failed_cells=$((failed_cells + 1))
  rows+=("$(printf '%-10s %8s %8s %8s %8s  %s' "$name" "$passed" "$failed" "$skipped" "$seconds" "$result")")
  total_passed=$((total_passed + passed)); total_failed=$((total_failed + failed)); total_skipped=$((total_skipped + skipped))
}

dotnet build --nologo -v quiet || { echo "the build failed"; exit 1; }
run_cell all dotnet test --no-build
run_cell sqlite env ESM_TEST_STORE=sqlite dotnet test tests/Esm.Service.Tests --no-build --filter "($api_filter)&FullyQualifiedName!~Esm.Service.Tests.Backends.DockerSwarm"
run_cell mongodb env ESM_TEST_STORE=mongodb dotnet test tests/Esm.Service.Tests --no-build --filter "$api_filter"
if [ -f .ci/build-image.sh ]; then
  run_step image bash -c 'bash .ci/build-image.sh && bash .ci/test-image.sh'
fi
if [ -f .ci/test-stack.sh ]; then
  run_step stack bash .ci/test-stack.sh
fi

echo
printf '%-10s %8s %8s %8s %8s  %s\n' cell passed failed skipped seconds result
printf '%s\n' "${rows[@]}"
echo
echo "$total_passed passed, $total_failed failed, $total_skipped skipped"
[ "$failed_cells" -eq 0 ]
