#!/usr/bin/env bash
# Sourced by the load harness's scripts (run.sh, pairs.sh): process bookkeeping, a private Redis, a private
# PostgreSQL, the servers, and the CPU and command (or statement) readings. Expects OUT, JAR, JAVA_OPTS and die()
# from the script that sources it.

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
  stop_postgres # after the servers, whose pools it would otherwise wait for
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

start_redis() { # starts the private redis-server (and REPLICAS replicas of it); sets REDIS_PORT, REDIS_PID, REDIS_URL
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
  local i port
  for (( i = 1; i <= ${REPLICAS:-0}; i++ )); do
    port=$(free_port)
    redis-server --port "$port" --bind 127.0.0.1 --save "" --appendonly no --daemonize no --dir "$OUT" \
      --logfile "$OUT/redis-replica-$i.log" --replicaof 127.0.0.1 "$REDIS_PORT" &
    PIDS+=($!)
  done
  for _ in $(seq 1 100); do
    (( $(rcli info replication | tr -d '\r' | grep -c '^slave[0-9]*:.*state=online') >= ${REPLICAS:-0} )) && return 0
    sleep 0.1
  done
  die "$REPLICAS replica(s) of 127.0.0.1:$REDIS_PORT did not come online in 10 s"
}

server_of() { # a PAIRS name: the server without "+ack", "+ackall" or "@before"
  local name=${1%@before}
  name=${name%+ackall}
  echo "${name%+ack}"
}

# name port: starts it in the background, sets SERVER_PID. "<server>@before" runs from BEFORE_JAR; a Redis server
# "<server>+ack" waits for ACK (default 1:200, replicas:milliseconds) after the writes that end a session (the
# store's replicasToAcknowledge), "<server>+ackall" after every save too (acknowledgeEverySave).
start_server() {
  local name port=$2 log="$OUT/$1.log" url="" jar=$JAR opts=""
  name=$(server_of "$1")
  if [[ "$1" == *@before ]]; then
    [[ -n "${BEFORE_JAR:-}" ]] || die "$1 needs BEFORE_JAR (pairs.sh builds it from BEFORE=<commit>)"
    jar=$BEFORE_JAR
  fi
  case "${1%@before}" in
    *+ackall) opts="-Dbenchmarks.replicasToAcknowledge=${ACK:-1:200} -Dbenchmarks.acknowledgeEverySave=true" ;;
    *+ack) opts="-Dbenchmarks.replicasToAcknowledge=${ACK:-1:200}" ;;
  esac
  case "$(store_of "$name")" in
    redis) url=$REDIS_URL ;;
    postgres) url=$PG_URL ;;
  esac
  case "$name" in
    express-redis)
      (cd benchmarks/load/node && PORT="$port" REDIS_URL="$REDIS_URL" exec node server.js) >"$log" 2>&1 &
      ;;
    *)
      # shellcheck disable=SC2086 # JAVA_OPTS is a list of options
      java $JAVA_OPTS $opts -cp "$jar" dev.sessionkit.benchmarks.load.LoadServer "$name" "$port" $url \
        >"$log" 2>&1 &
      ;;
  esac
  SERVER_PID=$!
  PIDS+=("$SERVER_PID")
}


mix_requests() { # base seconds out: wrk with the harness's mix (THREADS, CONNECTIONS, WRITE_EVERY); prints the requests
  wrk -t "${THREADS:-$CONNECTIONS}" -c "$CONNECTIONS" -d "${2}s" -s benchmarks/load/mix.lua "$1" -- "$WRITE_EVERY" \
    >"$3" 2>&1 || true
  grep '^SESSIONKIT_RESULT' "$3" | tr ' ' '\n' | awk -F= '$1 == "requests" { print $2 }'
}

# ---- PostgreSQL ---------------------------------------------------------------------------------------------------
# A private cluster, made with initdb and started with pg_ctl (as the postgres user when the script runs as root,
# since both refuse root) in $OUT/postgres, on a free loopback port, trust authentication. Like the harness's Redis it
# keeps nothing durable (fsync, synchronous_commit and full_page_writes off): the load run measures CPU per request,
# not the disk. pg_stat_statements is preloaded, so that statements per request can be counted as Redis's commands are.
PG_BIN="${PG_BIN:-$(ls -d /usr/lib/postgresql/*/bin 2>/dev/null | sort -t/ -k5 -n | tail -1)}"
PG_AS=()
(( EUID == 0 )) && PG_AS=(runuser -u postgres --)
PG_DIR=""

pcli() { # psql on the private cluster, quiet, stopping at the first error
  psql -X -q -A -t -v ON_ERROR_STOP=1 -h 127.0.0.1 -p "$PG_PORT" -U postgres -d postgres "$@"
}

# connect-pg-simple's table.sql (without its obsolete WITH (OIDS=FALSE)) and the PostgreSQL store's principal index:
# what session-store-postgres/README.md shows.
CONNECT_PG_SIMPLE_SQL='
CREATE TABLE "session" ("sid" varchar NOT NULL COLLATE "default", "sess" json NOT NULL, "expire" timestamp(6) NOT NULL);
ALTER TABLE "session" ADD CONSTRAINT "session_pkey" PRIMARY KEY ("sid") NOT DEFERRABLE INITIALLY IMMEDIATE;
CREATE INDEX "IDX_session_expire" ON "session" ("expire");
CREATE TABLE "session_principal" ("principal" varchar NOT NULL, "sid" varchar NOT NULL, "added" timestamptz(3) NOT NULL,
  "until" timestamptz(3), CONSTRAINT "session_principal_pkey" PRIMARY KEY ("principal", "sid"));'

start_postgres() { # starts the private cluster with both servers' tables; sets PG_PORT, PG_PID and PG_URL
  [[ -n "$PG_BIN" && -x "$PG_BIN/initdb" && -x "$PG_BIN/pg_ctl" ]] \
    || die "no PostgreSQL server binaries (apt-get install postgresql, or set PG_BIN)"
  local spring_jar
  spring_jar=$(ls "$(dirname "$JAR")"/lib/spring-session-jdbc-*.jar 2>/dev/null | head -1)
  [[ -n "$spring_jar" ]] || die "spring-session-jdbc is not in $(dirname "$JAR")/lib: build the jar"
  PG_DIR="$OUT/postgres"
  mkdir -p "$PG_DIR"
  (( EUID == 0 )) && chown postgres:postgres "$PG_DIR"
  "${PG_AS[@]}" "$PG_BIN/initdb" -D "$PG_DIR/data" -U postgres -A trust -E UTF8 --no-locale --no-sync \
    >"$OUT/postgres-initdb.log" 2>&1 || die "initdb failed (log: $OUT/postgres-initdb.log)"
  PG_PORT=$(free_port)
  timeout 90 "${PG_AS[@]}" "$PG_BIN/pg_ctl" -D "$PG_DIR/data" -l "$PG_DIR/server.log" -w -t 60 \
    -o "-c listen_addresses=127.0.0.1 -p $PG_PORT -k $PG_DIR -c max_connections=200 -c timezone=UTC \
-c fsync=off -c synchronous_commit=off -c full_page_writes=off -c shared_preload_libraries=pg_stat_statements" \
    start >/dev/null || die "PostgreSQL did not start (log: $PG_DIR/server.log)"
  PG_PID=$(head -1 "$PG_DIR/data/postmaster.pid")
  PG_URL="postgres://postgres@127.0.0.1:$PG_PORT/postgres"
  pcli -c 'CREATE EXTENSION pg_stat_statements' -c "$CONNECT_PG_SIMPLE_SQL" >/dev/null \
    || die "could not create the extension and connect-pg-simple's table"
  # Spring Session JDBC's own schema, from the jar the spring-jdbc server runs.
  unzip -p "$spring_jar" org/springframework/session/jdbc/schema-postgresql.sql | pcli >/dev/null \
    || die "could not create Spring Session's tables"
}

stop_postgres() { # a fast shutdown (an immediate one if that takes over 30 s); the data directory is deleted
  [[ -n "$PG_DIR" && -f "$PG_DIR/data/postmaster.pid" ]] || return 0
  timeout 30 "${PG_AS[@]}" "$PG_BIN/pg_ctl" -D "$PG_DIR/data" -m fast -w stop >/dev/null 2>&1 \
    || timeout 30 "${PG_AS[@]}" "$PG_BIN/pg_ctl" -D "$PG_DIR/data" -m immediate -w stop >/dev/null 2>&1 || true
  rm -rf "$PG_DIR/data"
}

# Statements since the last pg_stat_statements_reset(): "total breakdown" by the statement's first word (SELECT,
# UPDATE, BEGIN, …); the harness's own (the reset, this query, TRUNCATE) left out, and SET: the JDBC driver's
# connection set-up (extra_float_digits, application_name) when the pool opens a connection, as Redis's HELLO and
# CLIENT are left out (neither server sends a SET of its own).
pg_statements() {
  pcli -F ' ' -c "SELECT coalesce(sum(calls), 0)::bigint,
      coalesce(string_agg(kind || '=' || calls, ' ' ORDER BY kind), '')
    FROM (SELECT upper(substring(ltrim(query) FROM '^[A-Za-z]+')) AS kind, sum(calls)::bigint AS calls
          FROM pg_stat_statements
          WHERE query NOT ILIKE '%pg_stat_statements%' AND query NOT ILIKE 'TRUNCATE%'
            AND query NOT ILIKE 'SET %'
          GROUP BY 1) AS k"
}

postgres_cpu_seconds() { # user + system CPU of the postmaster and its processes, ended ones included
  local ticks=0 pid
  ticks=$(awk '{ print $14 + $15 + $16 + $17 }' "/proc/$PG_PID/stat" 2>/dev/null || echo 0)
  for pid in $(ps -o pid= --ppid "$PG_PID" 2>/dev/null); do
    ticks=$(( ticks + $(awk '{ print $14 + $15 }' "/proc/$pid/stat" 2>/dev/null || echo 0) ))
  done
  awk -v t="$ticks" -v hz="$CLK_TCK" 'BEGIN { printf "%.6f\n", t / hz }'
}

# ---- each server's store ------------------------------------------------------------------------------------------
store_of() { # server (any PAIRS name): redis, postgres or none
  case "$(server_of "$1")" in
    *-nosession | *-caffeine) echo none ;;
    servlet-postgres | spring-jdbc) echo postgres ;;
    *) echo redis ;;
  esac
}

start_stores() { # servers...: starts Redis and PostgreSQL if one of them needs it
  local want_redis=0 want_postgres=0 server
  for server in "$@"; do
    [[ "$server" == *+ack* ]] && REPLICAS=${REPLICAS:-1} # the acknowledging servers need a replica to wait for
    case "$(store_of "$server")" in
      redis) want_redis=1 ;;
      postgres) want_postgres=1 ;;
    esac
  done
  (( want_redis )) && start_redis
  (( want_postgres )) && start_postgres
  return 0
}

store_clear() { # server: empties its store
  case "$(store_of "$1")" in
    redis) rcli flushall >/dev/null ;;
    postgres) pcli -c 'TRUNCATE "session", "session_principal", SPRING_SESSION_ATTRIBUTES, SPRING_SESSION' >/dev/null ;;
  esac
}

store_resetstat() { # server: resets its store's command or statement counts
  case "$(store_of "$1")" in
    redis) rcli config resetstat >/dev/null ;;
    postgres) pcli -c 'SELECT pg_stat_statements_reset()' >/dev/null ;;
  esac
}

store_commands() { # server: "total breakdown" of Redis commands or PostgreSQL statements since the reset
  case "$(store_of "$1")" in
    redis) session_commands ;;
    postgres) pg_statements ;;
    *) echo "0 " ;;
  esac
}

store_cpu_seconds() { # server: CPU seconds of its store's processes so far
  case "$(store_of "$1")" in
    redis) redis_cpu_seconds ;;
    postgres) postgres_cpu_seconds ;;
    *) echo 0 ;;
  esac
}
