#!/bin/sh
# pg-restore-verify.sh — proves that the latest dump in $BACKUP_DIR restores.
# It starts a throwaway PostgreSQL server in a scratch directory (no load on, and no
# privileges in, the production database), restores the dump with --exit-on-error and checks:
#   1. the dump lists (pg_restore --list) and restores without error;
#   2. at least one table comes back;
#   3. every table in $VERIFY_TABLES (space-separated) has rows;
#   4. $VERIFY_QUERY, when set, returns true (`t`).
# Any failure exits non-zero with the reason on the last line: the Job fails loudly.
set -eu
: "${BACKUP_DIR:?BACKUP_DIR is not set}"
pattern="${BACKUP_PATTERN:-*.dump}"
scratch="${SCRATCH_DIR:-${TMPDIR:-/tmp}}/restore-verify.$$"

fail() { echo "pg-restore-verify: FAILED: $*" >&2; exit 1; }

latest=$(find "$BACKUP_DIR" -maxdepth 1 -type f -name "$pattern" ! -name '.*' -exec ls -1t {} + 2>/dev/null | head -n 1)
[ -n "$latest" ] || fail "no backup matching $pattern in $BACKUP_DIR"
[ -s "$latest" ] || fail "$latest is empty"
echo "pg-restore-verify: verifying $latest"
mkdir -p "$scratch"
cleanup() {
  pg_ctl -D "$scratch/data" -m immediate stop > /dev/null 2>&1 || true
  rm -rf "$scratch"
}
trap cleanup EXIT
pg_restore --list "$latest" > "$scratch/toc" || fail "$latest does not list with pg_restore (corrupt or not a custom-format dump)"
entries=$(grep -c -v '^;' "$scratch/toc" || true)
[ "$entries" -gt 0 ] || fail "$latest lists no entries"
initdb -D "$scratch/data" -U verify --auth=trust --no-locale -E UTF8 > "$scratch/initdb.log" 2>&1 || { cat "$scratch/initdb.log" >&2; fail "initdb of the scratch server failed"; }
pg_ctl -D "$scratch/data" -l "$scratch/server.log" -w -t 60 \
  -o "-c listen_addresses='' -k $scratch -p 54329 -c fsync=off" start > /dev/null || { cat "$scratch/server.log" >&2; fail "the scratch server did not start"; }

export PGHOST="$scratch" PGPORT=54329 PGUSER=verify PGDATABASE=restore_verify
unset PGPASSWORD PGSERVICE PGSSLMODE 2> /dev/null || true
createdb restore_verify || fail "could not create the scratch database"
pg_restore --exit-on-error --no-owner --no-privileges --dbname=restore_verify "$latest" || fail "pg_restore of $latest failed"

sql() { psql -X -A -t -q -v ON_ERROR_STOP=1 -c "$1"; }
tables=$(sql "SELECT count(*) FROM pg_catalog.pg_tables WHERE schemaname NOT IN ('pg_catalog', 'information_schema')") || fail "could not count tables"
[ "$tables" -gt 0 ] || fail "the restored database has no tables"
echo "pg-restore-verify: restored $entries entries, $tables tables"

for table in ${VERIFY_TABLES:-}; do
  rows=$(sql "SELECT count(*) FROM (SELECT 1 FROM $table LIMIT 1) AS t") || fail "table $table cannot be read"
  [ "$rows" -gt 0 ] || fail "table $table has no rows"
  echo "pg-restore-verify: table $table has rows"
done

if [ -n "${VERIFY_QUERY:-}" ]; then
  result=$(sql "$VERIFY_QUERY") || fail "the integrity query failed"
  [ "$result" = t ] || fail "the integrity query returned '$result', not t"
  echo "pg-restore-verify: integrity query returned t"
fi
echo "pg-restore-verify: ok $latest"
