#!/usr/bin/env bash
# Import benchmark through the gateway of a running stack (`make up`): signs in a fresh local account, uploads
# one export file, follows the job until it ends and prints the end-to-end rate and the peak RSS of the
# ingestion service (VmHWM; reset by restarting the service, so run it on a freshly started stack for a clean peak).
#
#   python3 deploy/bench/generate_export.py --records 250000 --out /tmp/export-250k.zip
#   bash deploy/bench/import-bench.sh /tmp/export-250k.zip
#
# ECHOTUNE_PORT_BASE and ECHOTUNE_DATA_DIR select the stack as for deploy/local/stack.sh.
set -euo pipefail
file=${1:?usage: import-bench.sh <export file> [account name]}
name=${2:-bench-$(date +%s)}
repo=$(cd "$(dirname "$0")/../.." && pwd)
data=${ECHOTUNE_DATA_DIR:-$repo/.data}
gateway=http://localhost:${ECHOTUNE_PORT_BASE:-8080}
pid=$(cat "$data/run/ingestion-service.pid")

token=$(curl -sf -X POST "$gateway/api/v1/auth/local" -H 'Content-Type: application/json' \
  -d "{\"displayName\":\"$name\"}" | jq -r .token)
auth=(-H "Authorization: Bearer $token")

started=$(date +%s.%N)
import_id=$(curl -sf "${auth[@]}" -F "file=@$file" "$gateway/api/v1/imports" | jq -r .importId)
uploaded=$(date +%s.%N)
while :; do
  job=$(curl -sf "${auth[@]}" "$gateway/api/v1/imports/$import_id")
  status=$(jq -r .status <<<"$job")
  [[ $status == COMPLETED || $status == FAILED ]] && break
  sleep 0.2
done
ended=$(date +%s.%N)
peak_kb=$(awk '/VmHWM/ {print $2}' "/proc/$pid/status")
jq -n --argjson job "$job" --arg file "$(basename "$file")" --arg started "$started" --arg uploaded "$uploaded" \
  --arg ended "$ended" --arg peak "$peak_kb" '
  (($ended|tonumber) - ($started|tonumber)) as $wall |
  {file: $file, status: $job.status, recordsRead: $job.recordsRead, recordsStored: $job.recordsStored,
   duplicates: $job.duplicates, rejected: $job.rejected,
   uploadSeconds: (((($uploaded|tonumber) - ($started|tonumber)) * 100 | round) / 100),
   endToEndSeconds: (($wall * 100 | round) / 100),
   recordsPerSecond: (($job.recordsRead / $wall) | round),
   ingestionPeakRssMb: (($peak|tonumber) / 1024 | round)}'
