#!/usr/bin/env bash
# Makes sure a PostgreSQL server answers on 127.0.0.1:5432 and writes a URL for it to
# .ci/.pg-url. On these machines it is installed and normally running (trust auth); if it is
# down it is started; on a machine without it, Debian's package is installed.
set -euo pipefail
cd "$(dirname "$0")"

if ! command -v pg_ctlcluster >/dev/null 2>&1; then
  echo "PostgreSQL is not installed: installing Debian's package"
  apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq postgresql >/dev/null
fi

if ! pg_isready -q -h 127.0.0.1 -p 5432; then
  echo "PostgreSQL is down: starting it"
  pg_ctlcluster --skip-systemctl-redirect "$(ls /etc/postgresql | sort -V | tail -n 1)" main start || true
  for _ in $(seq 1 30); do pg_isready -q -h 127.0.0.1 -p 5432 && break; sleep 1; done
fi
pg_isready -h 127.0.0.1 -p 5432

url="postgres://postgres@127.0.0.1:5432/postgres"
if ! psql "$url" -Atqc 'select 1' >/dev/null 2>&1; then
  # A stock install asks for a password over TCP: give the postgres role one, via the socket.
  su postgres -c "psql -qc \"ALTER USER postgres PASSWORD 'postgres'\"" >/dev/null
  url="postgres://postgres:postgres@127.0.0.1:5432/postgres"
fi
psql "$url" -Atqc 'select version()'
echo "$url" > .pg-url
