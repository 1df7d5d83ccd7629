# s3-lib.sh — shared by s3-upload.sh and s3-download.sh (sourced, not run).
# The objects of one store live under s3://$S3_BUCKET/$S3_PREFIX/, named as the backup scripts
# name their files: <group>-<UTC timestamp><suffix>, e.g. postgres-postgres-20261203T020000Z.dump,
# redis-20261203T021500Z.rdb, docs-20261203T023000Z.snapshot (group: the database, the Redis,
# the Qdrant collection). The timestamp is when the backup was taken: it decides the age and
# which backup of a group is the newest, exactly as prune-backups.sh does on a volume.
: "${S3_BUCKET:?S3_BUCKET is not set}" "${S3_ENDPOINT:?S3_ENDPOINT is not set}"
pattern="${BACKUP_PATTERN:-*.dump}"
prefix="${S3_PREFIX:-backups}"
prefix="${prefix%/}"
s3url="s3://$S3_BUCKET/$prefix"

s3api() { aws --endpoint-url "$S3_ENDPOINT" s3api "$@"; }
# stdin from /dev/null: called inside `while read` loops, the CLI must not eat their input.
s3cp() { aws --endpoint-url "$S3_ENDPOINT" s3 cp --only-show-errors --no-progress "$@" < /dev/null; }
s3rm() { aws --endpoint-url "$S3_ENDPOINT" s3 rm --only-show-errors "$@" < /dev/null; }

# The group of a backup name: the name without its -<UTC timestamp> suffix; names without one
# form one group, `-`.
group_of() {
  g=$(printf '%s\n' "$1" | sed -n 's/-[0-9]\{8\}T[0-9]\{6\}Z.*$//p')
  printf '%s\n' "${g:--}"
}
# The UTC timestamp in a backup name (empty without one).
stamp_of() { printf '%s\n' "$1" | sed -n 's/^.*-\([0-9]\{8\}T[0-9]\{6\}Z\).*$/\1/p'; }

# Writes "<stamp> <group> <name>" for every backup object under the prefix, newest first.
# Objects in sub-folders and names not matching $BACKUP_PATTERN are not backups of this job.
# A name without a timestamp takes the object's LastModified as its stamp.
list_backups() {
  raw=$(mktemp)
  s3api list-objects-v2 --bucket "$S3_BUCKET" --prefix "$prefix/" --query 'Contents[].[Key, LastModified]' --output text > "$raw" ||
    { rm -f "$raw"; fail "cannot list $s3url/"; }
  while IFS="$(printf '\t')" read -r key modified; do
    name="${key#"$prefix/"}"
    [ "$key" != None ] && [ -n "$name" ] || continue
    case "$name" in */*) continue ;; esac
    # shellcheck disable=SC2254 # $pattern is a glob on purpose
    case "$name" in $pattern) ;; *) continue ;; esac
    stamp=$(stamp_of "$name")
    [ -n "$stamp" ] || stamp="$(printf '%s' "$modified" | tr -d -- '-:' | cut -c1-15)Z"
    printf '%s %s %s\n' "$stamp" "$(group_of "$name")" "$name"
  done < "$raw" | sort -r
  rm -f "$raw"
}
