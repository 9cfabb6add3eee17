#!/usr/bin/env bash
# Instructions per candidate → jobs call (`Engine::jobs_for_id`, the server's path), counted by
# valgrind's callgrind: repeatable whatever else the shared machine is running, where times are not.
# Each binary is a build of `match_cpu` (cargo build --release -p bole-benches --bin match_cpu);
# each makes 200 warm-up calls and CALLS more (`--by-id-only`), all counted; the binaries run one
# after the other.
# usage: benches/load/instructions.sh MATCH_CPU_A MATCH_CPU_B DATA_DIR [calls]
# DATA_DIR as for ab.sh. Takes about 3 minutes per binary. Prints one JSON line per binary.
set -euo pipefail
data=$3; calls=${4:-300}
for bin in "$1" "$2"; do
  out=$(mktemp)
  valgrind --tool=callgrind --callgrind-out-file="$out" --collect-atstart=no \
    '--toggle-collect=*Engine::jobs_for_id*' "$bin" --data "$data" --calls "$calls" --by-id-only >/dev/null 2>&1
  ir=$(callgrind_annotate "$out" 2>/dev/null | awk '/PROGRAM TOTALS/{gsub(",","",$1); print $1}')
  rm -f "$out"
  echo "{\"bin\":\"$bin\",\"calls\":$((calls + 200)),\"instructions\":$ir,\"per_call\":$((ir / (calls + 200)))}"
done
