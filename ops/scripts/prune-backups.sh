#!/bin/sh
# prune-backups.sh — deletes backups in $BACKUP_DIR matching $BACKUP_PATTERN (default `*.dump`)
# that are older than $RETENTION_DAYS days. Backups are grouped by name without their
# `-<UTC timestamp>` suffix (one group per database or collection; names without a timestamp
# form one group), and the newest backup of every group is always kept, however old: a backup
# job that stopped working, or a collection that stopped being snapshotted, keeps its last copy.
set -eu
: "${BACKUP_DIR:?BACKUP_DIR is not set}" "${RETENTION_DAYS:?RETENTION_DAYS is not set}"
pattern="${BACKUP_PATTERN:-*.dump}"

case "$RETENTION_DAYS" in
  '' | *[!0-9]*) echo "prune-backups: RETENTION_DAYS must be a whole number of days, got '$RETENTION_DAYS'" >&2; exit 1 ;;
esac

minutes=$((RETENTION_DAYS * 1440))
listing=$(mktemp)
old=$(mktemp)
trap 'rm -f "$listing" "$old"' EXIT
# Newest first; hidden files (partial downloads) are never backups.
find "$BACKUP_DIR" -maxdepth 1 -type f -name "$pattern" ! -name '.*' -exec ls -1t {} + > "$listing" 2>/dev/null || true
find "$BACKUP_DIR" -maxdepth 1 -type f -name "$pattern" ! -name '.*' -mmin +"$minutes" > "$old"

seen=' '
deleted=0
while IFS= read -r file; do
  group=$(basename "$file" | sed -n 's/-[0-9]\{8\}T[0-9]\{6\}Z.*$//p')
  case "$seen" in
    *" $group "*) ;;
    *)
      seen="$seen$group "
      grep -qxF -- "$file" "$old" && echo "prune-backups: keeping $file: it is the newest backup of $group"
      continue
      ;;
  esac
  if grep -qxF -- "$file" "$old"; then
    rm -f -- "$file"
    echo "prune-backups: deleted $file (older than $RETENTION_DAYS days)"
    deleted=$((deleted + 1))
  fi
done < "$listing"
kept=$(find "$BACKUP_DIR" -maxdepth 1 -type f -name "$pattern" ! -name '.*' | wc -l)
echo "prune-backups: ok, deleted $deleted, kept $kept"
