#!/usr/bin/env bash
# Audience check of livestream picks on the real postings (they stay outside the repository).
# usage: benches/audience/run.sh BOLE_BINARY DATA_DIR JOBS_CSV OUT_DIR
# DATA_DIR must hold the postings of JOBS_CSV (`bole --data DATA_DIR import jobs JOBS_CSV`).
# Starts `bole serve` on a free loopback port, asks GET /v1/live/picks?n=20 for each city and
# group below (show date 2025-03-01, inside the postings' validity), then judges the picks.
set -euo pipefail
bin=$1; data=$2; jobs=$3; out=$4
here=$(cd "$(dirname "$0")" && pwd)
mkdir -p "$out"
port=$(python3 -c 'import socket; s=socket.socket(); s.bind(("127.0.0.1",0)); print(s.getsockname()[1])')
"$bin" --data "$data" serve --addr "127.0.0.1:$port" >"$out/serve.log" 2>&1 &
pid=$!
trap 'kill $pid 2>/dev/null; wait $pid 2>/dev/null || true' EXIT
for _ in $(seq 1 600); do
  curl -sf "http://127.0.0.1:$port/health" >/dev/null 2>&1 && break
  sleep 0.5
done
for city in 广州 北京 上海 济南 成都 武汉; do
  for group in migrant_worker graduate hard_to_employ older_worker disabled; do
    curl -sf -G "http://127.0.0.1:$port/v1/live/picks" --data-urlencode "region=$city" \
      --data-urlencode "group=$group" --data-urlencode "n=20" --data-urlencode "today=2025-03-01" \
      >"$out/${city}__${group}.json"
  done
done
python3 "$here/judge.py" "$jobs" "$out"
