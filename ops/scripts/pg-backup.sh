#!/bin/sh
# pg-backup.sh — one custom-format (`pg_dump -Fc`) dump of $PGDATABASE into $BACKUP_DIR.
# The dump is written under a hidden temporary name and renamed only once it lists
# cleanly with pg_restore, so a half-written or unreadable dump never looks like a backup.
# Connection: the libpq variables PGHOST, PGPORT, PGUSER, PGDATABASE (PGPASSWORD from a Secret).
set -eu
: "${BACKUP_DIR:?BACKUP_DIR is not set}" "${PGDATABASE:?PGDATABASE is not set}"

fail() { echo "pg-backup: FAILED: $*" >&2; exit 1; }

stamp=$(date -u +%Y%m%dT%H%M%SZ)
name="${BACKUP_PREFIX:-$PGDATABASE}-$stamp.dump"
tmp="$BACKUP_DIR/.$name.partial"
mkdir -p "$BACKUP_DIR"
trap 'rm -f "$tmp" "$tmp.toc"' EXIT

echo "pg-backup: dumping database $PGDATABASE from ${PGHOST:-local socket}:${PGPORT:-5432} to $BACKUP_DIR/$name"
pg_dump --format=custom --compress=6 --no-password --file="$tmp" "$PGDATABASE" || fail "pg_dump exited with $?"
[ -s "$tmp" ] || fail "pg_dump wrote an empty file"
pg_restore --list "$tmp" > "$tmp.toc" || fail "the dump does not list with pg_restore"
entries=$(grep -c -v '^;' "$tmp.toc" || true)
[ "$entries" -gt 0 ] || fail "the dump lists no entries"
mv "$tmp" "$BACKUP_DIR/$name"
echo "pg-backup: ok $BACKUP_DIR/$name ($(wc -c < "$BACKUP_DIR/$name") bytes, $entries entries)"
