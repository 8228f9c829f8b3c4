#!/usr/bin/env bash
# The fault run: each SessionKit adapter under 200 concurrent clients while its Redis is killed, restarted and
# paused; with SERVERS=servlet-postgres, the Servlet filter while its PostgreSQL crashes, is paused and is restarted.
# See FaultRun.java and benchmarks/README.md.
#
#   benchmarks/faults/run.sh [SECONDS] [CLIENTS]
#
# Environment: SECONDS (default 60, at least 30), CLIENTS (default 200), SERVERS (default: javalin-redis
# servlet-redis micronaut-redis; servlet-postgres is the PostgreSQL one), JAVA_OPTS (default -Xms1g -Xmx1g),
# SKIP_BUILD=1 to use the jar already built, PG_BIN (default: the newest /usr/lib/postgresql/<version>/bin).
# TOPOLOGY=sentinel runs on a primary, a replica and three Sentinels instead, TOPOLOGY=cluster on three primaries with
# a replica each (FaultRun's fail-over modes: clients also log out; the replication link of one primary is cut for
# LAG_MS (default 800), that primary SIGKILLed once, its replica promoted, the old primary restarted to rejoin);
# ACKNOWLEDGE=N:MILLIS turns on the store's replicasToAcknowledge(N, MILLIS). Its rules: no 5xx but 503, none hung,
# the pool idle and no thread more after the run, and with ACKNOWLEDGE, no acknowledged logout undone (increments
# lost in a fail-over are counted, not a rule: replication is asynchronous, and saves do not wait by default).
# Loopback only. Each adapter runs in its own JVM, with its own private redis-server (appendfsync always) or
# PostgreSQL cluster (fsync and synchronous_commit on; as the postgres user when run as root), bounded
# by a timeout; every process started is stopped on the way out. Prints a Markdown table (also saved under
# benchmarks/target/faults/<timestamp>/) and exits 1 when a run breaks a rule: any 5xx other than 503, any hung
# request, any acknowledged increment lost, a pool connection still active, or more live threads after than before.
set -euo pipefail

ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")/../.." && pwd)"
cd "$ROOT"
SECONDS_PER_RUN="${1:-${SECONDS_PER_RUN:-60}}"
CLIENTS="${2:-${CLIENTS:-200}}"
SERVERS="${SERVERS:-javalin-redis servlet-redis micronaut-redis}"
TOPOLOGY="${TOPOLOGY:-standalone}"
[[ "$TOPOLOGY" == standalone || "$TOPOLOGY" == sentinel || "$TOPOLOGY" == cluster ]] \
  || { echo "run.sh: TOPOLOGY must be standalone, sentinel or cluster" >&2; exit 2; }
if [[ -n "${ACKNOWLEDGE:-}" ]]; then
  [[ "$ACKNOWLEDGE" =~ ^[0-9]+:[0-9]+$ ]] || { echo "run.sh: ACKNOWLEDGE must be N:MILLIS, e.g. 1:200" >&2; exit 2; }
  JAVA_OPTS_EXTRA="-Dbenchmarks.replicasToAcknowledge=$ACKNOWLEDGE"
fi
JAVA_OPTS_EXTRA="${JAVA_OPTS_EXTRA:-} -Dbenchmarks.faults.lagMs=${LAG_MS:-800}"
JAVA_OPTS="${JAVA_OPTS:--Xms1g -Xmx1g}"
[[ "$SECONDS_PER_RUN" =~ ^[0-9]+$ ]] && (( SECONDS_PER_RUN >= 30 && SECONDS_PER_RUN <= 600 )) \
  || { echo "run.sh: SECONDS must be 30 to 600" >&2; exit 2; }
[[ "$CLIENTS" =~ ^[0-9]+$ ]] && (( CLIENTS >= 1 && CLIENTS <= 1000 )) \
  || { echo "run.sh: CLIENTS must be 1 to 1000" >&2; exit 2; }

OUT="$ROOT/benchmarks/target/faults/$(date +%Y%m%d-%H%M%S)"
mkdir -p "$OUT"
PG_BIN="${PG_BIN:-$(ls -d /usr/lib/postgresql/*/bin 2>/dev/null | sort -t/ -k5 -n | tail -1)}"
# This run's own temporary directory (the JVMs' java.io.tmpdir): the cleanup touches what is in it and nothing else,
# never another run's servers. Short, under /tmp, for PostgreSQL's socket path; readable by postgres.
RUN_TMP="$(mktemp -d /tmp/sessionkit-faults-run.XXXXXX)"
chmod 755 "$RUN_TMP"
cleanup() { # redis-servers and PostgreSQL clusters a killed JVM may have left, in this run's temporary directories
  for pidfile in "$RUN_TMP"/sessionkit-*/redis.pid "$RUN_TMP"/sessionkit-*/*/redis.pid; do
    [[ -f "$pidfile" ]] || continue
    pid="$(cat "$pidfile")"
    kill -CONT "$pid" 2>/dev/null || true
    kill -KILL "$pid" 2>/dev/null || true
    rm -rf "$(dirname "$pidfile")"
  done
  for pidfile in "$RUN_TMP"/sessionkit-faults-*/data/postmaster.pid; do
    [[ -f "$pidfile" ]] || continue
    pid="$(head -1 "$pidfile")"
    # A paused cluster first: its processes, then the postmaster, get SIGCONT; then an immediate shutdown.
    kill -CONT $(ps -o pid= --ppid "$pid" 2>/dev/null) "$pid" 2>/dev/null || true
    if (( EUID == 0 )); then
      timeout 60 runuser -u postgres -- "$PG_BIN/pg_ctl" -D "$(dirname "$pidfile")" -m immediate -w stop \
        >/dev/null 2>&1 || kill -KILL "$pid" 2>/dev/null || true
    else
      timeout 60 "$PG_BIN/pg_ctl" -D "$(dirname "$pidfile")" -m immediate -w stop >/dev/null 2>&1 \
        || kill -KILL "$pid" 2>/dev/null || true
    fi
    rm -rf "$(dirname "$(dirname "$pidfile")")"
  done
}
trap 'cleanup; rm -rf "$RUN_TMP"' EXIT

# shellcheck source=../tools.sh
source "$ROOT/benchmarks/tools.sh"
need redis-server redis-server
if [[ " $SERVERS " == *" servlet-postgres "* && -z "$PG_BIN" ]]; then
  need no-initdb postgresql # initdb is not on the PATH in Debian's package
  PG_BIN="$(ls -d /usr/lib/postgresql/*/bin | sort -t/ -k5 -n | tail -1)"
fi
JAR="$ROOT/benchmarks/target/benchmarks.jar"
if [[ "${SKIP_BUILD:-0}" != "1" ]]; then
  echo "== building the benchmarks jar"
  ./mvnw -B -q -pl benchmarks -am package -DskipTests >"$OUT/build.log" 2>&1 \
    || { tail -40 "$OUT/build.log" >&2; exit 1; }
fi

for server in $SERVERS; do
  echo "== $server: ${SECONDS_PER_RUN} s, $CLIENTS clients (log: $OUT/$server.log)"
  # shellcheck disable=SC2086
  timeout $(( SECONDS_PER_RUN + 240 )) java $JAVA_OPTS $JAVA_OPTS_EXTRA -Djava.io.tmpdir="$RUN_TMP" -cp "$JAR" \
    dev.sessionkit.benchmarks.faults.FaultRun \
    "$server" "$SECONDS_PER_RUN" "$CLIENTS" "$TOPOLOGY" >"$OUT/$server.log" 2>&1 || echo "   (exited with $?)"
  # FaultRun logs through SLF4J: its lines are picked out of the log by their marks.
  grep -o '\[fault-run .*' "$OUT/$server.log" | sed 's/^/   /' || true
  grep -o 'FAULT_RESULT .*' "$OUT/$server.log" >>"$OUT/results.txt" || echo "FAULT_RESULT kind=$server failed=1" >>"$OUT/results.txt"
  cleanup
done

field() { # line key
  sed -n "s/.* $2=\([^ ]*\).*/\1/p" <<<"$1"
}
if [[ "$TOPOLOGY" != standalone ]]; then
  {
    echo "| server | topology | replicasToAcknowledge | requests | 200 | 503 | other 5xx | hung | kill → promotion (ms) | kill → first 200 (ms) | logouts acknowledged | logouts 503 | **logouts undone** | increments acknowledged | lost | sessions lost | old primary rejoined | pool active / idle | live threads before → after |"
    echo "|---|---|---|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|---|---|---|"
    while read -r line; do
      if [[ "$line" == *"failed=1"* ]]; then
        echo "| $(field "$line" kind) | $TOPOLOGY | run failed, see its log |||||||||||||||||"
        continue
      fi
      echo "| $(field "$line" kind) | $(field "$line" topology) | $(field "$line" acknowledge) | $(field "$line" requests) | $(field "$line" ok) | $(field "$line" s503) | $(field "$line" other5xx) | $(field "$line" hung) | $(field "$line" kill_to_promotion_ms) | $(field "$line" kill_to_first_200_ms) | $(field "$line" logouts_acknowledged) | $(field "$line" logouts_503) | **$(field "$line" logouts_undone)** | $(field "$line" acknowledged) | $(field "$line" lost) | $(field "$line" sessions_lost) | $(field "$line" rejoined) | $(field "$line" pool_active) / $(field "$line" pool_idle) | $(field "$line" threads_before) → $(field "$line" threads_after) |"
    done <"$OUT/results.txt"
  } | tee "$OUT/table.md"
  broken=0
  while read -r line; do
    [[ "$line" == *"failed=1"* ]] && { broken=1; continue; }
    (( $(field "$line" other5xx) == 0 && $(field "$line" hung) == 0 && $(field "$line" pool_active) == 0 \
       && $(field "$line" threads_after) <= $(field "$line" threads_before) )) || broken=1
    if [[ "$(field "$line" acknowledge)" != off ]] && (( $(field "$line" logouts_undone) != 0 )); then broken=1; fi
  done <"$OUT/results.txt"
  (( broken == 0 )) && echo "all rules held" || { echo "a rule was broken: see the table" >&2; exit 1; }
  exit 0
fi

{
  echo "| server | requests | 200 | 503 | other 5xx | hung | connect errors | first 200 after each return (ms) | sessions | acknowledged | lost | above | pool active / idle | live threads before → after |"
  echo "|---|---:|---:|---:|---:|---:|---:|---|---:|---:|---:|---:|---|---|"
  while read -r line; do
    if [[ "$line" == *"failed=1"* ]]; then
      echo "| $(field "$line" kind) | run failed, see its log |||||||||||||"
      continue
    fi
    echo "| $(field "$line" kind) | $(field "$line" requests) | $(field "$line" ok) | $(field "$line" s503) | $(field "$line" other5xx) | $(field "$line" hung) | $(field "$line" connect_errors) | $(field "$line" recovery_ms | tr ',' ' ') | $(field "$line" sessions) | $(field "$line" acknowledged) | $(field "$line" lost) | $(field "$line" above) | $(field "$line" pool_active) / $(field "$line" pool_idle) | $(field "$line" threads_before) → $(field "$line" threads_after) |"
  done <"$OUT/results.txt"
} | tee "$OUT/table.md"

broken=0
while read -r line; do
  [[ "$line" == *"failed=1"* ]] && { broken=1; continue; }
  (( $(field "$line" other5xx) == 0 && $(field "$line" hung) == 0 && $(field "$line" lost) == 0 \
     && $(field "$line" pool_active) == 0 && $(field "$line" threads_after) <= $(field "$line" threads_before) )) \
    || broken=1
done <"$OUT/results.txt"
(( broken == 0 )) && echo "all rules held" || { echo "a rule was broken: see the table" >&2; exit 1; }
