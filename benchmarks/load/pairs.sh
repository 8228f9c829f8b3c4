#!/usr/bin/env bash
# Repeated, interleaved pairs: the load harness's measurement that compares like with like. For each pair
# "baseline:candidate" both servers run side by side on one private Redis (and one private PostgreSQL for
# servlet-postgres and spring-jdbc, e.g. PAIRS="spring-jdbc:servlet-postgres"); each is warmed until its server CPU per
# request is stable, then the two are measured alternately, REPS times each, and the script prints medians with
# their spread and the candidate/baseline ratio of each round. See benchmarks/README.md, "Repeated pairs".
#
#   benchmarks/load/pairs.sh [REPS] [SECONDS]
#
# Environment (arguments win over it):
#   REPS         measured rounds per pair, each server once per round, in alternating order (default 5, 3 to 15)
#   SECONDS_EACH seconds of each measurement (default 10, 5 to 60)
#   PAIRS        "baseline:candidate ..." (default below)
#   CONNECTIONS  wrk connections, one session each (default 32); THREADS wrk threads (default = CONNECTIONS, which
#                mix.lua needs for one session per connection)
#   WINDOW       seconds of each warm-up window (default 5); STABLE the spread of the last 3 windows' CPU per
#                request, around their median, that counts as stable (default 0.05); MAX_WARMUP seconds (default 240)
#   WRITE_EVERY  every n-th request writes (default 5); JAVA_OPTS (default -Xms1g -Xmx1g); SKIP_BUILD=1
#   THINK_MS     a pause before each request on each connection (default 0: none, every server at its limit);
#                with one, both servers of a pair get the same offered load and p99 is their latency below the limit
#   BEFORE       a commit: its benchmarks jar is built in a worktree under benchmarks/target/before/, and a server
#                named "<server>@before" in PAIRS runs from it, so that one run measures a change's before and after
#                (e.g. BEFORE=HEAD~1 PAIRS="servlet-caffeine@before:servlet-caffeine")
#   REPLICAS     replicas of the private Redis (default 0; 1 when a server is named "<server>+ack" or "+ackall": the
#                Redis store waiting for ACK replicas, default 1:200, after a session ends, or after every save too)
# Prints Markdown (also saved with every log under benchmarks/target/pairs/<timestamp>/); stops every process it
# started, however it ends.
set -euo pipefail

ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")/../.." && pwd)"
cd "$ROOT"

REPS="${1:-${REPS:-5}}"
SECONDS_EACH="${2:-${SECONDS_EACH:-10}}"
PAIRS="${PAIRS:-servlet-nosession:servlet-caffeine javalin-nosession:javalin-caffeine \
micronaut-nosession:micronaut-caffeine servlet-caffeine:servlet-redis spring-redis:servlet-redis \
express-redis:javalin-redis}"
CONNECTIONS="${CONNECTIONS:-32}"
THREADS="${THREADS:-$CONNECTIONS}"
THINK_MS="${THINK_MS:-0}"
WINDOW="${WINDOW:-5}"
STABLE="${STABLE:-0.05}"
MAX_WARMUP="${MAX_WARMUP:-240}"
WRITE_EVERY="${WRITE_EVERY:-5}"
JAVA_OPTS="${JAVA_OPTS:--Xms1g -Xmx1g}"

die() {
  echo "pairs.sh: $*" >&2
  exit 1
}
[[ "$REPS" =~ ^[0-9]+$ ]] && (( REPS >= 3 && REPS <= 15 )) || die "REPS must be 3 to 15"
[[ "$SECONDS_EACH" =~ ^[0-9]+$ ]] && (( SECONDS_EACH >= 5 && SECONDS_EACH <= 60 )) || die "SECONDS must be 5 to 60"
[[ "$THINK_MS" =~ ^[0-9]+$ ]] || die "THINK_MS must be a whole number of milliseconds"
[[ "$CONNECTIONS" =~ ^[0-9]+$ && "$THREADS" =~ ^[0-9]+$ ]] && (( THREADS >= 1 && THREADS <= CONNECTIONS )) \
  || die "THREADS must be 1 to CONNECTIONS"

OUT="$ROOT/benchmarks/target/pairs/$(date +%Y%m%d-%H%M%S)"
mkdir -p "$OUT"
# shellcheck source=../tools.sh
source "$ROOT/benchmarks/tools.sh"
need wrk wrk redis-server redis-server redis-cli redis-tools curl curl
if [[ " $PAIRS " == *servlet-postgres* || " $PAIRS " == *spring-jdbc* ]]; then
  need psql postgresql-client unzip unzip
  # initdb is not on the PATH in Debian's package: look in its directory, install the package when it is not there.
  [[ -n "${PG_BIN:-}" ]] || ls /usr/lib/postgresql/*/bin/initdb >/dev/null 2>&1 || need no-initdb postgresql
fi

JAR="$ROOT/benchmarks/target/benchmarks.jar"
if [[ "${SKIP_BUILD:-0}" != "1" ]]; then
  echo "== building the benchmarks jar"
  ./mvnw -B -q -pl benchmarks -am package -DskipTests >"$OUT/build.log" 2>&1 \
    || { tail -40 "$OUT/build.log" >&2; die "build failed (log: $OUT/build.log)"; }
fi
if [[ -n "${BEFORE:-}" ]]; then
  before_sha=$(git rev-parse --verify --short=12 "$BEFORE^{commit}") || die "BEFORE: no such commit: $BEFORE"
  before_dir="$ROOT/benchmarks/target/before/$before_sha"
  BEFORE_JAR="$before_dir/benchmarks/target/benchmarks.jar"
  if [[ ! -f "$BEFORE_JAR" ]]; then
    echo "== building the benchmarks jar of $before_sha"
    rm -rf "$before_dir"
    git worktree prune
    git worktree add --detach "$before_dir" "$before_sha" >"$OUT/before-build.log" 2>&1 \
      || die "git worktree add failed (log: $OUT/before-build.log)"
    # package, not install: the reactor resolves the commit's own modules, the local repository is left alone.
    (cd "$before_dir" && ./mvnw -B -q -pl benchmarks -am package -DskipTests) >>"$OUT/before-build.log" 2>&1 \
      || { tail -40 "$OUT/before-build.log" >&2; die "build of $before_sha failed (log: $OUT/before-build.log)"; }
  fi
fi
[[ " $PAIRS " != *@before* || -n "${BEFORE_JAR:-}" ]] || die "PAIRS names a server@before: set BEFORE=<commit>"
if [[ " $PAIRS " == *express-redis* ]]; then
  (cd benchmarks/load/node && npm ci --no-audit --no-fund --loglevel=error) >"$OUT/npm.log" 2>&1 \
    || die "npm ci failed (log: $OUT/npm.log)"
fi

# shellcheck source=lib.sh
source "$ROOT/benchmarks/load/lib.sh"
# shellcheck disable=SC2086 # a list of names
start_stores $(tr ': ' '\n\n' <<<"$PAIRS")

{
  echo "- date: $(date -u +%Y-%m-%dT%H:%MZ); $(nproc) cores ($(grep -m1 'model name' /proc/cpuinfo | cut -d: -f2 \
    | sed 's/^ *//')); $(java -version 2>&1 | head -1); JAVA_OPTS: $JAVA_OPTS"
  [[ -n "${BEFORE:-}" ]] && echo "- <server>@before: commit $before_sha (\"$(git log -1 --format=%s "$before_sha")\");" \
    "the others: $(git rev-parse --short=12 HEAD)$(git diff --quiet HEAD -- . ':!benchmarks/load' || echo ' with uncommitted changes')"
  echo "- wrk: $THREADS threads, $CONNECTIONS connections (one session each), 1 request in $WRITE_EVERY writes;" \
    "warm-up in ${WINDOW} s windows until the last 3 are within ±$(awk -v s="$STABLE" 'BEGIN { print s * 100 }') %" \
    "of their median (at most ${MAX_WARMUP} s); then $REPS rounds of ${SECONDS_EACH} s per server, alternating$( (( THINK_MS > 0 )) && echo "; a ${THINK_MS} ms pause before each request")"
} | tee "$OUT/machine.md"

# One wrk run against a server; prints "rps p99_ms server_cpu_us wrk_cpu_us store_cpu_us errors" (the store: the
# server's Redis or PostgreSQL, whose CPU is all of its processes').
measure() { # name pid base seconds
  local name=$1 pid=$2 base=$3 seconds=$4 out="$OUT/$1.$(date +%s%N).txt" wrk_pid t0 t1 w0 w1 r0 r1 line
  wrk -t "$THREADS" -c "$CONNECTIONS" -d "${seconds}s" --latency -s benchmarks/load/mix.lua "$base" \
    -- "$WRITE_EVERY" "$THINK_MS" >"$out" 2>&1 &
  wrk_pid=$!
  PIDS+=("$wrk_pid")
  t0=$(process_cpu_ticks "$pid"); r0=$(store_cpu_seconds "${name%.warm}"); w0=0
  # wrk's own CPU, read until it exits: sampled every 0.2 s, the last reading kept (up to 0.2 s of it is missed).
  while kill -0 "$wrk_pid" 2>/dev/null; do
    w1=$(process_cpu_ticks "$wrk_pid"); [[ "$w1" != 0 ]] && w0=$w1
    sleep 0.2
  done
  wait "$wrk_pid" || true
  forget_pid "$wrk_pid"
  t1=$(process_cpu_ticks "$pid"); r1=$(store_cpu_seconds "${name%.warm}")
  line=$(grep '^SESSIONKIT_RESULT' "$out" || true)
  [[ -n "$line" ]] || { echo "0 0 0 0 0 -1"; return; }
  awk -v line="$line" -v t="$(( t1 - t0 ))" -v w="$w0" -v hz="$CLK_TCK" -v r0="$r0" -v r1="$r1" 'BEGIN {
    n = split(line, kv, " ")
    for (i = 2; i <= n; i++) { split(kv[i], p, "="); r[p[1]] = p[2] }
    q = r["requests"]; if (q == 0) q = 1
    errors = r["status_errors"] + r["connect_errors"] + r["read_errors"] + r["write_errors"] + r["timeouts"]
    printf "%.0f %.2f %.1f %.1f %.1f %d\n", r["requests"] / (r["duration_us"] / 1e6), r["p99_us"] / 1000,
      t / hz * 1e6 / q, w / hz * 1e6 / q, (r1 - r0) * 1e6 / q, errors
  }'
}

# Median and spread of a list of numbers: "median [min–max]".
summary() { # numbers...
  printf '%s\n' "$@" | sort -g | awk '{ v[NR] = $1 } END {
    m = (NR % 2) ? v[(NR + 1) / 2] : (v[NR / 2] + v[NR / 2 + 1]) / 2
    f = (v[NR] >= 1000) ? "%.0f" : "%.3g"
    printf f " [" f "–" f "]", m, v[1], v[NR] }'
}
median() { # numbers...
  printf '%s\n' "$@" | sort -g | awk '{ v[NR] = $1 } END { printf "%.4g", (NR % 2) ? v[(NR + 1) / 2] : (v[NR / 2] + v[NR / 2 + 1]) / 2 }'
}

# Warm-up: windows on each server in turn until the last 3 CPU-per-request readings of both are stable.
warm() { # a_name a_pid a_base b_name b_pid b_base: prints "a_seconds a_stable b_seconds b_stable"
  local -a cpu_a=() cpu_b=()
  local spent=0 stable_a=0 stable_b=0 seconds_a=0 seconds_b=0 m
  stable() { # readings...: true when the last 3 are within STABLE of their median
    (( $# >= 3 )) || return 1
    local last=("${@: -3}")
    m=$(median "${last[@]}")
    awk -v m="$m" -v s="$STABLE" -v a="${last[0]}" -v b="${last[1]}" -v c="${last[2]}" 'BEGIN {
      ok = (m > 0); split(a " " b " " c, x, " ")
      for (i = 1; i <= 3; i++) if (x[i] < m * (1 - s) || x[i] > m * (1 + s)) ok = 0
      exit !ok }'
  }
  while (( spent < MAX_WARMUP )) && (( stable_a == 0 || stable_b == 0 )); do
    if (( stable_a == 0 )); then
      read -r _ _ c _ _ _ < <(measure "$1.warm" "$2" "$3" "$WINDOW"); cpu_a+=("$c"); seconds_a=$(( seconds_a + WINDOW ))
      stable "${cpu_a[@]}" && stable_a=1
    fi
    if (( stable_b == 0 )); then
      read -r _ _ c _ _ _ < <(measure "$4.warm" "$5" "$6" "$WINDOW"); cpu_b+=("$c"); seconds_b=$(( seconds_b + WINDOW ))
      stable "${cpu_b[@]}" && stable_b=1
    fi
    spent=$(( seconds_a + seconds_b ))
  done
  echo "$seconds_a $stable_a $seconds_b $stable_b"
  echo "warm-up CPU µs/req: $1: ${cpu_a[*]}; $4: ${cpu_b[*]}" >>"$OUT/warmup.txt"
}

RESULTS="$OUT/results.md"
for pair in $PAIRS; do
  a=${pair%%:*} b=${pair##*:}
  echo "== $a vs $b"
  store_clear "$a"; store_clear "$b"
  declare -A pid=() base=()
  for name in "$a" "$b"; do
    port=$(free_port)
    start_server "$name" "$port"
    pid[$name]=$SERVER_PID base[$name]="http://127.0.0.1:$port"
    wait_http "${base[$name]}/plain" 60 "$SERVER_PID" || die "$name did not start (log: $OUT/$name.log)"
  done
  read -r wa sa wb sb < <(warm "$a" "${pid[$a]}" "${base[$a]}" "$b" "${pid[$b]}" "${base[$b]}")
  echo "   warm-up: $a ${wa} s ($( (( sa )) && echo stable || echo 'NOT stable')), $b ${wb} s" \
    "($( (( sb )) && echo stable || echo 'NOT stable'))"
  declare -A rps=() p99=() cpu=() wrkcpu=() rcpu=()
  ratio_rps=() ratio_cpu=() ratio_p99=() errors=0
  for round in $(seq 1 "$REPS"); do
    order=("$a" "$b"); (( round % 2 == 0 )) && order=("$b" "$a")
    declare -A got=()
    for name in "${order[@]}"; do
      read -r r p c w rc e < <(measure "$name" "${pid[$name]}" "${base[$name]}" "$SECONDS_EACH")
      (( e != 0 )) && errors=$(( errors + (e < 0 ? 1 : e) ))
      rps[$name]+="$r " p99[$name]+="$p " cpu[$name]+="$c " wrkcpu[$name]+="$w " rcpu[$name]+="$rc "
      got[$name]="$r $p $c"
    done
    read -r ra pa ca <<<"${got[$a]}"; read -r rb pb cb <<<"${got[$b]}"
    ratio_rps+=("$(awk -v x="$rb" -v y="$ra" 'BEGIN { printf "%.3f", (y > 0 ? x / y : 0) }')")
    ratio_p99+=("$(awk -v x="$pb" -v y="$pa" 'BEGIN { printf "%.3f", (y > 0 ? x / y : 0) }')")
    ratio_cpu+=("$(awk -v x="$cb" -v y="$ca" 'BEGIN { printf "%.3f", (y > 0 ? x / y : 0) }')")
    echo "   round $round: $a ${got[$a]}, $b ${got[$b]} (req/s, p99 ms, CPU µs/req)"
  done
  {
    echo
    echo "**$b against $a** (warm-up $wa s / $wb s$( (( sa && sb )) || echo ', NOT stable'); $REPS rounds of" \
      "${SECONDS_EACH} s; errors: $errors)"
    echo
    echo "| server | req/s | p99 ms | server CPU µs/req | wrk CPU µs/req | store CPU µs/req |"
    echo "|---|---:|---:|---:|---:|---:|"
    for name in "$a" "$b"; do
      # shellcheck disable=SC2086 # the lists are space-separated numbers
      echo "| $name | $(summary ${rps[$name]}) | $(summary ${p99[$name]}) | $(summary ${cpu[$name]}) |" \
        "$(summary ${wrkcpu[$name]}) | $(summary ${rcpu[$name]}) |"
    done
    echo "| **$b / $a** (per round) | $(summary "${ratio_rps[@]}") | $(summary "${ratio_p99[@]}") |" \
      "$(summary "${ratio_cpu[@]}") | | |"
  } | tee -a "$RESULTS"
  for name in "$a" "$b"; do
    stop_pid "${pid[$name]}"; forget_pid "${pid[$name]}"
  done
  unset pid base rps p99 cpu wrkcpu rcpu
done
echo
echo "Medians [min–max] over the rounds; ratios are taken round by round. Logs and results: $OUT"
