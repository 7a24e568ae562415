#!/usr/bin/env bash
# Recommendation load benchmark against a running stack (docs/benchmarks.md, "Recommender"): 20 concurrent clients,
# each sending top-50 requests back to back (HttpLoadBenchmarkTest), run several times in a row; after each run, the
# latencies and each process's CPU per measured request (from /proc, sampled every 0.5 s during the measured phase).
#
#   ECHOTUNE_GATEWAY_RATE_LIMIT_SIGN_UPS_PER_ADDRESS_PER_HOUR=100000 \
#   ECHOTUNE_GATEWAY_RATE_LIMIT_REQUESTS_PER_USER_PER_MINUTE=1000000 make up
#   bash deploy/bench/recommend-bench.sh [runs] [gateway|direct] [jdk]
#
# Each run signs up 20 local accounts (hence the raised limits) and imports five real histories into the stack's
# MongoDB. The first runs after a start are slow while the JIT compiles; compare warm runs. `jdk` uses one JDK
# HttpClient per client as load generator instead of Vert.x. ECHOTUNE_PORT_BASE and ECHOTUNE_DATA_DIR select the
# stack as for deploy/local/stack.sh.
set -euo pipefail
runs=${1:-5}
mode=${2:-gateway}
client=${3:-vertx}
repo=$(cd "$(dirname "$0")/../.." && pwd)
data=${ECHOTUNE_DATA_DIR:-$repo/.data}
base=${ECHOTUNE_PORT_BASE:-8080}
[[ -f $data/env ]] || { echo "no running stack: $data/env is missing (make up first)" >&2; exit 1; }
url=http://localhost:$base
[[ $mode == direct ]] && url=http://localhost:$((base + 3))
set -a
# shellcheck disable=SC1091
. "$data/env"
set +a
# Maven runs the benchmark on the JDK the stack runs on (the system's default may be older than the build needs).
stack_java=$(readlink -f "/proc/$(cat "$data/run/recommender-service.pid")/exe")
export JAVA_HOME=${stack_java%/bin/java}
report=$repo/recommender-service/target/surefire-reports/TEST-io.echotune.recommender.eval.HttpLoadBenchmarkTest.xml
samples=$(mktemp)
trap 'rm -f "$samples"' EXIT

sample_cpu() {   # every 0.5 s: "T <epoch ms>" then "<process> <utime+stime ticks>" for the stack and the benchmark
  exec python3 - "$data/run" "$samples" <<'PY'
import os, sys, time
run, out = sys.argv[1], open(sys.argv[2], 'w')
pids = {f[:-4]: open(os.path.join(run, f)).read().strip() for f in os.listdir(run) if f.endswith('.pid')}
while True:
    ticks = {}
    for name, pid in pids.items():
        try:
            ticks[name] = sum(int(x) for x in open(f'/proc/{pid}/stat').read().rsplit(')', 1)[1].split()[11:13])
        except (OSError, ValueError):
            pass
    for pid in filter(str.isdigit, os.listdir('/proc')):
        try:
            if b'surefire' in open(f'/proc/{pid}/cmdline', 'rb').read():
                st = open(f'/proc/{pid}/stat').read().rsplit(')', 1)[1].split()
                ticks['benchmark clients'] = ticks.get('benchmark clients', 0) + int(st[11]) + int(st[12])
        except OSError:
            pass
    out.write(f"T {int(time.time() * 1000)}\n" + ''.join(f"{k}\t{v}\n" for k, v in ticks.items()))
    out.flush()
    time.sleep(0.5)
PY
}

for run in $(seq 1 "$runs"); do
  sample_cpu & sampler=$!
  status=0
  "$repo/mvnw" -o -B -q -f "$repo/pom.xml" -pl recommender-service test -Dtest=HttpLoadBenchmarkTest \
    -Dsurefire.failIfNoSpecifiedTests=false -Dbench.url="$url" -Dbench.mode="$mode" -Dbench.client="$client" \
    >/dev/null 2>&1 || status=$?
  kill "$sampler" 2>/dev/null; wait "$sampler" 2>/dev/null || true
  line=$(grep -o '\(through the gateway\|direct to the service\)[^<]*' "$report" 2>/dev/null | head -1 || true)
  if [[ $status -ne 0 || -z $line ]]; then
    echo "run $run failed; see $repo/recommender-service/target/surefire-reports" >&2
    exit 1
  fi
  echo "run $run: ${line%% (load average*}"
  python3 - "$samples" "$line" <<'PY'
import re, sys
frm, to = map(int, re.search(r'measured from (\d+) to (\d+)', sys.argv[2]).groups())
snaps = []
for l in open(sys.argv[1]):
    if l.startswith('T '):
        snaps.append((int(l.split()[1]), {}))
    elif snaps and '\t' in l:
        k, v = l.rstrip('\n').split('\t')
        snaps[-1][1][k] = int(v)
a = min(snaps, key=lambda s: abs(s[0] - frm))
b = min(snaps, key=lambda s: abs(s[0] - to))
secs = (b[0] - a[0]) / 1000
requests = 2000 * secs / ((to - frm) / 1000)   # the share of the 2,000 measured requests inside the sampled span
busy = {k: b[1][k] - a[1].get(k, 0) for k in b[1] if b[1][k] - a[1].get(k, 0) > 1}
print('  CPU per measured request: ' + ', '.join(f'{k} {v * 10 / requests:.2f} ms'
      for k, v in sorted(busy.items(), key=lambda kv: -kv[1])))
PY
done
