#!/bin/sh
# qdrant-snapshot.sh — snapshots every Qdrant collection through its HTTP API
# (POST /collections/<c>/snapshots), downloads each into $BACKUP_DIR as
# <collection>-<UTC timestamp>.snapshot and deletes it on the server again.
# Needs curl, sed and grep (the curlimages/curl image). API key: $QDRANT_API_KEY, optional.
# Distributed Qdrant: a collection snapshot holds only the shards of the peer that takes it,
# so with $QDRANT_PEERS ("http://host:port,…", one URL per peer) every peer is snapshotted,
# into <collection>-<peer>-<UTC timestamp>.snapshot (<peer>: the first label of its host).
set -eu
: "${BACKUP_DIR:?BACKUP_DIR is not set}"
[ -n "${QDRANT_PEERS:-}" ] || : "${QDRANT_URL:?QDRANT_URL is not set}"

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
count=0

# snapshot_peer URL LABEL: every collection of the peer at URL, files named <collection>LABEL-<stamp>.
snapshot_peer() {
  url="$1"
  api "$url/collections" > "$response" || fail "cannot list collections at $url"
  grep -q '"collections"' "$response" || fail "unexpected answer from $url/collections: $(head -c 200 "$response")"
  collections=$(names < "$response")
  [ -n "$collections" ] || echo "qdrant-snapshot: Qdrant at $url has no collections yet: nothing to snapshot" >&2
  for collection in $collections; do
    api -X POST "$url/collections/$collection/snapshots?wait=true" > "$response" || fail "snapshot of $collection at $url failed"
    snapshot=$(names < "$response" | head -n 1)
    [ -n "$snapshot" ] || fail "Qdrant at $url returned no snapshot name for $collection"
    file="$BACKUP_DIR/$collection$2-$stamp.snapshot"
    api -o "$BACKUP_DIR/.partial" "$url/collections/$collection/snapshots/$snapshot" || fail "download of $snapshot from $url failed"
    [ -s "$BACKUP_DIR/.partial" ] || fail "snapshot $snapshot of $collection at $url is empty"
    mv "$BACKUP_DIR/.partial" "$file"
    api -X DELETE "$url/collections/$collection/snapshots/$snapshot" > /dev/null || echo "qdrant-snapshot: could not delete $snapshot on $url" >&2
    echo "qdrant-snapshot: ok $file ($(wc -c < "$file") bytes)"
    count=$((count + 1))
  done
}

if [ -n "${QDRANT_PEERS:-}" ]; then
  peers=0
  for peer in $(printf '%s' "$QDRANT_PEERS" | tr ',' ' '); do
    host=${peer#*://}
    snapshot_peer "$peer" "-${host%%[.:/]*}"
    peers=$((peers + 1))
  done
  echo "qdrant-snapshot: ok, $count collection snapshot(s) on $peers peer(s)"
else
  snapshot_peer "$QDRANT_URL" ""
  echo "qdrant-snapshot: ok, $count collection(s)"
fi
