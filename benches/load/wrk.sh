#!/usr/bin/env bash
# The load of run.sh with an independent client: wrk (Debian's package, epoll, written in C) sends
# the reads — GET /v1/candidates/{id}/matches?top=10 for random people of `bole-gen candidates
# --seed 7` — at concurrency 16 and 64, while bole-load sends only the writes (50/s, as in run.sh).
# A cross-check that bole-load's own figures do not flatter the server.
# usage: benches/load/wrk.sh DATA_DIR [seconds-per-level]   (from the repository root)
# DATA_DIR: a data directory run.sh made (LOAD_DATA=DIR benches/load/run.sh). BOLE_BIN and
# LOAD_BIN choose the binaries (default target/release/bole and bole-load).
# Prints one JSON line per level: wrk's requests/s and latency percentiles, the writes' figures.
set -euo pipefail
. "$(dirname "$0")/serve.sh"
data=$1; secs=${2:-15}
bole=${BOLE_BIN:-target/release/bole}; load=${LOAD_BIN:-target/release/bole-load}
command -v wrk >/dev/null || { apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq wrk >/dev/null; }
work=$(mktemp -d); pid=""; wpid=""
trap '[ -n "$pid" ] && kill -9 $pid 2>/dev/null; [ -n "$wpid" ] && kill $wpid 2>/dev/null; rm -rf "$work"' EXIT
cat >"$work/reads.lua" <<'LUA'
-- Each wrk thread draws its own sequence of people (seeded from its number).
local n = 0
function setup(thread) n = n + 1; thread:set("seed", n) end
function init(args) math.randomseed(seed * 7919) end
function request()
  return wrk.format("GET", "/v1/candidates/c-7-" .. math.random(0, 99999) .. "/matches?top=10")
end
LUA
start_bole "$bole" "$data" "$work/srv.log"
url="http://127.0.0.1:$port"
ms() { # wrk latency ("812.00us", "3.21ms", "1.02s") → milliseconds
  python3 -c 'import sys,re;v=sys.argv[1];m=re.fullmatch(r"([\d.]+)(us|ms|s|m)",v);f={"us":1e-3,"ms":1,"s":1e3,"m":6e4}[m[2]];print(round(float(m[1])*f,3))' "$1"
}
for c in 16 64; do
  wrk -t2 -c$c -d3s -s "$work/reads.lua" "$url" >/dev/null   # warm-up, unmeasured
  # Writes for the whole measured window (bole-load's own 1 s warm-up overlaps wrk's start).
  $load --addr 127.0.0.1:$port --concurrency 0 --seconds "$secs" --warmup 1 --writes 50 \
    --key loadkey --server-pid $pid >"$work/writes.json" & wpid=$!
  sleep 1
  wrk -t2 -c$c -d${secs}s --latency -s "$work/reads.lua" "$url" >"$work/wrk.txt"
  wait $wpid; wpid=""
  rps=$(awk '/Requests\/sec/ {print $2}' "$work/wrk.txt")
  p50=$(ms "$(awk '$1=="50%" {print $2}' "$work/wrk.txt")")
  p99=$(ms "$(awk '$1=="99%" {print $2}' "$work/wrk.txt")")
  errs=$(awk '/Socket errors|Non-2xx/ {printf "%s ", $0}' "$work/wrk.txt")
  la=$(cut -d' ' -f1-3 /proc/loadavg)
  echo "{\"client\":\"wrk\",\"concurrency\":$c,\"load\":\"$la\",\"reads_per_s\":$rps,\"read_p50_ms\":$p50,\"read_p99_ms\":$p99,\"wrk_errors\":\"${errs% }\",\"writes\":$(cat "$work/writes.json")}"
done
grep VmHWM /proc/$pid/status >&2
