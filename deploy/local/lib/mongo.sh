# shellcheck shell=bash
# MongoDB: start of the wire-protocol stand-in (no real mongod can be installed on our machines).
# Sourced by deploy/local/stack.sh, which sets the shell options and SCRIPT_DIR, REPO_DIR, INFRA and SERVICES;
# load_config (common.sh) sets the paths and settings used here.

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
    "${JAVA_LOGGING_OPTS[@]}" -cp "$STACK_CLASSPATH" io.echotune.localstack.MongoStandIn \
    --host 127.0.0.1 --port "$MONGO_PORT" --file "$MONGO_HOME/echotune.mv.db"
  wait_ready mongo "$INFRA_TIMEOUT" mongo_ready && say "mongo: ready on localhost:$MONGO_PORT (stand-in, H2 file)"
}
