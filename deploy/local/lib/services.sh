# shellcheck shell=bash
# The seven Quarkus services: building missing jars, the environment each one gets, starting one.
# Sourced by deploy/local/stack.sh, which sets the shell options and SCRIPT_DIR, REPO_DIR, INFRA and SERVICES;
# load_config (common.sh) sets the paths and settings used here.

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
    # shellcheck disable=SC2164 # set -e (stack.sh) ends the subshell when cd fails
    cd "$REPO_DIR/$module"
    launch "$module" "$JAVA" -Xms32m "-Xmx$heap" -XX:+UseSerialGC "$(process_marker "$module")" \
      -jar "$(service_jar "$module")"
  )
  local start=$SECONDS
  wait_ready "$module" "$SERVICE_TIMEOUT" service_ready "$module" &&
    say "$module: ready on http://localhost:$port ($((SECONDS - start))s)"
}
