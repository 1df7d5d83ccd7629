#!/bin/sh
# redis-backup.sh — copies a point-in-time RDB snapshot from Redis (`redis-cli --rdb`)
# into $BACKUP_DIR as redis-<UTC timestamp>.rdb. Password: $REDISCLI_AUTH, optional.
# Under Sentinel ($REDIS_SENTINELS "host:port,…" and $REDIS_MASTER_NAME set) the snapshot
# comes from the current primary as the first Sentinel that answers names it; it falls back
# to $REDIS_HOST when no Sentinel answers.
set -eu
: "${BACKUP_DIR:?BACKUP_DIR is not set}" "${REDIS_HOST:?REDIS_HOST is not set}"
host="$REDIS_HOST"
port="${REDIS_PORT:-6379}"
if [ -n "${REDIS_SENTINELS:-}" ]; then
  for sentinel in $(printf '%s' "$REDIS_SENTINELS" | tr ',' ' '); do
    answer=$(redis-cli -h "${sentinel%:*}" -p "${sentinel##*:}" --raw SENTINEL get-master-addr-by-name "${REDIS_MASTER_NAME:?REDIS_MASTER_NAME is not set}" 2> /dev/null) || continue
    primary_port=$(printf '%s\n' "$answer" | sed -n 2p)
    case "$primary_port" in '' | *[!0-9]*) continue ;; esac
    host=$(printf '%s\n' "$answer" | sed -n 1p)
    port="$primary_port"
    echo "redis-backup: the Sentinels name $host:$port as the primary"
    break
  done
fi
stamp=$(date -u +%Y%m%dT%H%M%SZ)
tmp="$BACKUP_DIR/.redis-$stamp.rdb.partial"
mkdir -p "$BACKUP_DIR"
trap 'rm -f "$tmp"' EXIT
redis-cli -h "$host" -p "$port" --rdb "$tmp" > /dev/null || { echo "redis-backup: FAILED: redis-cli --rdb from $host:$port" >&2; exit 1; }
[ -s "$tmp" ] || { echo "redis-backup: FAILED: empty RDB" >&2; exit 1; }
mv "$tmp" "$BACKUP_DIR/redis-$stamp.rdb"
echo "redis-backup: ok $BACKUP_DIR/redis-$stamp.rdb"
