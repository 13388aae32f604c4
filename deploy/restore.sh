#!/bin/sh
# Restore a dump made by deploy/backup.sh into an EMPTY PostgreSQL database:
#
#   createdb -O diseasemaps diseasemaps_restored
#   deploy/restore.sh /var/backups/diseasemaps/diseasemaps-20261201-030000.dump \
#       postgres://diseasemaps:secret@db:5432/diseasemaps_restored
#
# It refuses a database that already has tables, restores in one transaction (all or nothing), then
# prints how many rows each table has, for comparing with the source. To put a backup back in
# production: stop the app servers and workers, restore into a new database, point DATABASE_URL at
# it (or rename the databases), run `manage.py migrate` (a no-op for a dump of the same release),
# start the servers. See docs/deploy.md, "Backups".
set -eu

if [ $# -ne 2 ]; then
    echo "usage: restore.sh DUMP_FILE DATABASE_URL_OF_AN_EMPTY_DATABASE" >&2
    exit 2
fi
dump=$1
url=$2
case "$url" in
    postgres://* | postgresql://*) ;;
    *) echo "restore.sh: the target must be a PostgreSQL URL (postgres://...)" >&2; exit 2 ;;
esac
pg_restore --list "$dump" >/dev/null

tables=$(psql "$url" -XAtc "SELECT count(*) FROM pg_tables WHERE schemaname = 'public'")
if [ "$tables" != 0 ]; then
    echo "restore.sh: the target database has $tables tables; restore into an empty one" >&2
    exit 1
fi

pg_restore --no-owner --no-privileges --single-transaction --exit-on-error --dbname="$url" "$dump"
# Planner statistics now, not when autovacuum gets to it (system catalogs are the owner's business).
psql "$url" -Xq -c "SET client_min_messages = error" -c "ANALYZE"

# Exact row counts of every table, one "table rows" line each.
psql "$url" -XAt -F ' ' <<'SQL'
SELECT format('SELECT %L, count(*) FROM %I.%I', tablename, schemaname, tablename)
FROM pg_tables WHERE schemaname = 'public' ORDER BY tablename
\gexec
SQL
