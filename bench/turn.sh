#!/usr/bin/env bash
# Relay throughput of the shipped coturn configuration (deploy/coturn/turnserver.conf) on this machine:
# one allocation pair (turnutils_uclient -y: two clients, each relaying to the other's relay address),
# sending as fast as the client can (-z 0) for N messages per client, at 200 and 1,200 bytes.
#
# The shipped relay policy is used as shipped, with two test-only additions because the clients are on
# loopback: allow-loopback-peers and allowed-peer-ip=127.0.0.1. Only machine-specific lines (addresses,
# ports, certificate, secret, logging) are replaced. Everything stays on 127.0.0.1.
#
# Usage: bench/turn.sh [messages per client, default 100000]
# Prints, per size: packets/s relayed (received by the clients, steady state), the loss, and Mbit/s.
set -euo pipefail
cd "$(dirname "$0")/.."

MESSAGES=${1:-100000}
command -v turnserver >/dev/null || { echo "bench/turn.sh: turnserver missing (apt-get install coturn)" >&2; exit 1; }

DIR=$(mktemp -d)
PORT=$(python3 -c 'import socket; s=socket.socket(); s.bind(("127.0.0.1", 0)); print(s.getsockname()[1])')
SECRET=bench-$RANDOM-$RANDOM
TURN_PID=
cleanup() {
  if [ -n "$TURN_PID" ]; then kill "$TURN_PID" 2>/dev/null || true; wait "$TURN_PID" 2>/dev/null || true; fi
  rm -rf "$DIR"
}
trap cleanup EXIT

{
  echo "listening-ip=127.0.0.1"
  echo "relay-ip=127.0.0.1"
  echo "listening-port=$PORT"
  echo "min-port=52000"
  echo "max-port=52999"
  echo "realm=bench"
  echo "static-auth-secret=$SECRET"
  echo "no-tls"
  echo "log-file=$DIR/turnserver.log"
  echo "pidfile=$DIR/turnserver.pid"
  echo "userdb=$DIR/turndb"
  grep -Ev '^[[:space:]]*(#|$)' deploy/coturn/turnserver.conf |
    grep -Ev '^(listening-port|tls-listening-port|alt-tls-listening-port|listening-ip|relay-ip|external-ip|min-port|max-port|cert|pkey|static-auth-secret|realm|server-name|syslog|allowed-peer-ip)(=|$)'
  echo "allow-loopback-peers"
  echo "allowed-peer-ip=127.0.0.1"
} > "$DIR/turnserver.conf"

turnserver -c "$DIR/turnserver.conf" >/dev/null 2>&1 &
TURN_PID=$!
for _ in $(seq 100); do
  grep -q "Relay ports initialization done" "$DIR"/turnserver*.log 2>/dev/null && break
  sleep 0.1
done

echo "coturn $(turnserver --version 2>/dev/null | tail -1), $(nproc) cores ($(lscpu | sed -n 's/^Model name: *//p')), client and server on one machine"
printf '%-8s %14s %8s %10s\n' bytes "packets/s" loss Mbit/s
for SIZE in 200 1200; do
  # -y: client-to-client through two allocations; -c: no RTCP; -m 1: one pair; -z 0: no pacing.
  turnutils_uclient -y -c -m 1 -n "$MESSAGES" -l "$SIZE" -z 0 -W "$SECRET" -u bench -p "$PORT" 127.0.0.1 \
    > "$DIR/uclient-$SIZE.log" 2>&1
  # The per-second progress lines: "<t>: : start_mclient: msz=2, tot_send_msgs=S, tot_recv_msgs=R, ...".
  # Steady state: from the first second with messages received to the second the last one was sent.
  awk -v size="$SIZE" -v total=$((2 * MESSAGES)) '
    /start_mclient: msz=/ {
      t = $1 + 0
      match($0, /tot_send_msgs=[0-9]+/); s = substr($0, RSTART + 14, RLENGTH - 14) + 0
      match($0, /tot_recv_msgs=[0-9]+/); r = substr($0, RSTART + 14, RLENGTH - 14) + 0
      if (r > 0 && t0 == "") { t0 = t; r0 = r }
      if (t0 != "" && !done) { t1 = t; r1 = r }
      if (s >= total) done = 1
      last = r
    }
    END {
      if (t1 <= t0) { print "bench/turn.sh: run too short to measure, raise the message count" > "/dev/stderr"; exit 1 }
      pps = (r1 - r0) / (t1 - t0)
      printf "%-8d %14.0f %7.1f%% %10.1f\n", size, pps, 100 * (total - last) / total, pps * size * 8 / 1e6
    }' "$DIR/uclient-$SIZE.log"
done
