#!/usr/bin/env bash
# The store tests run against a real PostgreSQL on 127.0.0.1:5432 (trust auth, database
# `test`). Start the local cluster when it is down; fail loudly when it cannot be reached.
set -euo pipefail
HOST=127.0.0.1
PORT=5432
if pg_isready -q -h "$HOST" -p "$PORT" 2>/dev/null; then
  exit 0
fi
if command -v pg_ctlcluster >/dev/null && [ -d /etc/postgresql ]; then
  version=$(ls /etc/postgresql | sort -V | tail -n 1)
  echo "ensure_postgres: starting PostgreSQL $version" >&2
  pg_ctlcluster --skip-systemctl-redirect "$version" main start || true
fi
for _ in $(seq 1 30); do
  if pg_isready -q -h "$HOST" -p "$PORT" 2>/dev/null; then
    exit 0
  fi
  sleep 1
done
echo "ensure_postgres: PostgreSQL is not accepting connections on $HOST:$PORT;" \
     "the store tests need it (see README, 'Running the tests')" >&2
exit 1
