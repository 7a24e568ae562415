# shellcheck shell=bash
# Checks of a built or running stack: check-isolation, lint-openapi, lint-shell.
# Sourced by deploy/local/stack.sh, which sets the shell options and SCRIPT_DIR, REPO_DIR, INFRA and SERVICES;
# load_config (common.sh) sets the paths and settings used here.

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

# `stack.sh lint-shell` (make lint-shell; `test` runs it before the module build, so CI fails fast): shellcheck over
# every shell script of the repository, that is every file git knows (tracked, or new and not ignored) that is named
# *.sh or starts with a bash shebang. The files of lib/ are named too: shellcheck reports findings only in the files
# it is given, and -x only lets it follow stack.sh's source lines for what they define. Debian's shellcheck (0.9.0
# on bookworm) is installed when missing. A few seconds.
cmd_lint_shell() {
  local file candidates=() scripts=()
  require_tool shellcheck shellcheck
  git -C "$REPO_DIR" rev-parse --is-inside-work-tree >/dev/null 2>&1 ||
    die "lint-shell finds the scripts with git, and $REPO_DIR is not a git work tree"
  while IFS= read -r -d '' file; do
    [[ -f $REPO_DIR/$file ]] && candidates+=("$file")   # not a tracked file deleted in the work tree
  done < <(git -C "$REPO_DIR" ls-files -z --cached --others --exclude-standard)
  mapfile -t scripts < <(cd "$REPO_DIR" &&
    awk 'FNR == 1 { if (FILENAME ~ /\.sh$/ || /^#!.*bash/) print FILENAME; nextfile }' "${candidates[@]}")
  ((${#scripts[@]} > 0)) || die "lint-shell found no shell script in $REPO_DIR"
  say "shellcheck $(shellcheck --version | sed -n 's/^version: //p') on ${#scripts[@]} scripts: ${scripts[*]}"
  (cd "$REPO_DIR" && shellcheck -x "${scripts[@]}") ||
    die "shellcheck found problems (above): fix them, or disable the check on that line with a one-line reason"
  say "the shell scripts pass shellcheck"
}
