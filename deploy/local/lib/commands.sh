# shellcheck shell=bash
# The lifecycle commands: infra-up, up, down, infra-down, status, build, clean-data.
# Sourced by deploy/local/stack.sh, which sets the shell options and SCRIPT_DIR, REPO_DIR, INFRA and SERVICES;
# load_config (common.sh) sets the paths and settings used here.

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
