#!/usr/bin/env bash
# Memory per stored session (SessionMemory): COUNT typical sessions in the Caffeine store (heap after a full GC) and
# in a private Redis (used_memory and MEMORY USAGE), each against the size of the record's JSON; without and with
# each session listed under its principal.
#
#   benchmarks/memory/run.sh [COUNT]      # default 100000
#
# Loopback only; stops the redis-server it starts. SKIP_BUILD=1 uses the jar already built.
set -euo pipefail
ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")/../.." && pwd)"
cd "$ROOT"
COUNT="${1:-100000}"
[[ "$COUNT" =~ ^[0-9]+$ ]] && (( COUNT >= 1000 && COUNT <= 2000000 )) || { echo "COUNT: 1000 to 2000000" >&2; exit 2; }
# shellcheck source=../tools.sh
source "$ROOT/benchmarks/tools.sh"
need redis-server redis-server redis-cli redis-tools
JAR="$ROOT/benchmarks/target/benchmarks.jar"
if [[ "${SKIP_BUILD:-0}" != "1" ]]; then
  ./mvnw -B -q -pl benchmarks -am package -DskipTests >/dev/null
fi
DIR="$(mktemp -d /tmp/sessionkit-memory-XXXXXX)"
PORT=$(( 20000 + RANDOM % 20000 ))
redis-server --port "$PORT" --bind 127.0.0.1 --save "" --appendonly no --dir "$DIR" --daemonize no \
  >"$DIR/redis.log" 2>&1 &
REDIS_PID=$!
trap 'kill "$REDIS_PID" 2>/dev/null || true; wait "$REDIS_PID" 2>/dev/null || true; rm -rf "$DIR"' EXIT
for _ in $(seq 1 100); do
  [[ "$(redis-cli -p "$PORT" ping 2>/dev/null)" == PONG ]] && break
  sleep 0.1
done
for principals in false true; do
  java -Xms2g -Xmx2g -XX:+UseSerialGC -Dmemory.principals=$principals -cp "$JAR" \
    dev.sessionkit.benchmarks.memory.SessionMemory caffeine "$COUNT" 2>&1 | grep -o 'MEMORY_RESULT.*'
  java -Xms1g -Xmx1g -Dmemory.principals=$principals -cp "$JAR" dev.sessionkit.benchmarks.memory.SessionMemory redis \
    "$COUNT" "redis://127.0.0.1:$PORT" 2>&1 | grep -o 'MEMORY_RESULT.*'
done
echo "$(redis-server --version | cut -d' ' -f1-3); $(java -version 2>&1 | head -1)"
