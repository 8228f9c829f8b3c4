#!/usr/bin/env bash
# The soak: the load harness's mix, with sessions arriving and ending, against the Javalin adapter on the Caffeine
# and on the Redis store, for MINUTES each; the heap after a full GC and the live sessions once a minute.
#
#   benchmarks/soak/run.sh [MINUTES]
#
# Environment: MINUTES (default 10), VARIANTS (default "caffeine redis"), CONNECTIONS (default 32),
# JAVA_OPTS (default -Xms1g -Xmx1g), SKIP_BUILD=1. Loopback only; stops everything it starts. Prints a Markdown
# table per variant and the heap change from minute 1 to the last (also saved under
# benchmarks/target/soak/<timestamp>/); exits 1 when the heap after the last minute is more than 10 % above
# minute 1 (when the number of sessions has levelled off).
set -euo pipefail

ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")/../.." && pwd)"
cd "$ROOT"
MINUTES="${1:-${MINUTES:-10}}"
VARIANTS="${VARIANTS:-caffeine redis}"
CONNECTIONS="${CONNECTIONS:-32}"
JAVA_OPTS="${JAVA_OPTS:--Xms1g -Xmx1g}"
[[ "$MINUTES" =~ ^[0-9]+$ ]] && (( MINUTES >= 2 && MINUTES <= 120 )) || { echo "MINUTES: 2 to 120" >&2; exit 2; }
OUT="$ROOT/benchmarks/target/soak/$(date +%Y%m%d-%H%M%S)"
mkdir -p "$OUT"
PIDS=()
cleanup() {
  for pid in "${PIDS[@]}"; do kill "$pid" 2>/dev/null || true; done
  for pid in "${PIDS[@]}"; do wait "$pid" 2>/dev/null || true; done
}
trap cleanup EXIT

for tool in wrk redis-server curl awk; do
  if ! command -v "$tool" >/dev/null 2>&1; then
    sudo=""; (( EUID == 0 )) || sudo="sudo"
    $sudo env DEBIAN_FRONTEND=noninteractive apt-get update -qq
    $sudo env DEBIAN_FRONTEND=noninteractive apt-get install -y -qq wrk redis-server curl >/dev/null
  fi
done
JAR="$ROOT/benchmarks/target/benchmarks.jar"
if [[ "${SKIP_BUILD:-0}" != "1" ]]; then
  ./mvnw -B -q -pl benchmarks -am package -DskipTests >"$OUT/build.log" 2>&1 || { tail -40 "$OUT/build.log" >&2; exit 1; }
fi
free_port() { # a loopback port in 20000-39999 that nothing answers on
  local port
  for _ in $(seq 1 100); do
    port=$(( 20000 + RANDOM % 20000 ))
    (exec 3<>"/dev/tcp/127.0.0.1/$port") 2>/dev/null || { echo "$port"; return 0; }
  done
  return 1
}
mb() { awk -v b="$1" 'BEGIN { printf "%.1f", b / 1048576 }'; }
wait_http() { for _ in $(seq 1 300); do curl -s -o /dev/null "$1" && return 0; sleep 0.1; done; return 1; }

broken=0
for variant in $VARIANTS; do
  port="$(free_port)"
  redis_url=""
  if [[ "$variant" == "redis" ]]; then
    rport="$(free_port)"
    redis-server --port "$rport" --bind 127.0.0.1 --save "" --appendonly no >"$OUT/redis.log" 2>&1 &
    PIDS+=($!)
    redis_url="redis://127.0.0.1:$rport"
  fi
  # shellcheck disable=SC2086
  java $JAVA_OPTS -cp "$JAR" dev.sessionkit.benchmarks.soak.SoakServer "$variant" "$port" $redis_url \
    >"$OUT/$variant-server.log" 2>&1 &
  server=$!
  PIDS+=($server)
  wait_http "http://127.0.0.1:$port/plain" || { echo "$variant: server did not start" >&2; exit 1; }
  echo "== $variant: 1 min warm-up, then $MINUTES min, $CONNECTIONS connections"
  wrk -t "$CONNECTIONS" -c "$CONNECTIONS" -d 60s -s benchmarks/soak/soak.lua "http://127.0.0.1:$port" -- 5 100 >"$OUT/$variant-warmup.txt"
  table="$OUT/$variant.md"
  printf '| minute | requests/s | heap after full GC (MB) | live sessions |\n|---:|---:|---:|---:|\n' >"$table"
  sample="$(curl -s "http://127.0.0.1:$port/admin/heap")"
  first_heap="$(sed 's/heap=\([0-9]*\).*/\1/' <<<"$sample")"
  printf '| 0 | – | %s | %s |\n' "$(mb "$first_heap")" "${sample##*sessions=}" >>"$table"
  last_heap="$first_heap"
  reference=""
  for minute in $(seq 1 "$MINUTES"); do
    rate="$(wrk -t "$CONNECTIONS" -c "$CONNECTIONS" -d 60s -s benchmarks/soak/soak.lua "http://127.0.0.1:$port" -- 5 100 \
      | awk '/Requests\/sec/ {print int($2)}')"
    sample="$(curl -s "http://127.0.0.1:$port/admin/heap")"
    last_heap="$(sed 's/heap=\([0-9]*\).*/\1/' <<<"$sample")"
    printf '| %d | %s | %s | %s |\n' "$minute" "$rate" "$(mb "$last_heap")" "${sample##*sessions=}" \
      | tee -a "$table"
    [[ -n "$reference" ]] || reference="$last_heap"
  done
  # Minute 0 follows the warm-up, at a lower rate (the JIT still compiling) and so with fewer live sessions: the
  # reference is minute 1, when the number of sessions has levelled off at the measured rate.
  first_heap="$reference"
  change="$(awk -v a="$first_heap" -v b="$last_heap" 'BEGIN { printf "%+.1f", (b - a) * 100 / a }')"
  printf '\n%s: heap after full GC, minute 1 to minute %s: %s MB -> %s MB (%s %%)\n' "$variant" "$MINUTES" \
    "$(mb "$first_heap")" "$(mb "$last_heap")" "$change" | tee -a "$table"
  awk -v c="$change" 'BEGIN { exit !(c > 10) }' && broken=1
  kill "$server"; wait "$server" 2>/dev/null || true
  cat "$table"
done
cleanup
trap - EXIT
(( broken == 0 )) && echo "heap flat within 10 % on every variant" || { echo "the heap grew by more than 10 %" >&2; exit 1; }
