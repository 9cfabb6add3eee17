#!/usr/bin/env bash
# Import throughput and peak memory: the 36k real postings (platform CSV) and 1M synthetic candidates.
# usage: benches/import.sh [N_CANDIDATES]   (needs ../shared/data for the postings; prints a table)
set -euo pipefail
cd "$(dirname "$0")/.."
n=${1:-1000000}
cargo build --release -p bole-server -p bole-corpus >/dev/null
t=$(mktemp -d); trap 'rm -rf "$t"' EXIT
echo "load average: $(cut -d' ' -f1-3 /proc/loadavg)"
peak() { # command... → prints "seconds maxrss_kb"
  local s e; s=$(date +%s.%N)
  "$@" 2>"$t/err" >/dev/null & local pid=$! max=0
  while kill -0 $pid 2>/dev/null; do
    r=$(awk '/VmHWM/{print $2}' /proc/$pid/status 2>/dev/null || echo 0); [ "${r:-0}" -gt "$max" ] && max=$r; sleep 0.05
  done
  wait $pid || true; e=$(date +%s.%N)
  echo "$(echo "$e - $s" | bc) $max"
}
jobs=../shared/data/cn_jobs_jobhunting/jobs.csv
if [ -f "$jobs" ]; then
  read -r secs kb < <(peak target/release/bole --data "$t/d1" import jobs "$jobs")
  recs=$(target/release/bole --data "$t/d1" stats | python3 -c 'import json,sys;print(json.load(sys.stdin)["jobs"])')
  printf 'real postings (CSV)      %8d records %7.2f s %9.0f rec/s  peak RSS %6.1f MiB\n' "$recs" "$secs" "$(echo "$recs / $secs" | bc -l)" "$(echo "$kb/1024" | bc -l)"
fi
target/release/bole-gen candidates --n "$n" --seed 7 >"$t/c.jsonl"
read -r secs kb < <(peak target/release/bole --data "$t/d2" import candidates "$t/c.jsonl")
recs=$(target/release/bole --data "$t/d2" stats | python3 -c 'import json,sys;print(json.load(sys.stdin)["candidates"])')
printf 'synthetic candidates     %8d records %7.2f s %9.0f rec/s  peak RSS %6.1f MiB\n' "$recs" "$secs" "$(echo "$recs / $secs" | bc -l)" "$(echo "$kb/1024" | bc -l)"
