#!/bin/sh
# redis-backup.sh — copies a point-in-time RDB snapshot from Redis (`redis-cli --rdb`)
# into $BACKUP_DIR as redis-<UTC timestamp>.rdb. Password: $REDISCLI_AUTH, optional.
set -eu
: "${BACKUP_DIR:?BACKUP_DIR is not set}" "${REDIS_HOST:?REDIS_HOST is not set}"
stamp=$(date -u +%Y%m%dT%H%M%SZ)
tmp="$BACKUP_DIR/.redis-$stamp.rdb.partial"
mkdir -p "$BACKUP_DIR"
trap 'rm -f "$tmp"' EXIT
redis-cli -h "$REDIS_HOST" -p "${REDIS_PORT:-6379}" --rdb "$tmp" > /dev/null || { echo "redis-backup: FAILED: redis-cli --rdb" >&2; exit 1; }
[ -s "$tmp" ] || { echo "redis-backup: FAILED: empty RDB" >&2; exit 1; }
mv "$tmp" "$BACKUP_DIR/redis-$stamp.rdb"
echo "redis-backup: ok $BACKUP_DIR/redis-$stamp.rdb"
