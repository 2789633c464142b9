# The process helpers both end-to-end tests share, sourced after assert.sh. They expect TMP (the
# run's temp dir), SIM_PID (the simulator) and a show_logs function from the script.
# shellcheck shell=bash

# A setup step that cannot go on: report, count it, let the EXIT trap clean up.
die() {
  log "FATAL: $*"
  FAILED=$((FAILED + 1))
  show_logs
  exit 1
}

# stop_group PID NAME [SIGNAL]: signal the daemon (TERM by default; it stops its own workers), wait
# up to 20 s, then KILL the process group it leads (started with setsid), and whatever is left of it.
stop_group() {
  local pid=$1 name=$2 sig=${3:-TERM} _
  [ -n "$pid" ] || return 0
  if kill -0 "$pid" 2>/dev/null; then
    kill "-$sig" "$pid" 2>/dev/null || true
    for _ in $(seq 1 200); do
      kill -0 "$pid" 2>/dev/null || break
      sleep 0.1
    done
    if kill -0 "$pid" 2>/dev/null; then
      log "$name did not stop within 20 s after SIG$sig, killing it"
      kill -KILL -- "-$pid" 2>/dev/null || kill -KILL "$pid" 2>/dev/null || true
    fi
  fi
  wait "$pid" 2>/dev/null || true
  kill -KILL -- "-$pid" 2>/dev/null || true
}

# Checks still running when a daemon stops (Nagios runs each check in its own process group, Zabbix
# its external checks): the processes whose command line names our temp dir (the launcher path, the
# password file). Give them 5 s, then end them by id.
leftover_pids() {
  local p cmd
  [ -n "$TMP" ] || return 0
  for p in /proc/[0-9]*; do
    [ "${p#/proc/}" != "$$" ] || continue
    cmd=$(tr '\0' ' ' 2>/dev/null <"$p/cmdline") || continue
    if [[ $cmd == *"$TMP/"* ]]; then
      echo "${p#/proc/}"
    fi
  done
}

stop_leftover_checks() {
  local pids=() _
  for _ in $(seq 1 25); do
    mapfile -t pids < <(leftover_pids)
    [ "${#pids[@]}" -gt 0 ] || return 0
    sleep 0.2
  done
  log "ending processes still running: ${pids[*]}"
  kill -TERM "${pids[@]}" 2>/dev/null
  sleep 1
  mapfile -t pids < <(leftover_pids)
  [ "${#pids[@]}" -eq 0 ] || kill -KILL "${pids[@]}" 2>/dev/null
  return 0
}

# wait_for SECONDS WHAT COMMAND...: poll every 0.2 s until COMMAND succeeds
wait_for() {
  local seconds=$1 what=$2 deadline
  shift 2
  deadline=$((SECONDS + seconds))
  until "$@"; do
    if [ "$SECONDS" -ge "$deadline" ]; then
      die "timed out after ${seconds}s waiting for $what"
    fi
    sleep 0.2
  done
}

# free_port: a TCP port on 127.0.0.1 nothing listens on (1024-32767, see the spec)
free_port() {
  local port _
  for _ in $(seq 1 50); do
    port=$((20000 + RANDOM % 12000))
    if ! (exec 3<>"/dev/tcp/127.0.0.1/$port") 2>/dev/null; then
      echo "$port"
      return 0
    fi
  done
  return 1
}

# main_jar DIR PREFIX: the module jar (not sources/javadoc/tests), empty when not built
main_jar() {
  local jar
  for jar in "$1"/"$2"-*.jar; do
    case $jar in *-sources.jar | *-javadoc.jar | *-tests.jar) continue ;; esac
    [ -f "$jar" ] && echo "$jar" && return 0
  done
  return 0
}

sim_ready() {
  kill -0 "$SIM_PID" 2>/dev/null || die "em-simulator exited: $(cat "$TMP/sim/stderr")"
  grep -q '^fingerprint ' "$TMP/sim/stdout"
}

# sim_value KEY: a value the simulator printed at start (url, user, fingerprint, password-file)
sim_value() { awk -v k="$1" '$1 == k { sub(/^[^ ]+ /, ""); print; exit }' "$TMP/sim/stdout"; }
