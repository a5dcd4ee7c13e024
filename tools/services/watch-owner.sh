# Sourced by the service scripts. When RARLHF_SERVICE_OWNER_PID is set (the test host sets it to its own pid),
# watch_owner SCRIPT DIR PORT leaves a detached watcher that runs "SCRIPT stop DIR PORT" once that process is gone,
# so a test run that is killed (SIGKILL, CI timeout) does not leave servers behind. It exits by itself once DIR
# has been removed (the owner stopped the server and cleaned up).
watch_owner() {
  local script="$1" dir="$2" port="$3" owner="${RARLHF_SERVICE_OWNER_PID:-}"
  [[ -n "$owner" ]] || return 0
  setsid bash -c '
    while kill -0 "$1" 2>/dev/null && [[ -d "$3" ]]; do sleep 1; done
    [[ -d "$3" ]] && bash "$2" stop "$3" "$4" && rm -rf "$3"
  ' watcher "$owner" "$script" "$dir" "$port" </dev/null >/dev/null 2>&1 &
}
