# shellcheck shell=bash
# PostgreSQL: start (and first-time initialisation) of the real 17.2 server.
# Sourced by deploy/local/stack.sh, which sets the shell options and SCRIPT_DIR, REPO_DIR, INFRA and SERVICES;
# load_config (common.sh) sets the paths and settings used here.

# ----------------------------------------------------------------------------------------------------------
# PostgreSQL (zonky's real 17.2 binaries)
# ----------------------------------------------------------------------------------------------------------
# initdb/postgres refuse to run as root. How PostgreSQL runs (PG_MODE, set by choose_pg_mode):
#   self   not root: as ourselves
#   user   as root: as the unprivileged $PG_OS_USER (default nobody) through setpriv, data owned by that user
#   userns as root, when that user cannot reach the data folder (a repo under /root, say): inside a user
#          namespace where PostgreSQL is not root, while its files stay root's and reachable
# setpriv and unshare both exec, so a recorded pid stays the server's pid.
choose_pg_mode() {
  if [[ $(id -u) -ne 0 ]]; then
    PG_MODE=self
    return
  fi
  id "$PG_OS_USER" >/dev/null 2>&1 || die "user $PG_OS_USER (ECHOTUNE_PG_OS_USER) does not exist"
  if setpriv "--reuid=$PG_OS_USER" "--regid=$(id -g "$PG_OS_USER")" --clear-groups -- \
       test -x "$DATA_DIR" -a -x "$PG_BIN/postgres" 2>/dev/null; then
    PG_MODE=user
  elif unshare --user --map-user=65534 --map-group=65534 -- true 2>/dev/null; then
    PG_MODE=userns
  else
    die "PostgreSQL refuses to run as root, '$PG_OS_USER' cannot reach $DATA_DIR (a parent folder is not searchable by others) and user namespaces are not available. Use a data dir under a world-searchable path (ECHOTUNE_DATA_DIR=...) or run as a non-root user."
  fi
}

pg_user_prefix() {
  case $PG_MODE in
    user) echo setpriv "--reuid=$PG_OS_USER" "--regid=$(id -g "$PG_OS_USER")" --clear-groups -- ;;
    userns) echo unshare --user --map-user=65534 --map-group=65534 -- ;;  # 65534 exists in every passwd
    *) ;;
  esac
}

as_pg_user() {
  local prefix
  read -ra prefix <<<"$(pg_user_prefix)"
  "${prefix[@]}" "$@"
}

# The data folder must belong to the user PostgreSQL runs as (it checks).
prepare_postgres_home() {
  local owner=""
  mkdir -p "$PG_HOME"
  case $PG_MODE in
    user) owner=$(id -u "$PG_OS_USER"):$(id -g "$PG_OS_USER") ;;
    userns) owner=0:0 ;;
  esac
  if [[ -n $owner && $(stat -c %u:%g "$PG_HOME") != "$owner" ]]; then
    chown -R "$owner" "$PG_HOME"
  fi
  chmod 700 "$PG_HOME"
}

# First start only: initdb into a temporary folder, create the echotune role and database in single-user
# mode (no client binary needed), then move it into place, so a half-initialised cluster is never used.
init_postgres() {
  local tmp=$PG_HOME/data.init pwfile=$PG_HOME/superuser.pw out=$PG_HOME/init.out password
  say "initialising PostgreSQL in $PG_DATA"
  rm -rf "$tmp"
  (umask 077 && cp "$SECRETS_DIR/postgres-superuser.password" "$pwfile")
  if [[ $PG_MODE == user ]]; then chown "$PG_OS_USER" "$pwfile"; fi
  if ! as_pg_user "$PG_BIN/initdb" -D "$tmp" -U postgres --pwfile="$pwfile" --auth=scram-sha-256 \
       -E UTF8 --locale=C --no-instructions >"$out" 2>&1; then
    rm -f "$pwfile"
    cat "$out" >&2
    die "initdb failed"
  fi
  rm -f "$pwfile"
  cat >>"$tmp/postgresql.conf" <<'EOF'

# --- EchoTune local stack (port is given on the command line) ---
listen_addresses = 'localhost'
unix_socket_directories = ''
max_connections = 200
shared_buffers = 64MB
synchronous_commit = off          # a crash may lose the last moments of commits, never consistency
timezone = 'UTC'
log_timezone = 'UTC'
EOF
  password=$(<"$SECRETS_DIR/postgres-echotune.password")
  if ! as_pg_user "$PG_BIN/postgres" --single -D "$tmp" postgres >"$out" 2>&1 <<EOF
CREATE ROLE echotune LOGIN CREATEDB PASSWORD '$password';
CREATE DATABASE echotune OWNER echotune;
EOF
  then
    cat "$out" >&2
    die "creating the echotune role and database failed"
  fi
  if grep -q 'ERROR' "$out"; then
    cat "$out" >&2
    die "creating the echotune role and database failed"
  fi
  rm -f "$out"
  mv "$tmp" "$PG_DATA"
}

postgres_ready() {
  # Line 8 of postmaster.pid says "ready" once the server accepts connections.
  [[ $(sed -n 8p "$PG_DATA/postmaster.pid" 2>/dev/null) == ready* ]] && port_listening "$PG_PORT"
}

start_postgres() {
  local provided=0
  check_provided postgres "server ${ECHOTUNE_POSTGRES_HOST:-}:${ECHOTUNE_POSTGRES_PORT:-5432}" postgres_ready || provided=$?
  ((provided == NEEDS_START)) || return "$provided"
  require_free_port "$PG_PORT" PostgreSQL ECHOTUNE_PG_PORT
  choose_pg_mode
  prepare_postgres_home
  [[ -f $PG_DATA/PG_VERSION ]] || init_postgres
  # A crashed server leaves postmaster.pid behind; postgres itself checks whether that pid still runs.
  local prefix
  read -ra prefix <<<"$(pg_user_prefix)"
  # -h: loopback only, whatever an older or hand-edited postgresql.conf says.
  launch postgres "${prefix[@]}" "$PG_BIN/postgres" -D "$PG_DATA" -p "$PG_PORT" -h localhost
  wait_ready postgres "$INFRA_TIMEOUT" postgres_ready && say "postgres: ready on localhost:$PG_PORT"
}
