# redis-ha-lib.sh — shared by redis-ha-data.sh and redis-ha-sentinel.sh (sourced, not run).
# ask_sentinels [SKIP]: prints "host:port" of the primary named $REDIS_MASTER_NAME as the first
# Sentinel of $REDIS_SENTINELS ("host:port,host:port,…") that answers sees it; SKIP (one
# "host:port") is left out. Prints nothing when no Sentinel answers.
ask_sentinels() {
  for sentinel in $(printf '%s' "$REDIS_SENTINELS" | tr ',' ' '); do
    [ "$sentinel" = "${1:-}" ] && continue
    answer=$(timeout 3 redis-cli -h "${sentinel%:*}" -p "${sentinel##*:}" --raw \
      SENTINEL get-master-addr-by-name "$REDIS_MASTER_NAME" 2> /dev/null) || continue
    host=$(printf '%s\n' "$answer" | sed -n 1p)
    port=$(printf '%s\n' "$answer" | sed -n 2p)
    case "$port" in '' | *[!0-9]*) continue ;; esac
    [ -n "$host" ] || continue
    echo "$host:$port"
    return 0
  done
}
