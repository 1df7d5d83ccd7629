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
# API answers go to a file first: in a pipe, a failed curl would hide behind sed's success.
response=$(mktemp)
trap 'rm -f "$response" "$BACKUP_DIR/.partial"' EXIT
api "$QDRANT_URL/collections" > "$response" || fail "cannot list collections at $QDRANT_URL"
grep -q '"collections"' "$response" || fail "unexpected answer from $QDRANT_URL/collections: $(head -c 200 "$response")"
collections=$(names < "$response")
[ -n "$collections" ] || echo "qdrant-snapshot: Qdrant has no collections yet: nothing to snapshot" >&2
count=0
for collection in $collections; do
  api -X POST "$QDRANT_URL/collections/$collection/snapshots?wait=true" > "$response" || fail "snapshot of $collection failed"
  snapshot=$(names < "$response" | head -n 1)
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
