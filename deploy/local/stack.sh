#!/usr/bin/env bash
# EchoTune local stack without Docker: real PostgreSQL 17, Redis 6.2 and Kafka 4.1 (KRaft), a MongoDB
# wire-protocol stand-in (mongo-java-server + H2 file), and the seven Quarkus services, all as plain processes.
#
#   stack.sh up | down | status | infra-up | infra-down | build | test | clean-data | catalog [dir]
#            | check-isolation | lint-openapi | lint-shell | service-env <module>
#
# Everything it writes lives in ONE data folder (ECHOTUNE_DATA_DIR, default <repo>/.data):
#   env              sourceable connection settings for services and tests (chmod 600)
#   logs/<name>.log  one log per process (the previous run's log is kept as <name>.log.prev)
#   run/<name>.pid   pid of every process this script started; `down` stops exactly those
#   runtime/         Kafka/Mongo jars and the PostgreSQL/Redis binaries, copied from deploy/local/target
#                    (a snapshot, so rebuilding the module never rewrites a jar a running server has open)
#   postgres/ redis/ kafka/ mongo/ keys/ secrets/   server data and generated credentials
#
# The code lives in lib/, one file per job, sourced below:
#   common.sh   output and error reporting, configuration (load_config), tools (JDK, Maven, apt)
#   process.sh  pid files, ports, launching, waiting until ready, stopping
#   runtime.sh  the servers' jars and binaries in <data>/runtime
#   secrets.sh  generated credentials and the env file
#   postgres.sh redis.sh kafka.sh mongo.sh   one file per server: how it is started
#   services.sh the seven Quarkus services
#   commands.sh up, down, status, infra-up, infra-down, build, clean-data
#   test.sh     test (make test)
#   catalog.sh  catalog
#   checks.sh   check-isolation, lint-openapi, lint-shell
# Ports, heaps and external servers are set by environment variables: see load_config (lib/common.sh).
# shellcheck source-path=SCRIPTDIR # the source= directives below are relative to this folder, wherever shellcheck runs
set -eEuo pipefail
umask 022

SCRIPT_DIR=$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)
REPO_DIR=$(cd "$SCRIPT_DIR/../.." && pwd)

INFRA=(postgres redis kafka mongo)
# Order gives the ports: ECHOTUNE_PORT_BASE + index (gateway +0 ... insights +6).
SERVICES=(gateway-service chat-service llm-router-service recommender-service playlist-service
          ingestion-service insights-service)

# shellcheck source=lib/common.sh
. "$SCRIPT_DIR/lib/common.sh"
# shellcheck source=lib/process.sh
. "$SCRIPT_DIR/lib/process.sh"
# shellcheck source=lib/runtime.sh
. "$SCRIPT_DIR/lib/runtime.sh"
# shellcheck source=lib/secrets.sh
. "$SCRIPT_DIR/lib/secrets.sh"
# shellcheck source=lib/postgres.sh
. "$SCRIPT_DIR/lib/postgres.sh"
# shellcheck source=lib/redis.sh
. "$SCRIPT_DIR/lib/redis.sh"
# shellcheck source=lib/kafka.sh
. "$SCRIPT_DIR/lib/kafka.sh"
# shellcheck source=lib/mongo.sh
. "$SCRIPT_DIR/lib/mongo.sh"
# shellcheck source=lib/services.sh
. "$SCRIPT_DIR/lib/services.sh"
# shellcheck source=lib/commands.sh
. "$SCRIPT_DIR/lib/commands.sh"
# shellcheck source=lib/checks.sh
. "$SCRIPT_DIR/lib/checks.sh"
# shellcheck source=lib/test.sh
. "$SCRIPT_DIR/lib/test.sh"
# shellcheck source=lib/catalog.sh
. "$SCRIPT_DIR/lib/catalog.sh"

usage() {
  cat <<EOF
usage: $0 <command>
  up          infra-up, then start the seven services and wait until they are ready
  down        stop everything this stack started (services first, then infrastructure)
  status      what runs where (always exits 0)
  infra-up    start PostgreSQL, Redis, Kafka and the MongoDB stand-in, create the database and topics
  infra-down  stop only the infrastructure
  build       ./mvnw -B -DskipTests install with a JDK >= 21
  test        shell lint, then a fresh test stack on separate ports: module tests, the OpenAPI lint, then the fleet
              integration tests
  lint-openapi  lint the public and the services' OpenAPI documents (after build); part of test
  lint-shell  shellcheck every shell script of the repository (installs Debian's shellcheck when missing); part of test
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
    lint-shell) cmd_lint_shell ;;
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
