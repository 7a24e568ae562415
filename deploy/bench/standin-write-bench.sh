#!/usr/bin/env bash
# Insert rate and file size of the MongoDB stand-in (H2 file): the library's plain H2 backend vs the stack's
# StandInBackend, unordered vs ordered listening_history ids (ordered-keys: ordered play keys as well).
# usage: deploy/bench/standin-write-bench.sh [documents per run, default 40000] [backend:ids ...]   (needs `make build` once)
set -euo pipefail
repo=$(cd "$(dirname "$0")/../.." && pwd)
java=${JAVA_HOME:+$JAVA_HOME/bin/}java
m2=${MAVEN_REPO:-$HOME/.m2/repository}/org/mongodb
# shellcheck disable=SC2012 # Maven repository paths (no spaces or newlines); ls also fails when a jar is missing
driver=$(ls "$m2"/mongodb-driver-sync/*/mongodb-driver-sync-*.jar "$m2"/mongodb-driver-core/*/mongodb-driver-core-*.jar \
  "$m2"/bson/*/bson-[0-9]*.jar | tr '\n' ':')
[[ -d $repo/deploy/local/target/lib ]] || { echo "build first: make build" >&2; exit 1; }
exec "$java" -Xmx1g -cp "$repo/deploy/local/target/lib/*:$repo/deploy/local/target/echotune-local-stack.jar:$driver" "$repo/deploy/bench/StandInWriteBench.java" "$@" \
  2> >(grep -v -E 'INFO|WARN|SLF4J' >&2)
