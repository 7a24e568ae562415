# shellcheck shell=bash
# Processes of the stack: pid files and ownership markers, ports, launching detached, waiting until ready,
# running starts side by side, stopping.
# Sourced by deploy/local/stack.sh, which sets the shell options and SCRIPT_DIR, REPO_DIR, INFRA and SERVICES;
# load_config (common.sh) sets the paths and settings used here.

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
  local name=$1 pidf log
  shift
  pidf=$(pid_file "$name")
  log=$LOG_DIR/$name.log
  mkdir -p "$RUN_DIR" "$LOG_DIR"
  [[ -f $log ]] && mv -f "$log" "$log.prev"
  rm -f "$pidf"
  # shellcheck disable=SC2016 # $$, $0 and $@ belong to the inner bash and are expanded there
  setsid bash -c 'echo $$ >"$0"; exec "$@"' "$pidf" "$@" </dev/null >"$log" 2>&1 &
  for _ in {1..50}; do
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

# Runs "function arg..." specs concurrently; fails if any failed (each prints its own reason).
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
