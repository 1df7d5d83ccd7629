#!/bin/sh
# prune-backups.sh — deletes backups in $BACKUP_DIR matching $BACKUP_PATTERN (default `*.dump`)
# that are older than $RETENTION_DAYS days. The newest backup is always kept, however old,
# so a backup job that stopped working never leaves the volume empty.
set -eu
: "${BACKUP_DIR:?BACKUP_DIR is not set}" "${RETENTION_DAYS:?RETENTION_DAYS is not set}"
pattern="${BACKUP_PATTERN:-*.dump}"

case "$RETENTION_DAYS" in
  '' | *[!0-9]*) echo "prune-backups: RETENTION_DAYS must be a whole number of days, got '$RETENTION_DAYS'" >&2; exit 1 ;;
esac

newest=$(find "$BACKUP_DIR" -maxdepth 1 -type f -name "$pattern" ! -name '.*' -exec ls -1t {} + 2>/dev/null | head -n 1)
minutes=$((RETENTION_DAYS * 1440))
deleted=0
for file in $(find "$BACKUP_DIR" -maxdepth 1 -type f -name "$pattern" ! -name '.*' -mmin +"$minutes" | sort); do
  if [ "$file" = "$newest" ]; then
    echo "prune-backups: keeping $file: it is the newest backup"
    continue
  fi
  rm -f -- "$file"
  echo "prune-backups: deleted $file (older than $RETENTION_DAYS days)"
  deleted=$((deleted + 1))
done
kept=$(find "$BACKUP_DIR" -maxdepth 1 -type f -name "$pattern" ! -name '.*' | wc -l)
echo "prune-backups: ok, deleted $deleted, kept $kept"
