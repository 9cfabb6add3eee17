#!/usr/bin/env bash
# A/B of two `bole` binaries under the load of run.sh, on one data directory, interleaved:
# A, B, A, B … each serving the same reads (candidate → jobs) at concurrency 16 and 64 with
# writes at 50/s. The machine is shared: only the ratio of the interleaved medians means much.
# usage: benches/load/ab.sh BOLE_A BOLE_B DATA_DIR [rounds] [seconds-per-level]
# DATA_DIR must hold an imported data set (run.sh with LOAD_DATA=DIR makes one).
# The server keeps people's derived profiles between calls: LOAD_PRIME=1 asks for every person
# once after each start (unmeasured), to measure a server that has seen its people; without it,
# a server just started. LOAD_WARMUP=S sets the harness's warm-up at each level (default 3 s).
# Prints one JSON line per run, tagged with the binary and the load average.
set -euo pipefail
. "$(dirname "$0")/serve.sh"
a=$1; b=$2; data=$3; rounds=${4:-2}; secs=${5:-15}
load=${LOAD_BIN:-target/release/bole-load}
pid=""
trap '[ -n "$pid" ] && kill -9 $pid 2>/dev/null || true' EXIT
run() { # binary tag
  start_bole "$1" "$data" "/tmp/bole-ab-$2.log"
  if [ -n "${LOAD_PRIME:-}" ]; then
    $load --addr 127.0.0.1:$port --candidates 100000 --seed 7 --concurrency 16 --seconds 1 \
      --warmup 0 --writes 0 --prime >/dev/null
  fi
  for c in 16 64; do
    local la out
    la=$(cut -d' ' -f1-3 /proc/loadavg)
    out=$($load --addr 127.0.0.1:$port --candidates 100000 --seed 7 --concurrency $c --seconds "$secs" \
      --warmup "${LOAD_WARMUP:-3}" --writes 50 --key loadkey --server-pid $pid)
    echo "{\"bin\":\"$2\",\"load\":\"$la\",\"run\":$out}"
  done
  kill -TERM $pid; wait $pid || true; pid=""
}
for _ in $(seq "$rounds"); do
  run "$a" A
  run "$b" B
done
