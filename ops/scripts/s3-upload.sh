#!/bin/sh
# s3-upload.sh — uploads the newest backup in $BACKUP_DIR to s3://$S3_BUCKET/$S3_PREFIX/ and
# deletes objects there older than $RETENTION_DAYS days (never the newest one).
# Credentials: AWS_ACCESS_KEY_ID / AWS_SECRET_ACCESS_KEY from a Secret. Needs the aws CLI.
set -eu
: "${BACKUP_DIR:?}" "${S3_BUCKET:?}" "${S3_ENDPOINT:?}" "${RETENTION_DAYS:?}"
pattern="${BACKUP_PATTERN:-*.dump}"
prefix="${S3_PREFIX:-backups}"
fail() { echo "s3-upload: FAILED: $*" >&2; exit 1; }
s3() { aws --endpoint-url "$S3_ENDPOINT" s3 "$@"; }

latest=$(find "$BACKUP_DIR" -maxdepth 1 -type f -name "$pattern" ! -name '.*' -exec ls -1t {} + 2>/dev/null | head -n 1)
[ -n "$latest" ] || fail "no backup matching $pattern in $BACKUP_DIR"
s3 cp --only-show-errors "$latest" "s3://$S3_BUCKET/$prefix/$(basename "$latest")" || fail "upload of $latest failed"
echo "s3-upload: ok s3://$S3_BUCKET/$prefix/$(basename "$latest")"

cutoff=$(date -u -d "@$(($(date +%s) - RETENTION_DAYS * 86400))" +%Y-%m-%d)
newest=$(basename "$latest")
s3 ls "s3://$S3_BUCKET/$prefix/" | while read -r day _time _size key; do
  [ -n "$key" ] && [ "$key" != "$newest" ] || continue
  if [ "$day" \< "$cutoff" ]; then
    s3 rm --only-show-errors "s3://$S3_BUCKET/$prefix/$key" && echo "s3-upload: deleted $key (from $day)"
  fi
done
