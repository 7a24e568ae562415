# shellcheck shell=bash
# Redis: start of the real redis-server 6.2.
# Sourced by deploy/local/stack.sh, which sets the shell options and SCRIPT_DIR, REPO_DIR, INFRA and SERVICES;
# load_config (common.sh) sets the paths and settings used here.

# ----------------------------------------------------------------------------------------------------------
# Redis (the real redis-server 6.2 binary shipped in embedded-redis)
# ----------------------------------------------------------------------------------------------------------
redis_ready() {
  local reply=""
  reply=$(
    exec 3<>"/dev/tcp/127.0.0.1/$REDIS_PORT" || exit 1
    printf 'PING\r\n' >&3
    IFS= read -r -t 2 line <&3 && echo "$line"
  ) 2>/dev/null || return 1
  [[ $reply == +PONG* ]]
}

start_redis() {
  local provided=0
  check_provided redis "server ${ECHOTUNE_REDIS_URL:-}" redis_ready || provided=$?
  ((provided == NEEDS_START)) || return "$provided"
  require_free_port "$REDIS_PORT" Redis ECHOTUNE_REDIS_PORT
  mkdir -p "$REDIS_HOME"
  chmod 700 "$REDIS_HOME"
  # AOF (fsync every second) plus RDB snapshots: data survives restarts; SIGTERM saves before exiting.
  cat >"$REDIS_HOME/redis.conf" <<EOF
# Written by deploy/local/stack.sh on every start.
port $REDIS_PORT
bind 127.0.0.1 -::1
protected-mode yes
daemonize no
logfile ""
dir $REDIS_HOME
dbfilename dump.rdb
save 900 1 300 10 60 10000
appendonly yes
appendfilename appendonly.aof
appendfsync everysec
proc-title-template "{title} {listen-addr} {config-file}"
EOF
  launch redis "$REDIS_BIN" "$REDIS_HOME/redis.conf"
  wait_ready redis "$INFRA_TIMEOUT" redis_ready && say "redis: ready on localhost:$REDIS_PORT"
}
