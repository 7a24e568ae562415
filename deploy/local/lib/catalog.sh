# shellcheck shell=bash
# `stack.sh catalog [dir]` (make catalog): loads a track catalog through the gateway and follows the load.
# Sourced by deploy/local/stack.sh, which sets the shell options and SCRIPT_DIR, REPO_DIR, INFRA and SERVICES;
# load_config (common.sh) sets the paths and settings used here.

# `make catalog [CATALOG_DIR=<dir>]`: loads a track catalog through the gateway with the operator credential and
# prints the load's progress until it ends. Without a directory, or with the one the ingestion service was
# started with (ECHOTUNE_CATALOG), the service loads its own directory; any other directory's *.csv files are
# uploaded. Loads are idempotent: loading the same catalog again writes nothing.
cmd_catalog() {
  local dir=${1:-} url=http://localhost:$PORT_BASE token answer status load_id files=() f last=""
  require_tool curl curl
  [[ -f $ENV_FILE ]] || die "no $ENV_FILE: start the stack first (make up)"
  # shellcheck disable=SC1090
  token=$(. "$ENV_FILE" && echo "${ECHOTUNE_ADMIN_TOKEN:-}")
  [[ -n $token ]] || die "$ENV_FILE holds no ECHOTUNE_ADMIN_TOKEN: run 'make up' once more to generate it (and restart the gateway)"
  [[ $(http_status "$PORT_BASE" /q/health/ready) == 200 ]] || die "the gateway does not answer on $url (make up)"
  if [[ -n $dir ]]; then
    [[ -d $dir ]] || die "$dir is not a directory"
    dir=$(cd "$dir" && pwd)
  fi
  # The token goes to curl on stdin (a config line), never on its command line, where ps would show it.
  if [[ -z $dir || $dir == "$(cd "$CATALOG_DIR" 2>/dev/null && pwd)" ]]; then
    say "catalog: loading the service's catalog directory (${CATALOG_DIR})"
    answer=$(printf 'header = "Authorization: Bearer %s"\n' "$token" |
      curl -sS -K - -X POST -w '\n%{http_code}' "$url/api/v1/admin/catalog/loads") || die "calling $url failed"
  else
    for f in "$dir"/*.csv; do [[ -f $f ]] && files+=(-F "file=@$f;type=text/csv"); done
    ((${#files[@]} > 0)) || die "$dir holds no .csv file"
    say "catalog: uploading $((${#files[@]} / 2)) CSV file(s) of $dir"
    answer=$(printf 'header = "Authorization: Bearer %s"\n' "$token" |
      curl -sS -K - -X POST "${files[@]}" -w '\n%{http_code}' "$url/api/v1/admin/catalog/loads") || die "calling $url failed"
  fi
  status=${answer##*$'\n'}
  answer=${answer%$'\n'*}
  [[ $status == 202 ]] || die "the load was refused ($status): $answer"
  load_id=$(sed -n 's/.*"loadId":"\([^"]*\)".*/\1/p' <<<"$answer")
  say "catalog: load $load_id started"
  while true; do
    answer=$(printf 'header = "Authorization: Bearer %s"\n' "$token" |
      curl -sS -K - "$url/api/v1/admin/catalog/loads/$load_id") || die "following the load failed"
    status=$(sed -n 's/.*"status":"\([A-Z]*\)".*/\1/p' <<<"$answer")
    local progress
    progress=$(sed -n 's/.*"tracks":\([0-9]*\),"artists":\([0-9]*\),"trackNames":\([0-9]*\),"tracksWritten":\([0-9]*\),"artistsWritten":\([0-9]*\),"trackNamesWritten":\([0-9]*\).*/\1 tracks, \2 artists, \3 track names read; written so far: \4 tracks, \5 artists, \6 names/p' <<<"$answer")
    if [[ $progress != "$last" ]]; then
      say "catalog: $status: $progress"
      last=$progress
    fi
    case $status in
      COMPLETED)
        say "catalog: completed, catalog version $(sed -n 's/.*"catalogVersion":\([0-9]*\).*/\1/p' <<<"$answer")"
        return 0 ;;
      FAILED) die "the load failed: $(sed -n 's/.*"failure":"\([^"]*\)".*/\1/p' <<<"$answer")" ;;
      RUNNING) sleep 2 ;;
      *) die "unexpected answer: $answer" ;;
    esac
  done
}
