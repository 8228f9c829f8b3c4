#!/usr/bin/env bash
# How many commands Redis serves per read from a client socket, for each server of the load harness on the same
# private Redis: the figure that explains Redis's CPU per request. A client that sends one command per round trip
# (a pooled Jedis connection per request) makes Redis read, parse and answer each command on its own; one that
# multiplexes every request over one connection (node-redis, used by connect-redis) lets Redis read many commands in
# one system call.
#
#   benchmarks/load/redis-io.sh [SECONDS]
#
# Environment: SERVERS (default "servlet-redis javalin-redis express-redis"), WARM (seconds of warm-up per server,
# default 30), CONNECTIONS (default 32), WRITE_EVERY (default 5), JAVA_OPTS, SKIP_BUILD=1. Prints a Markdown table:
# requests, Redis commands and reads per request, commands per read, Redis CPU µs per request.
set -euo pipefail

ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")/../.." && pwd)"
cd "$ROOT"
SECONDS_EACH="${1:-${SECONDS_EACH:-10}}"
SERVERS="${SERVERS:-servlet-redis javalin-redis express-redis}"
WARM="${WARM:-30}"
CONNECTIONS="${CONNECTIONS:-32}"
WRITE_EVERY="${WRITE_EVERY:-5}"
JAVA_OPTS="${JAVA_OPTS:--Xms1g -Xmx1g}"

die() {
  echo "redis-io.sh: $*" >&2
  exit 1
}
OUT="$ROOT/benchmarks/target/redis-io/$(date +%Y%m%d-%H%M%S)"
mkdir -p "$OUT"
# shellcheck source=../tools.sh
source "$ROOT/benchmarks/tools.sh"
need wrk wrk redis-server redis-server redis-cli redis-tools curl curl
JAR="$ROOT/benchmarks/target/benchmarks.jar"
if [[ "${SKIP_BUILD:-0}" != "1" ]]; then
  ./mvnw -B -q -pl benchmarks -am package -DskipTests >"$OUT/build.log" 2>&1 || die "build failed ($OUT/build.log)"
fi
if [[ " $SERVERS " == *express-redis* ]]; then
  (cd benchmarks/load/node && npm ci --no-audit --no-fund --loglevel=error) >"$OUT/npm.log" 2>&1 \
    || die "npm ci failed (log: $OUT/npm.log)"
fi
# shellcheck source=lib.sh
source "$ROOT/benchmarks/load/lib.sh"
start_redis

io_stats() { # "commands reads" Redis has processed so far
  rcli info stats | tr -d '\r' | awk -F: '
    $1 == "total_commands_processed" { c = $2 } $1 == "total_reads_processed" { r = $2 } END { print c, r }'
}

echo "| server | requests | Redis commands / request | Redis reads / request | commands per read | Redis CPU µs / request |"
echo "|---|---:|---:|---:|---:|---:|"
for name in $SERVERS; do
  rcli flushall >/dev/null
  port=$(free_port)
  start_server "$name" "$port"
  wait_http "http://127.0.0.1:$port/plain" 60 "$SERVER_PID" || die "$name did not start (log: $OUT/$name.log)"
  mix_requests "http://127.0.0.1:$port" "$WARM" "$OUT/$name.warm.txt" >/dev/null
  read -r c0 r0 < <(io_stats); cpu0=$(redis_cpu_seconds)
  requests=$(mix_requests "http://127.0.0.1:$port" "$SECONDS_EACH" "$OUT/$name.txt")
  read -r c1 r1 < <(io_stats); cpu1=$(redis_cpu_seconds)
  stop_pid "$SERVER_PID"; forget_pid "$SERVER_PID"
  awk -v n="$name" -v q="$requests" -v c=$(( c1 - c0 )) -v r=$(( r1 - r0 )) -v cpu0="$cpu0" -v cpu1="$cpu1" 'BEGIN {
    if (q == 0) q = 1
    printf "| %s | %d | %.2f | %.2f | %.2f | %.1f |\n", n, q, c / q, r / q, (r > 0 ? c / r : 0), (cpu1 - cpu0) * 1e6 / q }'
done | tee "$OUT/results.md"
echo "Logs: $OUT" >&2
