#!/bin/sh
# s3-download.sh — downloads from s3://$S3_BUCKET/$S3_PREFIX/ into $BACKUP_DIR the newest backup
# of every group (see s3-lib.sh), or only the object named $S3_OBJECT: the first step of a
# restore from the object store. A download lands under a hidden name first and is renamed
# when complete, so a half-downloaded file never looks like a backup.
# Credentials: AWS_ACCESS_KEY_ID / AWS_SECRET_ACCESS_KEY. Needs the aws CLI.
set -eu
: "${BACKUP_DIR:?BACKUP_DIR is not set}"
fail() { echo "s3-download: FAILED: $*" >&2; exit 1; }
. "$(dirname "$0")/s3-lib.sh"

listing=$(mktemp)
chosen=$(mktemp)
trap 'rm -f "$listing" "$chosen" "$BACKUP_DIR"/.s3-download.partial' EXIT
mkdir -p "$BACKUP_DIR"
list_backups > "$listing"
seen=' '
while read -r stamp group name; do
  if [ -n "${S3_OBJECT:-}" ]; then
    [ "$name" = "$S3_OBJECT" ] || continue
  else
    case "$seen" in *" $group "*) continue ;; esac
    seen="$seen$group "
  fi
  echo "$stamp $group $name" >> "$chosen"
done < "$listing"
# Oldest first: the newest backup is written last, so it is also the newest file (what
# pg-restore-verify.sh and the other readers of $BACKUP_DIR pick by modification time).
count=0
sort "$chosen" > "$listing"
while read -r _stamp _group name; do
  s3cp "$s3url/$name" "$BACKUP_DIR/.s3-download.partial" || fail "download of $s3url/$name failed"
  [ -s "$BACKUP_DIR/.s3-download.partial" ] || fail "$s3url/$name is empty"
  mv "$BACKUP_DIR/.s3-download.partial" "$BACKUP_DIR/$name"
  touch "$BACKUP_DIR/$name" # the CLI dates a download by the object's upload time; the order above is what counts
  echo "s3-download: ok $BACKUP_DIR/$name ($(wc -c < "$BACKUP_DIR/$name") bytes)"
  count=$((count + 1))
done < "$listing"
[ "$count" -gt 0 ] || fail "no backup ${S3_OBJECT:-matching $pattern} in $s3url/"
echo "s3-download: ok, $count backup(s)"
