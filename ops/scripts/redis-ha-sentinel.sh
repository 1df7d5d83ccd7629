#!/bin/sh
# redis-ha-sentinel.sh — writes a fresh Sentinel configuration and execs redis-server --sentinel.
# Sentinel rewrites its file (ids, replicas, other Sentinels, epochs), so it lives on a
# writable volume ($SENTINEL_CONFIG) and is generated anew at every start: the primary it
# monitors is the one the other Sentinels see now, or pod 0 ($REDIS_SEED) when none answers.
#
# Environment (rendered into the Sentinel StatefulSet):
#   SENTINEL_CONFIG       path of the configuration file to write (an emptyDir)
#   SENTINEL_PORT         port to serve (default 26379)
#   REDIS_ANNOUNCE_HOST   this Sentinel's stable name: <pod>.<store>-sentinel
#   REDIS_SEED            host:port of data pod 0, the primary of a fresh store
#   REDIS_SENTINELS       "host:port,host:port,…" of every Sentinel (this one included)
#   REDIS_MASTER_NAME     the name the primary is monitored under
#   SENTINEL_QUORUM, SENTINEL_DOWN_AFTER_MS, SENTINEL_FAILOVER_TIMEOUT_MS
#   REDIS_BIND            optional: address to bind (default: every interface)
#   REDIS_HA_LIB          optional: path of redis-ha-lib.sh (default: beside this script)
set -eu
: "${SENTINEL_CONFIG:?SENTINEL_CONFIG is not set}" "${REDIS_ANNOUNCE_HOST:?REDIS_ANNOUNCE_HOST is not set}"
: "${REDIS_SEED:?REDIS_SEED is not set}" "${REDIS_SENTINELS:?REDIS_SENTINELS is not set}"
: "${REDIS_MASTER_NAME:?REDIS_MASTER_NAME is not set}" "${SENTINEL_QUORUM:?SENTINEL_QUORUM is not set}"
. "${REDIS_HA_LIB:-$(dirname "$0")/redis-ha-lib.sh}"
port="${SENTINEL_PORT:-26379}"
name="$REDIS_MASTER_NAME"

primary=$(ask_sentinels "$REDIS_ANNOUNCE_HOST:$port")
[ -n "$primary" ] || primary="$REDIS_SEED"
host="${primary%:*}"
# Sentinel exits on a monitor host it cannot resolve: wait for DNS (a minute at most).
if command -v getent > /dev/null; then
  tries=0
  until getent hosts "$host" > /dev/null || [ "$tries" -ge 30 ]; do tries=$((tries + 1)); sleep 2; done
fi
echo "redis-ha-sentinel: monitoring $name at $primary"

mkdir -p "$(dirname "$SENTINEL_CONFIG")"
cat > "$SENTINEL_CONFIG" << CONF
port $port
${REDIS_BIND:+bind $REDIS_BIND}
protected-mode no
dir $(dirname "$SENTINEL_CONFIG")
sentinel resolve-hostnames yes
sentinel announce-hostnames yes
sentinel announce-ip $REDIS_ANNOUNCE_HOST
sentinel announce-port $port
sentinel monitor $name $host ${primary##*:} $SENTINEL_QUORUM
sentinel down-after-milliseconds $name ${SENTINEL_DOWN_AFTER_MS:-5000}
sentinel failover-timeout $name ${SENTINEL_FAILOVER_TIMEOUT_MS:-60000}
sentinel parallel-syncs $name 1
CONF
exec redis-server "$SENTINEL_CONFIG" --sentinel
