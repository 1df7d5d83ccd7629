#!/bin/sh
# s3-upload.sh — copies the backups in $BACKUP_DIR to s3://$S3_BUCKET/$S3_PREFIX/ and prunes
# that prefix by $RETENTION_DAYS, with the rules prune-backups.sh applies to a volume:
#   upload: the newest file of every group (one per database, per Redis, per Qdrant collection;
#           see s3-lib.sh), unless the prefix holds it already. Any failed upload fails the job.
#   prune:  objects older than $RETENTION_DAYS days are deleted; the age is the UTC timestamp in
#           the name (when the backup was taken); the newest object of every group is always
#           kept, however old: a backup that stopped working keeps its last copy.
# Credentials: AWS_ACCESS_KEY_ID / AWS_SECRET_ACCESS_KEY from a Secret. Needs the aws CLI.
set -eu
: "${BACKUP_DIR:?BACKUP_DIR is not set}" "${RETENTION_DAYS:?RETENTION_DAYS is not set}"
fail() { echo "s3-upload: FAILED: $*" >&2; exit 1; }
. "$(dirname "$0")/s3-lib.sh"
case "$RETENTION_DAYS" in
  '' | *[!0-9]*) fail "RETENTION_DAYS must be a whole number of days, got '$RETENTION_DAYS'" ;;
esac

before=$(mktemp)
after=$(mktemp)
trap 'rm -f "$before" "$after"' EXIT
list_backups > "$before"

# Newest first by modification time; hidden files (partial writes) never match the pattern.
# shellcheck disable=SC2086 # $pattern is a glob on purpose
files=$(ls -1t -- "$BACKUP_DIR"/$pattern 2> /dev/null) || fail "no backup matching $pattern in $BACKUP_DIR"
seen=' '
uploaded=0
for file in $files; do
  name=$(basename "$file")
  group=$(group_of "$name")
  case "$seen" in *" $group "*) continue ;; esac
  seen="$seen$group "
  if cut -d ' ' -f 3 "$before" | grep -qxF -- "$name"; then
    echo "s3-upload: $s3url/$name is there already"
    continue
  fi
  s3cp "$file" "$s3url/$name" || fail "upload of $file failed"
  echo "s3-upload: ok $s3url/$name ($(wc -c < "$file") bytes)"
  uploaded=$((uploaded + 1))
  # What the prefix holds now, without listing it again (each aws call costs a Python start-up).
  stamp=$(stamp_of "$name")
  printf '%s %s %s\n' "${stamp:-$(date -u +%Y%m%dT%H%M%SZ)}" "$group" "$name" >> "$before"
done

cutoff=$(date -u -d "@$(($(date +%s) - RETENTION_DAYS * 86400))" +%Y%m%dT%H%M%SZ)
sort -r "$before" > "$after"
seen=' '
deleted=0
kept=0
while read -r stamp group name; do
  case "$seen" in
    *" $group "*) ;;
    *)
      seen="$seen$group "
      kept=$((kept + 1))
      [ "$stamp" \< "$cutoff" ] && echo "s3-upload: keeping $name: it is the newest backup of its group ($group)"
      continue
      ;;
  esac
  if [ "$stamp" \< "$cutoff" ]; then
    s3rm "$s3url/$name" || fail "could not delete $s3url/$name"
    echo "s3-upload: deleted $name (older than $RETENTION_DAYS days)"
    deleted=$((deleted + 1))
  else
    kept=$((kept + 1))
  fi
done < "$after"
echo "s3-upload: ok, uploaded $uploaded, deleted $deleted, kept $kept in $s3url/"
