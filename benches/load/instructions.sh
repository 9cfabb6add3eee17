#!/usr/bin/env bash
# Instructions per candidate → jobs call (`Engine::jobs_for_id`, the server's path), counted by
# valgrind's callgrind: repeatable whatever else the shared machine is running, where times are not.
# Each binary is a build of `match_cpu` (cargo build --release -p bole-benches --bin match_cpu);
# each makes 200 warm-up calls and CALLS more (`--by-id-only`), all counted; the binaries run one
# after the other.
# SEEN=1: every sampled person is asked once first (`--seen`) and only the CALLS after it are
# counted: a server that has seen its people (it keeps their derived profiles between calls).
# usage: benches/load/instructions.sh MATCH_CPU_A MATCH_CPU_B DATA_DIR [calls]
# DATA_DIR as for ab.sh. Takes about 3 minutes per binary. Prints one JSON line per binary.
set -euo pipefail
data=$3; calls=${4:-300}
if [ -n "${SEEN:-}" ]; then toggle='*match_cpu::counted*'; extra=--seen; counted=$calls
else toggle='*Engine::jobs_for_id*'; extra=; counted=$((calls + 200)); fi
for bin in "$1" "$2"; do
  out=$(mktemp)
  valgrind --tool=callgrind --callgrind-out-file="$out" --collect-atstart=no \
    "--toggle-collect=$toggle" "$bin" --data "$data" --calls "$calls" --by-id-only $extra >/dev/null 2>&1
  ir=$(callgrind_annotate "$out" 2>/dev/null | awk '/PROGRAM TOTALS/{gsub(",","",$1); print $1}')
  rm -f "$out"
  echo "{\"bin\":\"$bin\",\"seen\":\"${SEEN:-}\",\"calls\":$counted,\"instructions\":$ir,\"per_call\":$((ir / counted))}"
done
