#!/bin/sh
# redis-ha-data.sh — starts one data server of a Redis store run under Sentinel, as primary or
# as replica of the current primary, then execs redis-server with the store's own args ("$@").
#
# Who is primary is Sentinel's truth: the Sentinels are asked first (SENTINEL
# get-master-addr-by-name); only when none answers (first start of the store) does pod 0
# ($REDIS_SEED) start as primary and the others replicate from it.
#
# Environment (rendered into the data StatefulSet):
#   REDIS_ANNOUNCE_HOST  this server's stable name: <pod>.<store>.<namespace>.svc (what replicas, Sentinels and, through them, clients in any namespace use)
#   REDIS_PORT           port to serve (default 6379)
#   REDIS_SEED           host:port of pod 0, the primary of a fresh store
#   REDIS_SENTINELS      "host:port,host:port,…" of every Sentinel
#   REDIS_MASTER_NAME    the name the Sentinels monitor the primary under
#   REDIS_BIND           optional: address to bind (default: every interface)
#   REDIS_HA_LIB         optional: path of redis-ha-lib.sh (default: beside this script)
set -eu
: "${REDIS_ANNOUNCE_HOST:?REDIS_ANNOUNCE_HOST is not set}" "${REDIS_SEED:?REDIS_SEED is not set}"
: "${REDIS_SENTINELS:?REDIS_SENTINELS is not set}" "${REDIS_MASTER_NAME:?REDIS_MASTER_NAME is not set}"
. "${REDIS_HA_LIB:-$(dirname "$0")/redis-ha-lib.sh}"
port="${REDIS_PORT:-6379}"
self="$REDIS_ANNOUNCE_HOST:$port"

primary=$(ask_sentinels)
if [ -z "$primary" ]; then
  primary="$REDIS_SEED"
  echo "redis-ha-data: no Sentinel answered: $primary (pod 0) is the primary"
else
  echo "redis-ha-data: the Sentinels name $primary as the primary"
fi

set -- --port "$port" --protected-mode no \
  --replica-announce-ip "$REDIS_ANNOUNCE_HOST" --replica-announce-port "$port" \
  ${REDIS_BIND:+--bind "$REDIS_BIND"} "$@"
if [ "$primary" = "$self" ]; then
  echo "redis-ha-data: starting $self as primary"
  exec redis-server "$@"
fi
echo "redis-ha-data: starting $self as replica of $primary"
exec redis-server "$@" --replicaof "${primary%:*}" "${primary##*:}"
