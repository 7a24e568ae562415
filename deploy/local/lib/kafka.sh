# shellcheck shell=bash
# Kafka: start of the one-node KRaft broker and creation of the topics of topics.conf.
# Sourced by deploy/local/stack.sh, which sets the shell options and SCRIPT_DIR, REPO_DIR, INFRA and SERVICES;
# load_config (common.sh) sets the paths and settings used here.

# ----------------------------------------------------------------------------------------------------------
# Kafka 4.1 in KRaft mode (one node: broker + controller), a plain Java process
# ----------------------------------------------------------------------------------------------------------
# The topics ensure_topics creates.
TOPICS_FILE=$SCRIPT_DIR/topics.conf

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
    "$JAVA" -Xmx128m -XX:+UseSerialGC -XX:TieredStopAtLevel=1 "${JAVA_LOGGING_OPTS[@]}" \
      -Dorg.slf4j.simpleLogger.defaultLogLevel=warn -cp "$STACK_CLASSPATH" kafka.tools.StorageTool format \
      --ignore-formatted --cluster-id="$(<"$KAFKA_HOME/cluster.id")" -c "$KAFKA_HOME/server.properties" \
      >"$LOG_DIR/kafka-format.log" 2>&1 || { cat "$LOG_DIR/kafka-format.log" >&2; die "kafka storage format failed"; }
  fi
  launch kafka "$JAVA" -Xms32m "-Xmx$KAFKA_HEAP" -XX:+UseSerialGC -Djava.awt.headless=true \
    "$(process_marker kafka)" "${JAVA_LOGGING_OPTS[@]}" -cp "$STACK_CLASSPATH" kafka.Kafka "$KAFKA_HOME/server.properties"
  wait_ready kafka "$INFRA_TIMEOUT" kafka_ready && say "kafka: ready on localhost:$KAFKA_PORT"
}

# Creates/updates the topics of topics.conf with Kafka's Admin API (idempotent).
ensure_topics() {
  local bootstrap=localhost:$KAFKA_PORT
  external_kafka && bootstrap=$ECHOTUNE_KAFKA_BOOTSTRAP
  if ! timeout $((INFRA_TIMEOUT + 15)) "$JAVA" -Xmx64m -XX:+UseSerialGC -XX:TieredStopAtLevel=1 \
       "${JAVA_LOGGING_OPTS[@]}" -Dorg.slf4j.simpleLogger.defaultLogLevel=warn -cp "$STACK_CLASSPATH" \
       io.echotune.localstack.KafkaTopics --bootstrap "$bootstrap" --file "$TOPICS_FILE" \
       --timeout-seconds "$INFRA_TIMEOUT" >"$LOG_DIR/kafka-topics.log" 2>&1; then
    fail_with_log kafka-topics "creating the Kafka topics of $TOPICS_FILE on $bootstrap failed"
    return 1
  fi
  sed 's/^/[stack] kafka: /' "$LOG_DIR/kafka-topics.log"
}
