#!/usr/bin/env bash
# Start a SecureVOX Call server, wait for /health, run load.mjs against it with
# the server's pid, stop the server.
#
#   bench/run.sh reference [-- load.mjs options…]
#   bench/run.sh java [jvm flags…] [-- load.mjs options…]
#   bench/run.sh custom <command> [args…] [-- load.mjs options…]
#
# Examples:
#   bench/run.sh reference
#   bench/run.sh reference -- --connections 1000 --json
#   bench/run.sh java -Xms256m -Xmx1g -XX:+UseZGC -- --connections 10000
#
# Environment:
#   BENCH_PORT            listen port (default 8003 for reference, 8002 otherwise)
#   BENCH_SECRET          JWT secret shared by server and load tool (default: a fixed 50-byte bench secret)
#   BENCH_API_KEY         API key given to every server (SECUREVOX_CALL_API_KEY) and to load.mjs
#                         (--api-key, for its POST /api/call/token mints) (default: a fixed bench key)
#   BENCH_START_TIMEOUT   seconds to wait for /health (default 60)
#   BENCH_OUT             directory for logs and results (default bench/out)
#   BENCH_WARMUP          warm-up rounds before the measured run (default 5; 0 = measure a cold
#                         server): each is load.mjs with BENCH_WARMUP_ARGS (default 2,000
#                         connections, 20 pairs x 500 round trips, no idle window); then a wait
#                         until the server's CPU settles. Both servers get the same warm-up; see
#                         README.md for why.
#   BENCH_WARMUP_ARGS     load.mjs options for each warm-up round
#   BENCH_NICE            run server and load tool under `nice -n $BENCH_NICE` (negative values
#                         need root; with session autogroups nice only orders processes within
#                         this session, it does not shield the run from other sessions)
#   JAVA_HOME             JDK for the java mode (falls back to `java` on PATH)
#   SECUREVOX_CALL_DATA_DIR  the Java server's data directory (default: a new temporary one per run, removed after it)
#   SECUREVOX_CALL_SFU    the Java server's SFU mode (default off: the benchmark measures signaling, not Janus)
#   BENCH_CONNECTIONS etc. are read by load.mjs itself (see load.mjs --help); e.g. BENCH_MINT=local
#                         makes load.mjs sign tokens itself instead of asking POST /api/call/token.
#
# File descriptors: the load tool and the server each hold one descriptor per
# connection (10,000 by default). This script raises the soft limit with
#   ulimit -n 65535
# and, where the hard limit is lower, to the hard limit (with a warning). Raise
# the hard limit (limits.conf, systemd LimitNOFILE, docker --ulimit nofile=65535:65535)
# if that is below the connection count plus a margin.
set -euo pipefail

here="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)"
repo="$(cd "$here/.." && pwd)"

usage() {
  sed -n '2,/^set -euo/p' "${BASH_SOURCE[0]}" | sed '$d; s/^# \{0,1\}//'
  exit 2
}

[[ $# -ge 1 ]] || usage
mode="$1"
shift

server_args=()
load_args=()
while [[ $# -gt 0 ]]; do
  if [[ "$1" == "--" ]]; then
    shift
    load_args=("$@")
    break
  fi
  server_args+=("$1")
  shift
done

secret="${BENCH_SECRET:-securevox-call-bench-secret-0123456789abcdefABCDEF}"
api_key="${BENCH_API_KEY:-securevox-call-bench-api-key-0123456789abcdef}"
start_timeout="${BENCH_START_TIMEOUT:-60}"
out_dir="${BENCH_OUT:-$here/out}"
mkdir -p "$out_dir"
stamp="$(date -u +%Y%m%dT%H%M%SZ)"

case "$mode" in
  reference)
    port="${BENCH_PORT:-8003}"
    [[ ${#server_args[@]} -eq 0 ]] || { echo "run.sh: reference takes no server arguments" >&2; exit 2; }
    [[ -d "$here/node_modules/socket.io" ]] || { echo "run.sh: run 'npm ci' in $here first" >&2; exit 2; }
    server_cmd=(node "$here/reference-server/server.mjs")
    ;;
  java)
    port="${BENCH_PORT:-8002}"
    jar="$repo/target/securevox-call.jar"
    [[ -f "$jar" ]] || { echo "run.sh: $jar not found; build it with ./mvnw -q package" >&2; exit 2; }
    if [[ -n "${JAVA_HOME:-}" ]]; then
      java_bin="$JAVA_HOME/bin/java"
    else
      java_bin="$(command -v java || true)"
      echo "run.sh: JAVA_HOME is not set; using ${java_bin:-<none>}" >&2
    fi
    [[ -n "$java_bin" && -x "$java_bin" ]] || { echo "run.sh: no java executable" >&2; exit 2; }
    server_cmd=("$java_bin" "${server_args[@]}" -jar "$jar")
    ;;
  custom)
    port="${BENCH_PORT:-8002}"
    [[ ${#server_args[@]} -ge 1 ]] || usage
    server_cmd=("${server_args[@]}")
    ;;
  -h|--help|help) usage ;;
  *) echo "run.sh: unknown mode '$mode'" >&2; usage ;;
esac

# --- file descriptors ------------------------------------------------------
if ! ulimit -n 65535 2>/dev/null; then
  hard="$(ulimit -Hn)"
  if [[ "$hard" != "unlimited" ]]; then
    ulimit -n "$hard"
  fi
  echo "run.sh: could not raise the open-files limit to 65535; using the hard limit $(ulimit -n)" >&2
fi
nofile="$(ulimit -n)"

prio=()
if [[ -n "${BENCH_NICE:-}" ]]; then
  prio=(nice -n "$BENCH_NICE")   # nice execs the command: the pid stays the server's
fi

url="http://127.0.0.1:$port"
if curl -fsS --max-time 2 "$url/health" >/dev/null 2>&1; then
  echo "run.sh: something already answers on $url; refusing to benchmark it" >&2
  exit 2
fi

server_log="$out_dir/$mode-$stamp.server.log"
# Each run starts on an empty history database, so that one run's rows do not weigh on the next one's inserts.
data_dir="$(mktemp -d "${TMPDIR:-/tmp}/securevox-bench-data.XXXXXX")"
result_log="$out_dir/$mode-$stamp.txt"
json_log="$out_dir/$mode-$stamp.json"

# --- start the server (exec'd directly, so $! is the server's own pid) -------
echo "run.sh: starting: ${prio[*]:-}${prio[*]:+ }${server_cmd[*]}  (port $port, open files $nofile, log $server_log)" >&2
PORT="$port" \
SECUREVOX_CALL_PORT="$port" \
SECUREVOX_CALL_JWT_SECRET="$secret" \
SECUREVOX_CALL_API_KEY="$api_key" \
SECUREVOX_CALL_ENV=production \
SECUREVOX_CALL_SFU="${SECUREVOX_CALL_SFU:-off}" \
SECUREVOX_CALL_DATA_DIR="${SECUREVOX_CALL_DATA_DIR:-$data_dir}" \
NODE_ENV=production \
  ${prio[@]+"${prio[@]}"} "${server_cmd[@]}" >"$server_log" 2>&1 &
server_pid=$!

stop_server() {
  if kill -0 "$server_pid" 2>/dev/null; then
    kill -TERM "$server_pid" 2>/dev/null || true
    for _ in $(seq 1 150); do   # up to 15 s, then SIGKILL
      kill -0 "$server_pid" 2>/dev/null || break
      sleep 0.1
    done
    if kill -0 "$server_pid" 2>/dev/null; then
      echo "run.sh: server $server_pid did not stop on SIGTERM; killing it" >&2
      kill -KILL "$server_pid" 2>/dev/null || true
    fi
  fi
  wait "$server_pid" 2>/dev/null || true
  rm -rf "$data_dir"
}
trap stop_server EXIT
trap 'exit 130' INT TERM

# --- wait for /health (poll with a deadline) --------------------------------
deadline=$(( $(date +%s) + start_timeout ))
until curl -fsS --max-time 1 "$url/health" >/dev/null 2>&1; do
  if ! kill -0 "$server_pid" 2>/dev/null; then
    echo "run.sh: server exited during startup; last log lines:" >&2
    tail -n 30 "$server_log" >&2
    exit 1
  fi
  if (( $(date +%s) >= deadline )); then
    echo "run.sh: server not healthy within ${start_timeout}s; last log lines:" >&2
    tail -n 30 "$server_log" >&2
    exit 1
  fi
  sleep 0.1
done
echo "run.sh: server healthy: $(curl -fsS --max-time 2 "$url/health")" >&2

# --- warm-up -------------------------------------------------------------------
# A long-running server is measured, not one still compiling its hot paths (the JVM's JIT, V8's
# optimiser): the same warm-up for every server, then wait until its CPU use settles.
server_cpu_ticks() {
  awk '{ sub(/.*\) /, ""); split($0, f, " "); print f[12] + f[13] }' "/proc/$server_pid/stat"
}
warmup_rounds="${BENCH_WARMUP:-5}"
if (( warmup_rounds > 0 )); then
  # Rounds of a few thousand sockets each: every hot path runs tens of thousands of times, yet the
  # server never holds more sockets than that, so the measured run's memory growth stays its own.
  read -r -a warmup_args <<<"${BENCH_WARMUP_ARGS:---connections 2000 --pairs 20 --messages 500 --idle-ms 0}"
  echo "run.sh: warm-up: $warmup_rounds x load.mjs ${warmup_args[*]}" >&2
  for (( round = 1; round <= warmup_rounds; round++ )); do
    if ! node "$here/load.mjs" --url "$url" --secret "$secret" --api-key "$api_key" --quiet "${warmup_args[@]}" \
        >>"$out_dir/$mode-$stamp.warmup.txt" 2>&1; then
      echo "run.sh: warm-up round $round failed; see $out_dir/$mode-$stamp.warmup.txt" >&2
      exit 1
    fi
  done
  # Settled: under 5% of a core for one second, within 60 s.
  deadline=$(( $(date +%s) + 60 ))
  tick_limit=$(( $(getconf CLK_TCK) / 20 ))
  before=$(server_cpu_ticks)
  while sleep 1; do
    now=$(server_cpu_ticks)
    (( now - before < tick_limit )) && break
    before=$now
    if (( $(date +%s) >= deadline )); then
      echo "run.sh: the server's CPU did not settle within 60 s after the warm-up; measuring anyway" >&2
      break
    fi
  done
fi

# --- load ---------------------------------------------------------------------
# The table (stderr) goes to the terminal and $result_log; the JSON line (stdout)
# to $json_log.
set +e
{ ${prio[@]+"${prio[@]}"} node "$here/load.mjs" --url "$url" --secret "$secret" --api-key "$api_key" --pid "$server_pid" \
    ${load_args[@]+"${load_args[@]}"} --json >"$json_log"; } 2>&1 | tee "$result_log"
status=${PIPESTATUS[0]}
set -e
{ echo "# server: ${prio[*]:-} ${server_cmd[*]}"; echo "# node $(node --version), $(nproc) cores, $(awk '/MemTotal/ {printf "%.1f GiB", $2/1048576}' /proc/meminfo)"; } >>"$result_log"
echo "run.sh: results in $result_log and $json_log (exit $status)" >&2
exit "$status"
