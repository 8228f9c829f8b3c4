#!/usr/bin/env bash
# Sourced by the load harness's scripts (run.sh, pairs.sh): process bookkeeping, a private Redis, the servers, and
# the CPU and command readings. Expects OUT, JAR, JAVA_OPTS and die() from the script that sources it.

# ---- processes: every one we start is recorded and stopped on the way out ------------------------------------
PIDS=()

stop_pid() { # pid: SIGTERM, then SIGKILL after 15 s
  local pid=$1
  kill -0 "$pid" 2>/dev/null || return 0
  kill -TERM "$pid" 2>/dev/null || true
  for _ in $(seq 1 150); do
    kill -0 "$pid" 2>/dev/null || break
    sleep 0.1
  done
  if kill -0 "$pid" 2>/dev/null; then
    echo "run.sh: process $pid did not stop in 15 s; killing it" >&2
    kill -KILL "$pid" 2>/dev/null || true
  fi
  wait "$pid" 2>/dev/null || true
}

cleanup() {
  local status=$?
  for pid in "${PIDS[@]}"; do
    stop_pid "$pid"
  done
  exit "$status"
}
trap cleanup EXIT
trap 'exit 130' INT
trap 'exit 143' TERM

forget_pid() { # pid
  local kept=() pid
  for pid in "${PIDS[@]}"; do
    [[ "$pid" == "$1" ]] || kept+=("$pid")
  done
  PIDS=("${kept[@]}")
}

# ---- helpers ----------------------------------------------------------------------------------------------------
free_port() { # a loopback port in 20000-39999 nothing listens on (never Redis's 6379)
  local port
  for _ in $(seq 1 100); do
    port=$(( 20000 + RANDOM % 20000 ))
    if ! (exec 3<>"/dev/tcp/127.0.0.1/$port") 2>/dev/null; then
      echo "$port"
      return 0
    fi
  done
  die "no free loopback port found"
}

rcli() {
  redis-cli -h 127.0.0.1 -p "$REDIS_PORT" "$@"
}

# Session commands since the last CONFIG RESETSTAT: "total breakdown", connection set-up (HELLO, CLIENT, PING,
# SELECT, AUTH) and our own INFO/CONFIG left out.
session_commands() {
  rcli info commandstats | tr -d '\r' | awk -F'[:,=]' '
    /^cmdstat_/ {
      name = substr($1, 9)
      if (name ~ /^(info|config|hello|client|ping|select|auth|command)/) next
      calls[name] = $3; total += $3
    }
    END {
      list = ""
      for (n in calls) list = list sprintf("%s%s=%d", (list == "" ? "" : " "), toupper(n), calls[n])
      printf "%d %s\n", total, list
    }'
}

redis_cpu_seconds() {
  rcli info cpu | tr -d '\r' | awk -F: '/^used_cpu_(sys|user):/ { s += $2 } END { printf "%.6f\n", s }'
}

process_cpu_ticks() { # pid: user + system clock ticks of the process (all its threads)
  awk '{ print $14 + $15 }' "/proc/$1/stat" 2>/dev/null || echo 0
}
CLK_TCK=$(getconf CLK_TCK)

wait_http() { # url seconds pid: true once the url answers 200
  local deadline=$(( SECONDS + $2 ))
  while (( SECONDS < deadline )); do
    kill -0 "$3" 2>/dev/null || return 1
    curl -sf -o /dev/null --max-time 2 "$1" && return 0
    sleep 0.2
  done
  return 1
}

start_redis() { # starts the private redis-server; sets REDIS_PORT, REDIS_PID and REDIS_URL
  REDIS_PORT=$(free_port)
  redis-server --port "$REDIS_PORT" --bind 127.0.0.1 --save "" --appendonly no --daemonize no \
    --dir "$OUT" --logfile "$OUT/redis.log" &
  PIDS+=($!)
  for _ in $(seq 1 100); do
    [[ "$(rcli ping 2>/dev/null)" == "PONG" ]] && break
    sleep 0.1
  done
  [[ "$(rcli ping 2>/dev/null)" == "PONG" ]] || die "redis-server did not answer on 127.0.0.1:$REDIS_PORT"
  # Also stop the server by the pid it reports itself, in case $! was a shell around it.
  REDIS_PID=$(rcli info server | tr -d '\r' | awk -F: '$1 == "process_id" { print $2 }')
  [[ -n "$REDIS_PID" && " ${PIDS[*]} " != *" $REDIS_PID "* ]] && PIDS+=("$REDIS_PID")
  REDIS_URL="redis://127.0.0.1:$REDIS_PORT"
}

start_server() { # name port: starts it in the background, sets SERVER_PID
  local name=$1 port=$2 log="$OUT/$1.log"
  case "$name" in
    express-redis)
      (cd benchmarks/load/node && PORT="$port" REDIS_URL="$REDIS_URL" exec node server.js) >"$log" 2>&1 &
      ;;
    *)
      # shellcheck disable=SC2086 # JAVA_OPTS is a list of options
      java $JAVA_OPTS -cp "$JAR" dev.sessionkit.benchmarks.load.LoadServer "$name" "$port" "$REDIS_URL" \
        >"$log" 2>&1 &
      ;;
  esac
  SERVER_PID=$!
  PIDS+=("$SERVER_PID")
}

