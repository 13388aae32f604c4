#!/bin/sh
# Back up the Diseasemaps database with pg_dump, in its custom format (compressed, restorable table by
# table with pg_restore). Run it from cron or a systemd timer on any host that reaches the database:
#
#   deploy/backup.sh                         # DATABASE_URL from the environment, or from ENV_FILE
#                                            # (default /etc/diseasemaps/env, quotes allowed)
#   BACKUP_DIR=/var/backups/diseasemaps KEEP_DAYS=30 deploy/backup.sh
#
# It writes BACKUP_DIR/diseasemaps-YYYYMMDD-HHMMSS.dump (default /var/backups/diseasemaps), checks that
# pg_restore can read the whole file, then deletes dumps older than KEEP_DAYS (default 14). It prints
# the file's path. A failed dump leaves no file behind and exits non-zero. Restore: deploy/restore.sh.
# The dump holds members' health data and emails: keep BACKUP_DIR private (this script creates it 0700)
# and encrypt the copies you send elsewhere. See docs/deploy.md.
set -eu

ENV_FILE=${ENV_FILE:-/etc/diseasemaps/env}
if [ -z "${DATABASE_URL:-}" ] && [ -r "$ENV_FILE" ]; then
    DATABASE_URL=$(sed -n 's/^DATABASE_URL=//p' "$ENV_FILE" | tail -n 1 | sed 's/^"\(.*\)"$/\1/')
fi
case "${DATABASE_URL:-}" in
    postgres://* | postgresql://*) ;;
    *) echo "backup.sh: DATABASE_URL must name a PostgreSQL database (postgres://...)" >&2; exit 2 ;;
esac
BACKUP_DIR=${BACKUP_DIR:-/var/backups/diseasemaps}
KEEP_DAYS=${KEEP_DAYS:-14}

umask 077
mkdir -p "$BACKUP_DIR"
target="$BACKUP_DIR/diseasemaps-$(date -u +%Y%m%d-%H%M%S).dump"
partial="$target.partial"
trap 'rm -f "$partial"' EXIT INT TERM

# --no-owner and --no-privileges: the dump restores into a database owned by any role.
pg_dump --format=custom --no-owner --no-privileges --file="$partial" "$DATABASE_URL"
pg_restore --list "$partial" >/dev/null   # the file is whole and readable
mv "$partial" "$target"
trap - EXIT INT TERM

find "$BACKUP_DIR" -maxdepth 1 -name 'diseasemaps-*.dump' -mtime +"$KEEP_DAYS" -delete
echo "$target"
