#!/usr/bin/env bash
# `make bench`: every benchmark, one after the other, each on a fresh database. Arguments: the
# project's Python and the PostgreSQL server's URL (without a database name).
set -euo pipefail
PY=$1
PG=$2
began=$(date +%s)
step() { echo; echo "=== $* ($(( $(date +%s) - began )) s)"; }
# Every ZoneInvest database below is a copy of one migrated at the start (bench/migrated.py):
# their own `migrate` then has nothing to do.
export BENCH_TEMPLATE=bench_zoneinvest_template
# ... and every one serves the static files collected once, here (removed at the end, or cut).
BENCH_STATIC_ROOT=$(mktemp -d /tmp/zoneinvest-bench-static.XXXXXX)
export BENCH_STATIC_ROOT
trap 'rm -rf "$BENCH_STATIC_ROOT"' EXIT
fresh() {  # a fresh PostgreSQL database, migrated and empty; prints its URL
    psql "$PG/postgres" -q -c "DROP DATABASE IF EXISTS \"$1\" WITH (FORCE)" \
        -c "CREATE DATABASE \"$1\" TEMPLATE \"$BENCH_TEMPLATE\"" >&2
    echo "$PG/$1"
}

step "a migrated template database, the static files collected"
psql "$PG/postgres" -q -c "DROP DATABASE IF EXISTS \"$BENCH_TEMPLATE\" WITH (FORCE)" \
    -c "CREATE DATABASE \"$BENCH_TEMPLATE\""
DATABASE_URL="$PG/$BENCH_TEMPLATE" "$PY" bench/migrated.py

step "raw SQL / ZoneInvest / BottleCRM"; "$PY" bench/compare.py --large
step "an API request taken apart";       "$PY" bench/breakdown.py
step "cached portal under load";         "$PY" bench/portal_load.py
step "pipeline pages, SQLite";           "$PY" bench/run.py
step "pipeline pages, PostgreSQL";       DATABASE_URL=$(fresh bench) "$PY" bench/run.py
step "portal pages, SQLite";             "$PY" bench/portal.py
step "portal pages, PostgreSQL";         DATABASE_URL=$(fresh bench_portal) "$PY" bench/portal.py
step "100,000-row import, SQLite";       "$PY" bench/imports.py 100000
step "100,000-row import, PostgreSQL";   DATABASE_URL=$(fresh bench_import) "$PY" bench/imports.py 100000
step "matching, PostgreSQL";             DATABASE_URL=$(fresh bench_match) "$PY" bench/matching.py
step "search at 1,000,000, PostgreSQL";  DATABASE_URL=$(fresh bench_search) "$PY" bench/search.py --fill --runs 3
step "the list's count at 1,000,000";    DATABASE_URL="$PG/bench_search" "$PY" bench/counts.py
for db in bench bench_portal bench_import bench_match bench_search "$BENCH_TEMPLATE"; do
    psql "$PG/postgres" -q -c "DROP DATABASE IF EXISTS \"$db\" WITH (FORCE)"
done
step "done"
