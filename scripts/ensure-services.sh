#!/usr/bin/env bash
# What `npm test` needs besides node_modules, installed or started when missing (Debian; root or sudo):
#   - Chromium at /usr/bin/chromium (Playwright uses Debian's build: no browser downloads) and CJK fonts;
#   - PostgreSQL answering on 127.0.0.1:5432 with trust auth for user postgres (the `postgres` vitest project);
#   - faketime (libfaketime), which runs the date-sensitive tests again with the clock a year ahead;
#   - nginx, the proxy of the topology test (test/topology: two app processes behind nginx on PostgreSQL).
# Usage: bash scripts/ensure-services.sh [chromium] [postgres] [faketime] [nginx]   (no argument: all). Exit 1 if one is still missing.
set -uo pipefail

want=("$@")
[ ${#want[@]} -eq 0 ] && want=(chromium postgres faketime nginx)

SUDO=""
if [ "$(id -u)" -ne 0 ]; then
  if command -v sudo >/dev/null 2>&1; then SUDO="sudo"; else echo "ensure-services: not root and no sudo; cannot install packages" >&2; fi
fi
export DEBIAN_FRONTEND=noninteractive
apt_updated=0

apt_install() {
  if [ "$apt_updated" -eq 0 ]; then
    $SUDO apt-get update -qq || true
    apt_updated=1
  fi
  $SUDO apt-get install -y -qq --no-install-recommends "$@"
}

has_package() { dpkg-query -W -f='${Status}' "$1" 2>/dev/null | grep -q "install ok installed"; }

status=0

ensure_chromium() {
  local missing=()
  [ -x /usr/bin/chromium ] || missing+=(chromium)
  has_package fonts-noto-cjk || missing+=(fonts-noto-cjk)
  if [ ${#missing[@]} -gt 0 ]; then
    echo "ensure-services: installing ${missing[*]}"
    apt_install "${missing[@]}" >/dev/null || true
  fi
  if [ -x /usr/bin/chromium ]; then
    echo "ensure-services: $(/usr/bin/chromium --version 2>/dev/null || echo chromium) ready"
  else
    echo "ensure-services: /usr/bin/chromium is missing" >&2
    status=1
  fi
}

pg_up() { pg_isready -q -h 127.0.0.1 -p 5432 >/dev/null 2>&1; }
pg_version() { ls /etc/postgresql 2>/dev/null | sort -V | tail -1; }

# Trust auth for TCP connections from this machine (only on a server we installed or whose login fails).
pg_trust_localhost() {
  local v hba
  v=$(pg_version)
  hba="/etc/postgresql/$v/main/pg_hba.conf"
  [ -f "$hba" ] || return 0
  $SUDO sed -i -E \
    -e 's#^(host[[:space:]]+all[[:space:]]+all[[:space:]]+127\.0\.0\.1/32[[:space:]]+)[a-z0-9-]+#\1trust#' \
    -e 's#^(host[[:space:]]+all[[:space:]]+all[[:space:]]+::1/128[[:space:]]+)[a-z0-9-]+#\1trust#' "$hba"
  grep -Eq '^host[[:space:]]+all[[:space:]]+all[[:space:]]+127\.0\.0\.1/32[[:space:]]+trust' "$hba" ||
    echo "host all all 127.0.0.1/32 trust" | $SUDO tee -a "$hba" >/dev/null
}

pg_start() {
  local v
  v=$(pg_version)
  [ -n "$v" ] || return 1
  [ -d "/etc/postgresql/$v/main" ] || $SUDO pg_createcluster "$v" main >/dev/null || return 1
  $SUDO pg_ctlcluster --skip-systemctl-redirect "$v" main start 2>/dev/null ||
    $SUDO pg_ctlcluster "$v" main start 2>/dev/null || true
  for _ in $(seq 1 30); do pg_up && return 0; sleep 1; done
  return 1
}

pg_login_ok() { psql -h 127.0.0.1 -U postgres -d postgres -w -Atc 'select 1' >/dev/null 2>&1; }

ensure_postgres() {
  if ! pg_up; then
    if [ -z "$(pg_version)" ] || ! command -v pg_ctlcluster >/dev/null 2>&1; then
      echo "ensure-services: installing postgresql"
      apt_install postgresql >/dev/null || true
      pg_trust_localhost
    fi
    echo "ensure-services: starting PostgreSQL $(pg_version)"
    pg_start || true
  fi
  if pg_up && ! pg_login_ok; then
    echo "ensure-services: enabling trust auth for 127.0.0.1 (user postgres)"
    pg_trust_localhost
    $SUDO pg_ctlcluster --skip-systemctl-redirect "$(pg_version)" main reload 2>/dev/null || true
    sleep 1
  fi
  if pg_up && pg_login_ok; then
    echo "ensure-services: PostgreSQL ready on 127.0.0.1:5432"
  else
    echo "ensure-services: PostgreSQL is not answering on 127.0.0.1:5432 as postgres (trust)" >&2
    status=1
  fi
}

ensure_faketime() {
  command -v faketime >/dev/null 2>&1 || { echo "ensure-services: installing faketime"; apt_install faketime >/dev/null || true; }
  if command -v faketime >/dev/null 2>&1; then
    echo "ensure-services: faketime ready"
  else
    echo "ensure-services: faketime is missing" >&2
    status=1
  fi
}

ensure_nginx() {
  # Only the binary: the topology test runs its own nginx with its own configuration (scripts/topology.sh).
  command -v nginx >/dev/null 2>&1 || [ -x /usr/sbin/nginx ] || { echo "ensure-services: installing nginx"; apt_install nginx-light >/dev/null || apt_install nginx >/dev/null || true; }
  if command -v nginx >/dev/null 2>&1 || [ -x /usr/sbin/nginx ]; then
    echo "ensure-services: nginx ready"
  else
    echo "ensure-services: nginx is missing" >&2
    status=1
  fi
}

for w in "${want[@]}"; do
  case "$w" in
    chromium) ensure_chromium ;;
    postgres) ensure_postgres ;;
    faketime) ensure_faketime ;;
    nginx) ensure_nginx ;;
    *) echo "ensure-services: unknown service $w" >&2; status=1 ;;
  esac
done
exit "$status"
