# shellcheck shell=bash
# Shared helpers of the local stack: output and error reporting, configuration, tools (JDK, Maven, apt).
# Sourced first by deploy/local/stack.sh, which sets the shell options and SCRIPT_DIR, REPO_DIR, INFRA and SERVICES.

# ----------------------------------------------------------------------------------------------------------
# Output helpers
# ----------------------------------------------------------------------------------------------------------
say() { printf '[stack] %s\n' "$*"; }
warn() { printf '[stack] WARNING: %s\n' "$*" >&2; }
die() { EXPLAINED=1; printf '[stack] ERROR: %s\n' "$*" >&2; exit 1; }

# set -e stops at the first failing command; say which one, unless the failure was already explained. The line
# number is the one in the file of lib/ that holds the failing command, so the file is named too.
EXPLAINED=
# The status is taken first: inside the [[ ]] || printf below, $? would be that of the [[ ]] test (always 1).
# shellcheck disable=SC2154 # rc is assigned by the trap itself
trap 'rc=$?; [[ -n $EXPLAINED ]] || printf "[stack] ERROR: unexpected failure (exit %s) at line %s of %s: %s\n" "$rc" "$LINENO" "${BASH_SOURCE[0]#"$REPO_DIR"/}" "$BASH_COMMAND" >&2; EXPLAINED=1' ERR

# Prints a failure with the last 20 lines of a process log, so a broken start explains itself.
fail_with_log() {
  local message=$2 log=$LOG_DIR/$1.log text
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
# shellcheck disable=SC2034 # the paths and settings are read by the other files of lib/
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
  # shellcheck disable=SC2034 # read by the files that start Java processes
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
