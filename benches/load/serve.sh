# Sourced by the load scripts (run.sh, ab.sh, wrk.sh).
# start_bole BIN DATA_DIR LOG: starts `BIN --data DATA_DIR serve` on a free loopback port with the
# write key "loadkey", waits until /health answers (printing LOG and exiting if the server dies),
# and sets $port and $pid.
start_bole() {
  port=$(python3 -c 'import socket;s=socket.socket();s.bind(("127.0.0.1",0));print(s.getsockname()[1])')
  BOLE_API_KEYS=loadkey "$1" --data "$2" serve --addr "127.0.0.1:$port" >"$3" 2>&1 & pid=$!
  until curl -sf "http://127.0.0.1:$port/health" >/dev/null; do
    sleep 0.5; kill -0 "$pid" || { cat "$3" >&2; exit 1; }
  done
}
