#!/usr/bin/env bash
# `make load`: the Gatling simulation of realistic listeners (src/test/java/io/echotune/load/ListenerSimulation.java)
# against a running stack, with the resident memory of every process of that stack before and after.
#
#   LOAD_USERS=10 LOAD_MINUTES=5 make load            # against `make up` (http://localhost:8080, .data/)
#   ECHOTUNE_DATA_DIR=/tmp/x ECHOTUNE_PORT_BASE=35080 make load
#
# Start the stack with the sign-up limit raised, since every virtual user signs up from 127.0.0.1:
#   ECHOTUNE_GATEWAY_RATE_LIMIT_SIGN_UPS_PER_ADDRESS_PER_HOUR=100000 make up
# The HTML report lands in deploy/load/target/gatling/<run>/index.html; memory in deploy/load/target/rss-*.txt.
set -euo pipefail
HERE=$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)
REPO=$(cd "$HERE/../.." && pwd)
DATA_DIR=${ECHOTUNE_DATA_DIR:-$REPO/.data}
URL=http://localhost:${ECHOTUNE_PORT_BASE:-8080}
USERS=${LOAD_USERS:-10}
MINUTES=${LOAD_MINUTES:-5}
SHARED=${ECHOTUNE_SHARED_DATA:-$(cd "$REPO/.." && pwd)/shared/data}

rss() { # label
  local out=$HERE/target/rss-$1.txt f pid
  mkdir -p "$HERE/target"
  : >"$out"
  for f in "$DATA_DIR"/run/*.pid; do
    [[ -f $f ]] || continue
    read -r pid <"$f" || continue
    [[ -d /proc/$pid ]] || continue
    printf '%-22s %8d KiB\n' "$(basename "$f" .pid)" "$(awk '/^VmRSS/ {print $2}' "/proc/$pid/status")" >>"$out"
  done
  echo "[load] resident memory $1 ($out):"
  sed 's/^/    /' "$out"
}

 # the simulation needs Java 21+: JAVA_HOME if new enough, else the newest JDK under /usr/lib/jvm
if ! "${JAVA_HOME:-/nonexistent}/bin/java" -version 2>&1 | grep -qE 'version "(2[1-9]|[3-9][0-9])'; then
  JAVA_HOME=$(for d in /usr/lib/jvm/*/; do "$d/bin/java" -version 2>&1 | grep -qE 'version "(2[1-9]|[3-9][0-9])' && echo "${d%/}"; done | tail -1)
  export JAVA_HOME
fi

curl -fsS "$URL/q/health/ready" >/dev/null || { echo "[load] nothing ready at $URL: start the stack first (make up)" >&2; exit 1; }
rss before
"$REPO/mvnw" -B -q -f "$HERE/pom.xml" test-compile dependency:build-classpath -Dmdep.includeScope=test \
  "-Dmdep.outputFile=$HERE/target/classpath.txt"
# Gatling reads String internals by reflection (java.lang must be opened to it on Java 17+).
"$JAVA_HOME/bin/java" -Xmx1g --add-opens java.base/java.lang=ALL-UNNAMED \
  -cp "$HERE/target/test-classes:$(cat "$HERE/target/classpath.txt")" \
  "-Dload.url=$URL" "-Dload.users=$USERS" "-Dload.minutes=$MINUTES" "-Dload.data=$SHARED" \
  io.gatling.app.Gatling --simulation io.echotune.load.ListenerSimulation --results-folder "$HERE/target/gatling"
rss after
newest=""
for run in "$HERE"/target/gatling/*/; do
  [[ -z $newest || $run -nt $newest ]] && newest=$run
done
echo "[load] report: ${newest}index.html"
