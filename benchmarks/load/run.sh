#!/usr/bin/env bash
# The SessionKit load harness: SessionKit on Javalin, the Servlet filter and Micronaut, side by side with Spring
# Session and express-session, all against one private Redis, and SessionKit's PostgreSQL store beside Spring Session
# JDBC on one private PostgreSQL, driven by wrk on loopback. See benchmarks/README.md.
#
#   benchmarks/load/run.sh [DURATION_SECONDS] [CONNECTIONS]
#
# Environment (arguments win over it):
#   DURATION     seconds of measurement per server (default 20, at most 300)
#   CONNECTIONS  wrk connections, one session each (default 32, at most 256); wrk runs one thread per connection
#   WARMUP       seconds of unmeasured load per server before the measurement (default 15, at most 120)
#   WRITE_EVERY  every n-th request writes the session (default 5: 80 % reads, 20 % writes)
#   PROBES       sequential requests of each kind for the commands-per-request table (default 200): Redis commands,
#                or PostgreSQL statements (pg_stat_statements) for the PostgreSQL servers
#   SERVERS      which servers, in order (default: all, see ALL_SERVERS below)
#   JAVA_OPTS    JVM options of the Java servers (default -Xms1g -Xmx1g)
#   SKIP_BUILD=1 use the benchmarks jar already built
#
# Prints two Markdown tables (also saved, with every log, under benchmarks/target/load/<timestamp>/) and stops
# every process it started, however it ends.
set -euo pipefail

ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")/../.." && pwd)"
cd "$ROOT"

ALL_SERVERS="javalin-nosession javalin-caffeine javalin-redis servlet-nosession servlet-caffeine servlet-redis \
micronaut-nosession micronaut-caffeine micronaut-redis spring-redis spring-redis-indexed express-redis \
servlet-postgres spring-jdbc"

# Each server's own framework without sessions: what its ratios are taken against. Spring Session runs on the same
# Jetty servlet container as SessionKit's filter; express has no baseline here.
baseline_of() { # server
  case "$1" in
    javalin-*) echo javalin-nosession ;;
    servlet-* | spring-*) echo servlet-nosession ;;
    micronaut-*) echo micronaut-nosession ;;
    *) echo "" ;;
  esac
}
without_store() { # server: true for the servers that call no Redis or PostgreSQL
  [[ "$1" == *-nosession || "$1" == *-caffeine ]]
}

DURATION="${1:-${DURATION:-20}}"
CONNECTIONS="${2:-${CONNECTIONS:-32}}"
WARMUP="${WARMUP:-15}"
WRITE_EVERY="${WRITE_EVERY:-5}"
PROBES="${PROBES:-200}"
SERVERS="${SERVERS:-$ALL_SERVERS}"
JAVA_OPTS="${JAVA_OPTS:--Xms1g -Xmx1g}"

die() {
  echo "run.sh: $*" >&2
  exit 1
}

check_int() { # name value min max
  [[ "$2" =~ ^[0-9]+$ ]] || die "$1 must be a whole number, was '$2'"
  (( $2 >= $3 && $2 <= $4 )) || die "$1 must be between $3 and $4, was $2"
}
check_int DURATION "$DURATION" 1 300
check_int CONNECTIONS "$CONNECTIONS" 1 256
check_int WARMUP "$WARMUP" 0 120
check_int WRITE_EVERY "$WRITE_EVERY" 1 1000
check_int PROBES "$PROBES" 1 10000
# One wrk thread per connection: wrk's Lua state is per thread, so that is how each connection keeps its own
# session cookie (see mix.lua).
THREADS=$CONNECTIONS
for server in $SERVERS; do
  [[ " $ALL_SERVERS " == *" $server "* ]] || die "unknown server '$server'; known: $ALL_SERVERS"
done

OUT="$ROOT/benchmarks/target/load/$(date +%Y%m%d-%H%M%S)"
mkdir -p "$OUT"

# ---- tools ------------------------------------------------------------------------------------------------------
APT_UPDATED=0
apt_install() { # packages...
  local sudo=""
  if (( EUID != 0 )); then
    command -v sudo >/dev/null 2>&1 || die "need to install $* (apt-get) but not root and no sudo"
    sudo="sudo"
  fi
  if (( APT_UPDATED == 0 )); then
    $sudo env DEBIAN_FRONTEND=noninteractive apt-get update -qq
    APT_UPDATED=1
  fi
  echo "== installing $* (apt-get)"
  $sudo env DEBIAN_FRONTEND=noninteractive apt-get install -y -qq "$@" >/dev/null
}

command -v java >/dev/null 2>&1 || die "java is not on the PATH (Java 17 or later is needed)"
command -v wrk >/dev/null 2>&1 || apt_install wrk
command -v redis-server >/dev/null 2>&1 || apt_install redis-server
command -v redis-cli >/dev/null 2>&1 || apt_install redis-tools
command -v curl >/dev/null 2>&1 || apt_install curl
if [[ " $SERVERS " == *" servlet-postgres "* || " $SERVERS " == *" spring-jdbc "* ]]; then
  { command -v psql >/dev/null 2>&1 && ls /usr/lib/postgresql/*/bin/initdb >/dev/null 2>&1; } \
    || [[ -n "${PG_BIN:-}" ]] || apt_install postgresql postgresql-client
  command -v unzip >/dev/null 2>&1 || apt_install unzip
fi

WANT_NODE=0
[[ " $SERVERS " == *" express-redis "* ]] && WANT_NODE=1
NODE_SKIP=""
if (( WANT_NODE )); then
  if ! command -v node >/dev/null 2>&1 || ! command -v npm >/dev/null 2>&1; then
    apt_install nodejs npm
  fi
  node_major=$(node -p 'process.versions.node.split(".")[0]')
  if (( node_major < 20 )); then
    # The node redis client 6.x needs Node 20.
    NODE_SKIP="needs Node 20 or later, found $(node --version)"
    echo "run.sh: express-redis skipped: $NODE_SKIP" >&2
  fi
fi

# ---- build ------------------------------------------------------------------------------------------------------
JAR="$ROOT/benchmarks/target/benchmarks.jar"
if [[ "${SKIP_BUILD:-0}" != "1" ]]; then
  echo "== building the benchmarks jar (./mvnw -q -pl benchmarks -am package -DskipTests)"
  ./mvnw -B -q -pl benchmarks -am package -DskipTests >"$OUT/build.log" 2>&1 \
    || { tail -40 "$OUT/build.log" >&2; die "build failed (log: $OUT/build.log)"; }
fi
[[ -f "$JAR" ]] || die "$JAR is missing: run without SKIP_BUILD=1"
if (( WANT_NODE )) && [[ -z "$NODE_SKIP" ]]; then
  echo "== npm ci (benchmarks/load/node)"
  (cd benchmarks/load/node && npm ci --no-audit --no-fund --loglevel=error) >"$OUT/npm.log" 2>&1 \
    || { tail -20 "$OUT/npm.log" >&2; die "npm ci failed (log: $OUT/npm.log)"; }
fi

# shellcheck source=lib.sh
source "$ROOT/benchmarks/load/lib.sh"
# shellcheck disable=SC2086 # a list of names
start_stores $SERVERS

java_version=$(java -version 2>&1 | head -1)
{
  echo "- date: $(date -u +%Y-%m-%dT%H:%MZ); machine: $(nproc) cores ($(grep -m1 'model name' /proc/cpuinfo \
    | cut -d: -f2 | sed 's/^ *//')), $(free -g | awk '/^Mem:/ { print $2 }') GiB"
  echo "- $java_version; JAVA_OPTS: $JAVA_OPTS; $(command -v node >/dev/null && echo "Node $(node --version)");" \
    "$(redis-server --version | cut -d' ' -f1-3); $(wrk --version 2>&1 | head -1 | cut -d' ' -f1-2)" \
    "$([[ -n "$PG_DIR" ]] && echo "; $("$PG_BIN/postgres" --version), fsync off")"
  echo "- wrk: $THREADS threads, $CONNECTIONS connections (= live sessions), ${WARMUP} s warm-up +" \
    "${DURATION} s measured per server; 1 request in $WRITE_EVERY writes the session"
} >"$OUT/machine.md"
cat "$OUT/machine.md"

# ---- one server ---------------------------------------------------------------------------------------------------
declare -A RPS P99 CMDS CMDLIST SRV_CPU REDIS_CPU ERRORS PROBE NOTE

# Redis commands (or PostgreSQL statements) per request, N sequential requests of one kind with one session cookie.
probe() { # server base cookie path
  local name=$1 base=$2 cookie=$3 path=$4 codes ok
  store_resetstat "$name"
  codes=$(curl -s -o /dev/null -w '%{http_code}\n' -H "Cookie: $cookie" "$base$path?probe=[1-$PROBES]")
  ok=$(grep -c '^200$' <<<"$codes" || true)
  read -r total list < <(store_commands "$name")
  if (( ok != PROBES )); then
    echo "failed ($ok/$PROBES ok)"
  else
    awk -v t="$total" -v n="$PROBES" -v l="$list" 'BEGIN {
      s = sprintf("%.2f", t / n)
      if (l != "") {
        split(l, parts, " "); d = ""
        for (i = 1; i in parts; i++) { split(parts[i], kv, "="); d = d (d == "" ? "" : " + ") sprintf("%.2g %s", kv[2] / n, kv[1]) }
        s = s " (" d ")"
      }
      print s
    }'
  fi
}

# wrk in the background and a wait, so that a signal to this script stops it at once (through the trap).
run_wrk() { # output-file wrk-arguments...
  local out=$1 pid
  shift
  wrk -t "$THREADS" -c "$CONNECTIONS" -s benchmarks/load/mix.lua "$@" -- "$WRITE_EVERY" >"$out" 2>&1 &
  pid=$!
  PIDS+=("$pid")
  wait "$pid" || true
  forget_pid "$pid"
}

run_server() { # name
  local name=$1 port base cookie line before_ticks after_ticks before_store after_store requests
  if [[ "$name" == express-redis && -n "$NODE_SKIP" ]]; then
    NOTE[$name]="skipped: $NODE_SKIP"
    return
  fi
  echo "== $name"
  store_clear "$name"
  port=$(free_port)
  base="http://127.0.0.1:$port"
  start_server "$name" "$port"
  if ! wait_http "$base/plain" 60 "$SERVER_PID"; then
    NOTE[$name]="did not start (log: $OUT/$name.log)"
    echo "   $name did not start; last lines of its log:" >&2
    tail -20 "$OUT/$name.log" >&2 || true
    stop_pid "$SERVER_PID"; forget_pid "$SERVER_PID"
    return
  fi

  # Commands per request: one session, then PROBES requests of each kind with its cookie.
  if without_store "$name"; then
    PROBE[$name]="– | – | –"
  else
    cookie=$(curl -s -D - -o /dev/null "$base/write" | tr -d '\r' \
      | awk 'tolower($1) == "set-cookie:" { sub(/^[^:]*: */, ""); sub(/;.*/, ""); print; exit }')
    if [[ -z "$cookie" ]]; then
      PROBE[$name]="no cookie | – | –"
    else
      PROBE[$name]="$(probe "$name" "$base" "$cookie" /plain) | $(probe "$name" "$base" "$cookie" /read) |"
      PROBE[$name]+=" $(probe "$name" "$base" "$cookie" /write)"
    fi
  fi

  if (( WARMUP > 0 )); then
    run_wrk "$OUT/$name.warmup.txt" -d "${WARMUP}s" "$base"
  fi

  store_clear "$name"
  store_resetstat "$name"
  before_store=$(store_cpu_seconds "$name")
  before_ticks=$(process_cpu_ticks "$SERVER_PID")
  run_wrk "$OUT/$name.wrk.txt" -d "${DURATION}s" --latency "$base"
  after_ticks=$(process_cpu_ticks "$SERVER_PID")
  after_store=$(store_cpu_seconds "$name")
  read -r CMDS[$name] CMDLIST[$name] < <(store_commands "$name") || true

  line=$(grep '^SESSIONKIT_RESULT' "$OUT/$name.wrk.txt" || true)
  if [[ -z "$line" ]]; then
    NOTE[$name]="wrk failed (see $OUT/$name.wrk.txt)"
  else
    declare -A r=()
    for kv in ${line#SESSIONKIT_RESULT }; do
      r[${kv%%=*}]=${kv#*=}
    done
    requests=${r[requests]}
    RPS[$name]=$(awk -v n="$requests" -v us="${r[duration_us]}" 'BEGIN { printf "%.0f", n / (us / 1e6) }')
    P99[$name]=$(awk -v us="${r[p99_us]}" 'BEGIN { printf "%.2f", us / 1000 }')
    ERRORS[$name]=$(( r[status_errors] + r[connect_errors] + r[read_errors] + r[write_errors] + r[timeouts] ))
    SRV_CPU[$name]=$(awk -v t=$(( after_ticks - before_ticks )) -v hz="$CLK_TCK" -v n="$requests" \
      'BEGIN { printf "%.0f", (n > 0 ? t / hz * 1e6 / n : 0) }')
    REDIS_CPU[$name]=$(awk -v a="$after_store" -v b="$before_store" -v n="$requests" \
      'BEGIN { printf "%.1f", (n > 0 ? (a - b) * 1e6 / n : 0) }')
    CMDS[$name]=$(awk -v c="${CMDS[$name]:-0}" -v n="$requests" 'BEGIN { printf "%.2f", (n > 0 ? c / n : 0) }')
    echo "   ${RPS[$name]} req/s, p99 ${P99[$name]} ms, ${CMDS[$name]} $(store_of "$name") commands/request," \
      "${ERRORS[$name]} errors, ${r[set_cookies]} sessions created"
  fi
  stop_pid "$SERVER_PID"
  forget_pid "$SERVER_PID"
}

for server in $SERVERS; do
  run_server "$server"
done

# ---- tables ---------------------------------------------------------------------------------------------------
ratio() { # value baseline
  awk -v v="$1" -v b="$2" 'BEGIN { if (v == "" || b == "" || b == 0) print "–"; else printf "%.2f", v / b }'
}

{
  echo
  echo "| server | baseline | req/s | × baseline | p99 ms | × baseline | server CPU µs/req | × baseline | store cmds/req | store CPU µs/req | errors |"
  echo "|---|---|---:|---:|---:|---:|---:|---:|---:|---:|---:|"
  for server in $SERVERS; do
    if [[ -n "${NOTE[$server]:-}" ]]; then
      echo "| $server | | ${NOTE[$server]} | | | | | | | | |"
      continue
    fi
    base=$(baseline_of "$server")
    cmds="${CMDS[$server]}" store_cpu="${REDIS_CPU[$server]}"
    without_store "$server" && cmds="–" store_cpu="–"
    base_rps="" base_p99="" base_cpu=""
    if [[ -n "$base" ]]; then
      base_rps="${RPS[$base]:-}" base_p99="${P99[$base]:-}" base_cpu="${SRV_CPU[$base]:-}"
    fi
    echo "| $server | ${base:-–} | ${RPS[$server]} | $(ratio "${RPS[$server]}" "$base_rps") | ${P99[$server]}" \
      "| $(ratio "${P99[$server]}" "$base_p99") | ${SRV_CPU[$server]} | $(ratio "${SRV_CPU[$server]}" "$base_cpu")" \
      "| $cmds | $store_cpu | ${ERRORS[$server]} |"
  done
  echo
  echo "Store commands per request (Redis commands; PostgreSQL statements, from pg_stat_statements, for" \
    "servlet-postgres and spring-jdbc), $PROBES sequential requests of each kind with one session's cookie:"
  echo
  echo "| server | untouched (GET /plain) | read-only (GET /read) | read-write (GET /write) |"
  echo "|---|---|---|---|"
  for server in $SERVERS; do
    [[ -n "${PROBE[$server]:-}" ]] && echo "| $server | ${PROBE[$server]} |"
  done
} | tee "$OUT/results.md"
echo
echo "Logs and results: $OUT"
