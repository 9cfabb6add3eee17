#!/usr/bin/env bash
# Load test of `bole serve` on loopback: 36k real postings, 100k synthetic candidates, reads of
# GET /v1/candidates/{id}/matches at concurrency 16 and 64 while writes arrive at 50/s.
# usage: benches/load/run.sh [seconds-per-level]   (from the repository root)
# Needs /work/shared/data/cn_jobs_jobhunting/jobs.csv (or JOBS_CSV=...). Prints one JSON line per level.
set -euo pipefail
. "$(dirname "$0")/serve.sh"
secs=${1:-20}
jobs_csv=${JOBS_CSV:-/work/shared/data/cn_jobs_jobhunting/jobs.csv}
cargo build --release -p bole-server --bin bole -p bole-corpus --bin bole-gen -p bole-benches --bin bole-load >&2
work=$(mktemp -d); pid=""
trap '[ -n "$pid" ] && kill -9 $pid 2>/dev/null; rm -rf "$work"' EXIT
B=target/release
# LOAD_DATA=DIR keeps the data directory (and its built indexes) for the next run.
data=${LOAD_DATA:-$work/d}
if [ ! -e "$data/records.redb" ]; then
  $B/bole-gen candidates --n 100000 --seed 7 >"$work/cands.jsonl"
  $B/bole --data "$data" import jobs "$jobs_csv" >&2 || true   # rejected lines are reported, not fatal
  $B/bole --data "$data" import candidates "$work/cands.jsonl" >&2
fi
t0=$(date +%s)
start_bole $B/bole "$data" "$work/srv.log"
echo "server up after $(( $(date +%s) - t0 ))s (index build at first open)" >&2
for c in 16 64; do
  $B/bole-load --addr 127.0.0.1:$port --candidates 100000 --seed 7 --concurrency $c --seconds "$secs" \
    --writes 50 --key loadkey --server-pid $pid
done
grep VmHWM /proc/$pid/status >&2
