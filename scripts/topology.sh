#!/usr/bin/env bash
# The production topology on one machine (docs/deploying.md): nginx in front of two `next start` processes that
# share one PostgreSQL database. nginx sets X-Forwarded-For to the client's address and the apps trust only it
# (TRUSTED_PROXIES=127.0.0.1), so every per-client rate limit keys on the real client.
#
#   bash scripts/topology.sh start    build when there is no build, migrate, seed the demo event, start both apps
#                                     and nginx; prints the address. Starting again starts only what is not running.
#   bash scripts/topology.sh stop     stop nginx and both apps
#   bash scripts/topology.sh status   what runs
#
# Settings (environment):
#   DATABASE_URL        postgres://… (default postgres://postgres@127.0.0.1:5432/finishline_topology; the database
#                       is created when missing)
#   TOPOLOGY_PORT       nginx's port (default 8080)
#   TOPOLOGY_APP_PORTS  the apps' ports (default "3301 3302"; the apps listen on 127.0.0.1 only)
#   TOPOLOGY_DIR        pid files, logs and nginx's files (default data/topology)
#   NEXT_DIST_DIR       the build to serve (default .next)
# Any other variable (SMTP_URL, STRIPE_SECRET_KEY, RATE_LIMIT_REGISTRATIONS_PER_MINUTE, …) passes to both apps.
set -euo pipefail
cd "$(dirname "$0")/.."
ROOT=$(pwd)

export DATABASE_URL="${DATABASE_URL:-postgres://postgres@127.0.0.1:5432/finishline_topology}"
PORT="${TOPOLOGY_PORT:-8080}"
read -r -a APP_PORTS <<<"${TOPOLOGY_APP_PORTS:-3301 3302}"
DIR="${TOPOLOGY_DIR:-$ROOT/data/topology}"
mkdir -p "$DIR"
DIR=$(cd "$DIR" && pwd)
export NEXT_DIST_DIR="${NEXT_DIST_DIR:-.next}"
export NEXT_TELEMETRY_DISABLED=1

alive() { [ -f "$1" ] && kill -0 "$(cat "$1")" 2>/dev/null; }

wait_healthy() { # url seconds
  for _ in $(seq 1 $(($2 * 10))); do
    curl -fsS -o /dev/null --max-time 1 "$1" 2>/dev/null && return 0
    sleep 0.1
  done
  return 1
}

create_database() {
  case "$DATABASE_URL" in postgres://* | postgresql://*) ;; *) echo "topology: DATABASE_URL must be a PostgreSQL URL" >&2; exit 1 ;; esac
  local name admin
  name="${DATABASE_URL##*/}"
  name="${name%%\?*}"
  admin="${DATABASE_URL%/*}/postgres"
  if [ "$(psql "$admin" -tAc "select 1 from pg_database where datname = '$name'")" != "1" ]; then
    psql "$admin" -qc "create database \"$name\"" >/dev/null
    echo "topology: created database $name"
  fi
}

write_nginx_conf() {
  mkdir -p "$DIR/nginx-temp"
  local servers=""
  for p in "${APP_PORTS[@]}"; do servers+="    server 127.0.0.1:$p max_fails=1 fail_timeout=2s;"$'\n'; done
  cat >"$DIR/nginx.conf" <<EOF
# Written by scripts/topology.sh; see docs/deploying.md.
worker_processes 1;
pid $DIR/nginx.pid;
error_log $DIR/nginx-error.log warn;
events { worker_connections 2048; }
http {
  access_log off;
  client_body_temp_path $DIR/nginx-temp/body;
  proxy_temp_path $DIR/nginx-temp/proxy;
  fastcgi_temp_path $DIR/nginx-temp/fastcgi;
  uwsgi_temp_path $DIR/nginx-temp/uwsgi;
  scgi_temp_path $DIR/nginx-temp/scgi;
  # Results files are the largest bodies the API takes.
  client_max_body_size 20m;
  upstream finishline {
$servers    keepalive 64;
  }
  server {
    listen 127.0.0.1:$PORT;
    location / {
      proxy_pass http://finishline;
      proxy_http_version 1.1;
      proxy_set_header Connection "";
      proxy_set_header Host \$http_host;
      # The client's address, replacing whatever the client sent: the apps trust this header from nginx only.
      proxy_set_header X-Forwarded-For \$remote_addr;
      proxy_set_header X-Forwarded-Proto \$scheme;
      # A request that never reached an app goes to the other one. nginx never repeats a POST (non_idempotent is
      # off): a client that lost its answer retries with the same Idempotency-Key (docs/api.md).
      proxy_next_upstream error timeout http_502;
      # Server-sent events (results/live) pass through as they come.
      proxy_buffering off;
      proxy_read_timeout 1h;
    }
  }
}
EOF
}

start_app() { # port
  local port=$1 pidfile="$DIR/app-$1.pid"
  if alive "$pidfile"; then return 0; fi
  # node runs Next's server in this very process: the pid file names the app itself (kill -9 in the topology test).
  PORT="$port" TRUSTED_PROXIES="${TRUSTED_PROXIES:-127.0.0.1}" PUBLIC_URL="${PUBLIC_URL:-http://127.0.0.1:$PORT}" \
    nohup node node_modules/next/dist/bin/next start -p "$port" -H 127.0.0.1 >>"$DIR/app-$port.log" 2>&1 &
  echo $! >"$pidfile"
}

start() {
  command -v nginx >/dev/null 2>&1 || { echo "topology: nginx is missing (Debian: apt-get install nginx)" >&2; exit 1; }
  create_database
  if [ ! -f "$NEXT_DIST_DIR/BUILD_ID" ]; then
    echo "topology: building into $NEXT_DIST_DIR"
    npx next build >"$DIR/build.log" 2>&1 || { tail -30 "$DIR/build.log" >&2; exit 1; }
  fi
  npx tsx --conditions=react-server scripts/cli.ts db:migrate >/dev/null
  npx tsx --conditions=react-server scripts/cli.ts db:seed >/dev/null
  for p in "${APP_PORTS[@]}"; do start_app "$p"; done
  for p in "${APP_PORTS[@]}"; do
    wait_healthy "http://127.0.0.1:$p/api/health" 60 || { echo "topology: the app on :$p did not start (see $DIR/app-$p.log)" >&2; tail -20 "$DIR/app-$p.log" >&2; exit 1; }
  done
  if ! alive "$DIR/nginx.pid"; then
    write_nginx_conf
    nginx -c "$DIR/nginx.conf" -p "$DIR" -e "$DIR/nginx-error.log"
  fi
  wait_healthy "http://127.0.0.1:$PORT/api/health" 10 || { echo "topology: nginx does not answer on :$PORT (see $DIR/nginx-error.log)" >&2; exit 1; }
  echo "topology: http://127.0.0.1:$PORT -> apps on ${APP_PORTS[*]} -> $(sed -E 's#//[^@/]*@#//#' <<<"$DATABASE_URL")"
}

stop() {
  if alive "$DIR/nginx.pid"; then nginx -c "$DIR/nginx.conf" -p "$DIR" -e "$DIR/nginx-error.log" -s quit 2>/dev/null || kill "$(cat "$DIR/nginx.pid")"; fi
  for p in "${APP_PORTS[@]}"; do
    local pidfile="$DIR/app-$p.pid"
    if alive "$pidfile"; then
      kill "$(cat "$pidfile")" 2>/dev/null || true
      for _ in $(seq 1 50); do alive "$pidfile" || break; sleep 0.1; done
      alive "$pidfile" && kill -9 "$(cat "$pidfile")" 2>/dev/null
    fi
    rm -f "$pidfile"
  done
  for _ in $(seq 1 50); do alive "$DIR/nginx.pid" || break; sleep 0.1; done
  echo "topology: stopped"
}

status() {
  local s=0
  if alive "$DIR/nginx.pid"; then echo "nginx :$PORT running (pid $(cat "$DIR/nginx.pid"))"; else echo "nginx :$PORT stopped"; s=1; fi
  for p in "${APP_PORTS[@]}"; do
    if alive "$DIR/app-$p.pid"; then echo "app :$p running (pid $(cat "$DIR/app-$p.pid"))"; else echo "app :$p stopped"; s=1; fi
  done
  return $s
}

case "${1:-}" in
  start) start ;;
  stop) stop ;;
  status) status ;;
  *) echo "usage: bash scripts/topology.sh start|stop|status" >&2; exit 2 ;;
esac
