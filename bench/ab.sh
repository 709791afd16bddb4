#!/usr/bin/env bash
# Interleaved comparison of two builds and the reference server: for each round, the new jar, the reference and the
# old jar, one after the other, so that a change in the machine's load falls on all three alike. Prints each run's
# per-join, per-connection and per-message lines; the full tables are in bench/out/ as run.sh writes them.
#
#   bench/ab.sh <new.jar> <old.jar> [rounds] [-- load.mjs options…]
#
# Defaults: 2 rounds; 10,000 connections, 50 pairs x 2,000 round trips, no idle window and no open loop (they do not
# change the per-join and per-message numbers). The Java servers run as `make bench` runs them (deploy/jvm.options,
# rate limit lifted, grace 0 s), with SECUREVOX_CALL_IO_THREADS from the environment (default 1).
set -euo pipefail

here="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)"
repo="$(cd "$here/.." && pwd)"
[[ $# -ge 2 ]] || { sed -n '2,/^set -euo/p' "${BASH_SOURCE[0]}" | sed '$d; s/^# \{0,1\}//'; exit 2; }
new_jar="$(realpath "$1")"
old_jar="$(realpath "$2")"
shift 2
rounds=2
if [[ $# -gt 0 && "$1" != "--" ]]; then
  rounds="$1"
  shift
fi
[[ "${1:-}" == "--" ]] && shift
load_args=("$@")
[[ ${#load_args[@]} -gt 0 ]] || load_args=(--connections 10000 --pairs 50 --messages 2000 --idle-ms 0 --rate 0)
for jar in "$new_jar" "$old_jar"; do
  [[ -f "$jar" ]] || { echo "ab.sh: $jar: no such jar" >&2; exit 2; }
done
java="${JAVA_HOME:-/usr/lib/jvm/temurin-25-jdk-amd64}/bin/java"
export SECUREVOX_CALL_EVENT_RATE=10000 SECUREVOX_CALL_EVENT_BURST=100000 SECUREVOX_CALL_RECONNECT_GRACE=0s
export SECUREVOX_CALL_IO_THREADS="${SECUREVOX_CALL_IO_THREADS:-1}"
shown='per join|growth|per relayed|in the kernel|other processes|results in'

cd "$repo"
for round in $(seq 1 "$rounds"); do
  echo "== round $round: new ($new_jar)"
  bench/run.sh custom "$java" @deploy/jvm.options -jar "$new_jar" -- "${load_args[@]}" 2>&1 | grep -E "$shown" || true
  echo "== round $round: reference"
  bench/run.sh reference -- "${load_args[@]}" 2>&1 | grep -E "$shown" || true
  echo "== round $round: old ($old_jar)"
  bench/run.sh custom "$java" @deploy/jvm.options -jar "$old_jar" -- "${load_args[@]}" 2>&1 | grep -E "$shown" || true
done
