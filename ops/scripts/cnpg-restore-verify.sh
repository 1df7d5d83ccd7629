#!/bin/sh
# cnpg-restore-verify.sh — proves that a CloudNativePG store restores from its object store
# within the RTO. It creates a throwaway Cluster $VERIFY_CLUSTER from $CLUSTER_MANIFEST
# (bootstrap.recovery from the same ObjectStore: the latest base backup + every archived WAL),
# waits until it is Ready, then checks inside its primary $VERIFY_CLUSTER-1:
#   1. at least one table comes back in $VERIFY_DATABASE;
#   2. every table in $VERIFY_TABLES (space-separated) has rows;
#   3. $VERIFY_QUERY, when set, returns true (`t`).
# It prints the achieved RTO (seconds from start to a checked, Ready cluster) and the
# achieved RPO (seconds between the start and the newest transaction the recovery replayed,
# pg_last_xact_replay_timestamp(): an upper bound, since an idle database commits nothing).
# The throwaway cluster is deleted on every exit (trap). Exits non-zero, reason on the last
# line, when a check fails or the restore took longer than $RTO_SECONDS.
set -eu
: "${VERIFY_CLUSTER:?VERIFY_CLUSTER is not set}"
: "${CLUSTER_MANIFEST:?CLUSTER_MANIFEST is not set}"
: "${RTO_SECONDS:?RTO_SECONDS is not set}"
database="${VERIFY_DATABASE:-app}"
poll="${POLL_SECONDS:-10}"
pod="$VERIFY_CLUSTER-1"
kubectl="${KUBECTL:-kubectl}"

log() { echo "cnpg-restore-verify: $*"; }
fail() { echo "cnpg-restore-verify: FAILED: $*" >&2; exit 1; }

cleanup() {
  $kubectl delete cluster.postgresql.cnpg.io "$VERIFY_CLUSTER" --ignore-not-found --wait=false > /dev/null 2>&1 || true
}
trap cleanup EXIT
trap 'exit 1' INT TERM

# A leftover of an earlier run that was killed before its trap ran.
$kubectl delete cluster.postgresql.cnpg.io "$VERIFY_CLUSTER" --ignore-not-found --wait=true > /dev/null 2>&1 || true

start=$(date +%s)
$kubectl create -f "$CLUSTER_MANIFEST" > /dev/null || fail "could not create the throwaway cluster $VERIFY_CLUSTER"
log "restoring into $VERIFY_CLUSTER (RTO ${RTO_SECONDS}s)"

while :; do
  ready=$($kubectl get cluster.postgresql.cnpg.io "$VERIFY_CLUSTER" -o 'jsonpath={.status.conditions[?(@.type=="Ready")].status}' 2> /dev/null || true)
  [ "$ready" = True ] && break
  elapsed=$(( $(date +%s) - start ))
  if [ "$elapsed" -ge "$RTO_SECONDS" ]; then
    phase=$($kubectl get cluster.postgresql.cnpg.io "$VERIFY_CLUSTER" -o 'jsonpath={.status.phase}' 2> /dev/null || true)
    fail "not Ready after ${elapsed}s (RTO ${RTO_SECONDS}s; phase: ${phase:-unknown})"
  fi
  sleep "$poll"
done
log "Ready after $(( $(date +%s) - start ))s"

sql() { $kubectl exec "$pod" -c postgres -- psql -X -A -t -q -v ON_ERROR_STOP=1 -d "$database" -c "$1"; }
tables=$(sql "SELECT count(*) FROM pg_catalog.pg_tables WHERE schemaname NOT IN ('pg_catalog', 'information_schema')") || fail "could not count tables"
[ "$tables" -gt 0 ] || fail "the restored database $database has no tables"
log "restored $tables tables"
for table in ${VERIFY_TABLES:-}; do
  rows=$(sql "SELECT count(*) FROM (SELECT 1 FROM $table LIMIT 1) AS t") || fail "table $table cannot be read"
  [ "$rows" -gt 0 ] || fail "table $table has no rows"
  log "table $table has rows"
done
if [ -n "${VERIFY_QUERY:-}" ]; then
  result=$(sql "$VERIFY_QUERY") || fail "the integrity query failed"
  [ "$result" = t ] || fail "the integrity query returned '$result', not t"
  log "integrity query returned t"
fi

rpo=$(sql "SELECT coalesce(round(greatest(0, $start - extract(epoch FROM pg_last_xact_replay_timestamp())))::text, 'unknown')") || rpo=unknown
rto=$(( $(date +%s) - start ))
log "achieved RTO ${rto}s (objective ${RTO_SECONDS}s); achieved RPO ${rpo}s (newest restored transaction before the start)"
[ "$rto" -le "$RTO_SECONDS" ] || fail "the restore took ${rto}s, more than the RTO of ${RTO_SECONDS}s"
log "ok"
