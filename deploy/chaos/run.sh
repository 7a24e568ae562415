#!/usr/bin/env bash
# `make chaos`: the fault scenarios of docs/reliability.md against the local stack. Starts the stack (stack.sh up,
# idempotent) with the sign-up and anonymous limits raised (every scenario user signs up from 127.0.0.1), makes the
# two exports once (deploy/bench/generate_export.py: real extended records with shifted times; CHAOS_BIG_RECORDS,
# default 250000, and CHAOS_SMALL_RECORDS, default 50000), then runs ChaosIT (gateway-service, failsafe), which kills
# and restarts processes by the pids in the stack's pid files and checks the stores. Prints the report
# (gateway-service/target/chaos-report.md) and exits non-zero on any violation.
#
# ECHOTUNE_DATA_DIR and the ECHOTUNE_*_PORT variables select the stack as for deploy/local/stack.sh. The scenarios
# kill processes of that stack: never point it at a stack someone else is using.
set -euo pipefail
repo=$(cd "$(dirname "$0")/../.." && pwd)
data=${ECHOTUNE_DATA_DIR:-$repo/.data}
[[ $data == /* ]] || data=$PWD/$data
export ECHOTUNE_DATA_DIR=$data
export ECHOTUNE_GATEWAY_RATE_LIMIT_SIGN_UPS_PER_ADDRESS_PER_HOUR=${ECHOTUNE_GATEWAY_RATE_LIMIT_SIGN_UPS_PER_ADDRESS_PER_HOUR:-1000}
export ECHOTUNE_GATEWAY_RATE_LIMIT_ANONYMOUS_PER_ADDRESS_PER_MINUTE=${ECHOTUNE_GATEWAY_RATE_LIMIT_ANONYMOUS_PER_ADDRESS_PER_MINUTE:-100000}
export ECHOTUNE_GATEWAY_RATE_LIMIT_FAILED_AUTH_PER_ADDRESS_PER_MINUTE=${ECHOTUNE_GATEWAY_RATE_LIMIT_FAILED_AUTH_PER_ADDRESS_PER_MINUTE:-100000}
# CHAOS_SCENARIOS=<method pattern> runs only some, e.g. 'kafka*+ingestion*' (failsafe's -Dit.test=ChaosIT#...).
scenarios=${CHAOS_SCENARIOS:+#$CHAOS_SCENARIOS}
# CHAOS_KAFKA_OUTAGE_SECONDS: how long the Kafka scenario keeps the broker away (default 30; above 60 the clients'
# commit and send timeouts expire during the outage).
kafka_outage=${CHAOS_KAFKA_OUTAGE_SECONDS:-30}
# The MongoDB stand-in holds every document a query matches on its heap (docs/operations.md): with several users of
# 250,000 records, the insights snapshot build and the taste-profile rebuild of one of them at once took more than
# the default 1g (OutOfMemoryError in logs/mongo.log); 4g made it the largest process on a shared 24 GiB machine and
# the kernel's OOM killer took it. Real MongoDB streams; this is for the stand-in only, applied when it (re)starts.
export ECHOTUNE_MONGO_HEAP=${ECHOTUNE_MONGO_HEAP:-2g}
big_records=${CHAOS_BIG_RECORDS:-250000}
small_records=${CHAOS_SMALL_RECORDS:-50000}

say() { printf '[chaos] %s\n' "$*"; }

"$repo/deploy/local/stack.sh" up
set -a
# shellcheck disable=SC1091
. "$data/env"
set +a

exports=$data/chaos
mkdir -p "$exports"
for records in "$big_records" "$small_records"; do
  file=$exports/export-$records.zip
  [[ -s $file ]] || python3 "$repo/deploy/bench/generate_export.py" --records "$records" --out "$file" >/dev/null
done
say "exports: $exports/export-$big_records.zip, $exports/export-$small_records.zip"

# The JDK the stack chose (>= 21); the wrapper needs it too.
if [[ -z ${JAVA_HOME:-} || ! -x $JAVA_HOME/bin/java ]]; then
  JAVA_HOME=$(dirname "$(dirname "$(readlink -f "$(tr '\0' '\n' <"/proc/$(cat "$data/run/gateway-service.pid")/cmdline" | head -n 1)")")")
  export JAVA_HOME
fi
rc=0
(cd "$repo" && ./mvnw -B -pl commons,gateway-service test-compile failsafe:integration-test failsafe:verify \
  -Dwebapp.skip=true -DskipITs=false "-Dit.test=ChaosIT$scenarios" -Dfailsafe.failIfNoSpecifiedTests=false \
  "-Dfleet.url=http://localhost:${ECHOTUNE_PORT_BASE:-8080}" "-Dchaos.data.dir=$data" "-Dchaos.kafka.outage.seconds=$kafka_outage" \
  "-Dchaos.export.big=$exports/export-$big_records.zip" "-Dchaos.export.small=$exports/export-$small_records.zip") || rc=$?
report=$repo/gateway-service/target/chaos-report.md
echo
if [[ -f $report ]]; then
  say "summary ($report):"
  grep -E '^(###|- \*\*VIOLATION)' "$report" | sed 's/^/[chaos]   /'
fi
if ((rc != 0)); then
  say "FAILED: a scenario found a violation or could not run (exit $rc; details above and in $report)"
  exit "$rc"
fi
say "every scenario passed"
