#!/usr/bin/env bash
# A/B of two `bole` binaries under the load of run.sh, on one data directory, interleaved:
# A, B, A, B … each serving the same reads (candidate → jobs) at concurrency 16 and 64 with
# writes at 50/s. The machine is shared: only the ratio of the interleaved medians means much.
# usage: benches/load/ab.sh BOLE_A BOLE_B DATA_DIR [rounds] [seconds-per-level]
# DATA_DIR must hold an imported data set (run.sh with LOAD_DATA=DIR makes one). When the two builds'
# derived-file formats differ, give one directory per build as DIR_A,DIR_B (each imported by its own
# build); the first open of each builds its indexes before the measured rounds.
# The server keeps people's derived profiles between calls: LOAD_PRIME=1 asks for every person
# once after each start (unmeasured), to measure a server that has seen its people; without it,
# a server just started. LOAD_WARMUP=S sets the harness's warm-up at each level (default 3 s).
# Prints one JSON line per run, tagged with the binary and the load average.
set -euo pipefail
. "$(dirname "$0")/serve.sh"
a=$1; b=$2; data=$3; rounds=${4:-2}; secs=${5:-15}
data_a=${data%%,*}; data_b=${data#*,}
load=${LOAD_BIN:-target/release/bole-load}
pid=""
trap '[ -n "$pid" ] && kill -9 $pid 2>/dev/null || true' EXIT
run() { # binary tag
  local dir=$data_a
  [ "$2" = B ] && dir=$data_b
  start_bole "$1" "$dir" "/tmp/bole-ab-$2.log"
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
if [ "$data_a" != "$data_b" ]; then   # first opens (index builds) are not measured
  start_bole "$a" "$data_a" /tmp/bole-ab-prep.log; kill -TERM $pid; wait $pid || true
  start_bole "$b" "$data_b" /tmp/bole-ab-prep.log; kill -TERM $pid; wait $pid || true; pid=""
fi
for _ in $(seq "$rounds"); do
  run "$a" A
  run "$b" B
done
