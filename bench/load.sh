#!/usr/bin/env bash
# bench/load: the release server under wrk (Debian's package) on the county's household list and its dashboard, for
# each size of demo county, 50 connections: requests per second, p99 latency and errors (which must be 0); the RESULT
# line carries the ratio of the largest size's throughput to the smallest's.
#
#   apt-get install wrk
#   bash bench/load.sh [--sizes 30000,100000] [--duration 60] [--connections 50] [--threads 2] [--database sqlite|postgres]
#
# The demo counties are the benchmarks' own, built here by `bottomline demo` the first time a size is asked: on SQLite
# bench/out/demo-N.sqlite; on PostgreSQL the database load_demo_N in the cluster the Swift benchmarks start in
# bench/out/pg (port 55499, Debian's postgresql package, the same settings; started here if it is not running).
# Signed in as the county officer `xian`.
set -euo pipefail
cd "$(dirname "$0")/.."

sizes=30000
duration=60
connections=50
threads=2
database=sqlite
while [ $# -gt 0 ]; do
  case "$1" in
    --sizes) sizes=$2; shift 2 ;;
    --duration) duration=$2; shift 2 ;;
    --connections) connections=$2; shift 2 ;;
    --threads) threads=$2; shift 2 ;;
    --database) database=$2; shift 2 ;;
    *) echo "unknown option $1" >&2; exit 2 ;;
  esac
done
command -v wrk >/dev/null || { echo "wrk is not installed (apt-get install wrk)" >&2; exit 2; }
case "$database" in sqlite|postgres) ;; *) echo "--database is sqlite or postgres" >&2; exit 2 ;; esac

swift build -c release --product bottomline >/dev/null 2>&1 || { echo "release build failed: swift build -c release --product bottomline" >&2; exit 1; }
bin=.build/release/bottomline
mkdir -p bench/out
pgport=55499
if [ "$database" = postgres ]; then
  PGBIN="$(ls -d /usr/lib/postgresql/*/bin 2>/dev/null | sort -V | tail -n 1)"
  [ -x "$PGBIN/initdb" ] || { echo "PostgreSQL is not installed (apt-get install postgresql)" >&2; exit 2; }
  pgroot=$(pwd)/bench/out/pg
  mkdir -p "$pgroot"
  as_pg() { if [ "$(id -u)" = 0 ]; then chown -R postgres "$pgroot"; su postgres -s /bin/sh -c "$1"; else sh -c "$1"; fi; }
  [ -f "$pgroot/data/PG_VERSION" ] || as_pg "'$PGBIN/initdb' -D '$pgroot/data' -U postgres -A trust -E UTF8 --locale=C.UTF-8 >/dev/null"
  if ! "$PGBIN/pg_isready" -q -h 127.0.0.1 -p $pgport; then
    as_pg "'$PGBIN/pg_ctl' -D '$pgroot/data' -l '$pgroot/log' -w -o \"-c listen_addresses=127.0.0.1 -p $pgport -k '$pgroot' -c max_connections=200 -c work_mem=64MB -c shared_buffers=1GB\" start >/dev/null"
  fi
fi
port=18090
result=""
first_rps=""
last_rps=""
errors_total=0

for size in ${sizes//,/ }; do
  db=bench/out/demo-$size.sqlite
  unset DATABASE_URL
  if [ "$database" = postgres ]; then
    db=load_demo_$size
    export DATABASE_URL="postgres://postgres@127.0.0.1:$pgport/$db?sslmode=disable"
    if ! "$PGBIN/psql" -h 127.0.0.1 -p $pgport -U postgres -tAc "SELECT 1 FROM pg_database WHERE datname = '$db'" postgres | grep -q 1; then
      "$PGBIN/createdb" -h 127.0.0.1 -p $pgport -U postgres "$db"
      echo "building the demo county of $size households into PostgreSQL database $db"
      "$bin" demo --households "$size" >/dev/null
    fi
  elif [ ! -f "$db" ]; then
    echo "building the demo county of $size households into $db"
    "$bin" demo --db "$db" --households "$size" >/dev/null
  fi
  log=bench/out/load-server-$database-$size.log
  "$bin" serve --db "$db" --port $port >"$log" 2>&1 &
  server=$!
  trap 'kill $server 2>/dev/null || true' EXIT
  for _ in $(seq 1 120); do curl -sf "http://127.0.0.1:$port/healthz" >/dev/null && break; sleep 1; done

  # Sign in: the login page sets the form cookie, the post answers with the session cookie.
  jar=$(mktemp)
  csrf=$(curl -s -c "$jar" "http://127.0.0.1:$port/login" | sed -n 's/.*name="_csrf" value="\([^"]*\)".*/\1/p' | head -1)
  curl -s -b "$jar" -c "$jar" -o /dev/null --data-urlencode "username=xian" --data-urlencode "password=demo2026" \
       --data-urlencode "_csrf=$csrf" "http://127.0.0.1:$port/login"
  session=$(awk '$6 == "bottomline_session" { print $7 }' "$jar")
  rm -f "$jar"
  [ -n "$session" ] || { echo "could not sign in" >&2; exit 1; }
  # The dashboard's figures are kept in a cache the server fills at start; one request warms each page.
  curl -s -o /dev/null -H "Cookie: bottomline_session=$session" "http://127.0.0.1:$port/"
  curl -s -o /dev/null -H "Cookie: bottomline_session=$session" "http://127.0.0.1:$port/households"

  for page in households dashboard; do
    path=/households
    [ $page = dashboard ] && path=/
    out=$(wrk -t"$threads" -c"$connections" -d"${duration}s" --latency -H "Cookie: bottomline_session=$session" \
              "http://127.0.0.1:$port$path")
    rps=$(echo "$out" | awk '/Requests\/sec/ { print $2 }')
    p99=$(echo "$out" | awk '$1 == "99%" { print $2 }')
    # Socket errors and non-2xx/3xx answers both count as errors.
    socket=$(echo "$out" | awk '/Socket errors/ { gsub(",", ""); print $4 + $6 + $8 + $10 }')
    non2xx=$(echo "$out" | awk '/Non-2xx or 3xx responses/ { print $5 }')
    errors=$(( ${socket:-0} + ${non2xx:-0} ))
    errors_total=$(( errors_total + errors ))
    echo "size=$size page=$page rps=$rps p99=$p99 errors=$errors"
    result="$result ${page}_${size}_rps=$rps ${page}_${size}_p99=$p99 ${page}_${size}_errors=$errors"
    if [ $page = households ]; then
      [ -z "$first_rps" ] && first_rps=$rps
      last_rps=$rps
    fi
  done
  rss=$(awk '/VmHWM/ { print int($2 / 1024) }' /proc/$server/status)
  result="$result server_${size}_peak_mb=$rss"
  kill $server; wait $server 2>/dev/null || true
  trap - EXIT
done

ratio=$(awk -v a="$last_rps" -v b="$first_rps" 'BEGIN { printf "%.2f", a / b }')
echo "RESULT database=$database connections=$connections duration_s=$duration$result households_rps_ratio_largest_to_smallest=$ratio errors=$errors_total"
