# shellcheck shell=bash
# `stack.sh test` (make test, the CI entry point): the shell lint, then a fresh stack on its own ports, all tests,
# always stopped.
# Sourced by deploy/local/stack.sh, which sets the shell options and SCRIPT_DIR, REPO_DIR, INFRA and SERVICES;
# load_config (common.sh) sets the paths and settings used here.

# The web app's build needs Node.js and npm (Node 20 on our machines; Debian's own nodejs is older), and its browser
# tests Debian's chromium with the matching chromedriver (installed here when missing, about 20 s).
ensure_web_toolchain() {
  command -v npm >/dev/null || die "npm (Node.js 20) is needed to build the web app (gateway-service/src/main/webapp); install Node.js 20"
  [[ -x /usr/bin/chromium && -x /usr/bin/chromedriver ]] || apt_install chromium chromium-driver
}

# `make test`: a separate, fresh stack on its own ports and data dir, always stopped at the end.
cmd_test() {
  export ECHOTUNE_DATA_DIR=${ECHOTUNE_TEST_DATA_DIR:-$REPO_DIR/.data/test}
  # Every port below the kernel's range for outgoing connections (32768-60999): a port inside it can be taken as
  # the local end of some connection just before its server binds it (seen with 41084).
  export ECHOTUNE_PG_PORT=25432 ECHOTUNE_REDIS_PORT=26379 ECHOTUNE_KAFKA_PORT=29092
  export ECHOTUNE_KAFKA_CONTROLLER_PORT=29093 ECHOTUNE_MONGO_PORT=27117 ECHOTUNE_PORT_BASE=18080
  # Tests always run against the servers started here, never against a developer's external ones.
  unset ECHOTUNE_POSTGRES_HOST ECHOTUNE_POSTGRES_PORT ECHOTUNE_POSTGRES_DB ECHOTUNE_POSTGRES_USER \
        ECHOTUNE_POSTGRES_PASSWORD ECHOTUNE_REDIS_URL ECHOTUNE_KAFKA_BOOTSTRAP ECHOTUNE_MONGODB_URI
  load_config
  select_jdk
  # The shell scripts first (a few seconds): a broken script fails CI before anything is wiped or built.
  cmd_lint_shell

  # Leftovers of an interrupted run are stopped first; then the data starts from nothing.
  cmd_down >/dev/null
  [[ $DATA_DIR == */* && $DATA_DIR != / && $DATA_DIR != "$REPO_DIR" ]] || die "refusing to wipe $DATA_DIR"
  rm -rf "$DATA_DIR"
  # Fail now, not after the long module build, when a test port is taken.
  preflight_ports "${INFRA[@]}" "${SERVICES[@]}"
  ensure_web_toolchain
  # Offline checks of the Kubernetes manifests (about 2 s; needs kubectl or kustomize, and python3-yaml).
  "$REPO_DIR/k8s/check.sh" || die "the Kubernetes manifest checks failed (k8s/check.sh, output above)"

  # shellcheck disable=SC2154 # rc is assigned by the trap itself
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
