#!/bin/sh
# qdrant-snapshot.sh — snapshots every Qdrant collection through its HTTP API
# (POST /collections/<c>/snapshots), downloads each into $BACKUP_DIR as
# <collection>-<UTC timestamp>.snapshot and deletes it on the server again.
# Needs curl, sed and grep (the curlimages/curl image). API key: $QDRANT_API_KEY, optional.
set -eu
: "${BACKUP_DIR:?BACKUP_DIR is not set}" "${QDRANT_URL:?QDRANT_URL is not set}"

fail() { echo "qdrant-snapshot: FAILED: $*" >&2; exit 1; }
api() {
  if [ -n "${QDRANT_API_KEY:-}" ]; then curl -fsS --retry 3 -H "api-key: $QDRANT_API_KEY" "$@"; else curl -fsS --retry 3 "$@"; fi
}
names() { grep -o '"name":"[^"]*"' | sed 's/^"name":"//; s/"$//'; }

stamp=$(date -u +%Y%m%dT%H%M%SZ)
mkdir -p "$BACKUP_DIR"
collections=$(api "$QDRANT_URL/collections" | names) || fail "cannot list collections at $QDRANT_URL"
count=0
for collection in $collections; do
  snapshot=$(api -X POST "$QDRANT_URL/collections/$collection/snapshots?wait=true" | names | head -n 1) || fail "snapshot of $collection failed"
  [ -n "$snapshot" ] || fail "Qdrant returned no snapshot name for $collection"
  file="$BACKUP_DIR/$collection-$stamp.snapshot"
  api -o "$BACKUP_DIR/.partial" "$QDRANT_URL/collections/$collection/snapshots/$snapshot" || fail "download of $snapshot failed"
  [ -s "$BACKUP_DIR/.partial" ] || fail "snapshot $snapshot of $collection is empty"
  mv "$BACKUP_DIR/.partial" "$file"
  api -X DELETE "$QDRANT_URL/collections/$collection/snapshots/$snapshot" > /dev/null || echo "qdrant-snapshot: could not delete $snapshot on the server" >&2
  echo "qdrant-snapshot: ok $file ($(wc -c < "$file") bytes)"
  count=$((count + 1))
done
echo "qdrant-snapshot: ok, $count collection(s)"
