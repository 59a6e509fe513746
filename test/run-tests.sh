#!/usr/bin/env bash
# Runs the test projects (all of them, or those named) one after the other, each with its own result line, and
# ends with one plain line "N passed, N failed" totalled over all of them. Exit status 1 when anything failed.
# A project may be named with a test filter: test/Cdc.Binlog.Tests:FullyQualifiedName~.Unit. runs only those tests.
set -uo pipefail
cd "$(dirname "$0")/.."
eval "$(deploy/native/services.sh env 2>/dev/null)" || true
projects=("$@")
[ ${#projects[@]} -gt 0 ] || projects=(test/Cdc.Tests test/Cdc.Binlog.Tests test/Cdc.IntegrationTests)
passed=0 failed=0 status=0
for named in "${projects[@]}"; do
  project=${named%%:*}
  filter=()
  [ "$project" = "$named" ] || filter=(--filter "${named#*:}")
  name=$(basename "$project")${filter[1]:+ (${filter[1]})}
  log=$(mktemp)
  echo "== $name"
  dotnet test "$project" -c Release --no-build --nologo "${filter[@]}" 2>&1 | tee "$log" \
    | grep -E -A3 '^\s*Failed [A-Za-z]' | grep -vE '^\s+at ' || true
  grep -E '^(Passed|Failed)!' "$log" || true
  line=$(grep -E '^(Passed|Failed)!' "$log" | tail -1)
  p=$(sed -nE 's/.*Passed: *([0-9]+).*/\1/p' <<<"$line"); f=$(sed -nE 's/.*Failed: *([0-9]+).*/\1/p' <<<"$line")
  if [ -z "$line" ]; then
    echo "$name: the test run did not finish (see above)"; f=$((f + 1)); status=1
  fi
  passed=$((passed + ${p:-0})); failed=$((failed + ${f:-0}))
  [ "${f:-0}" -eq 0 ] || status=1
  rm -f "$log"
done
echo "${passed} passed, ${failed} failed"
exit $status
