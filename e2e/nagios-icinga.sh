#!/usr/bin/env bash
# End-to-end proof of bin/check_veeam_cdp inside a real Nagios Core 4 and a real Icinga 2.
#
#   bash e2e/nagios-icinga.sh          (as root; CI runs it from .ci/run after mvn -B verify)
#
# What it does, without touching /etc/nagios4 or /etc/icinga2:
#   1. installs nagios4-core, icinga2, openssl, curl and jq when missing;
#   2. installs the built plugin (launcher + jars) into a temp dir the nagios user can read, and
#      links it into a private plugin directory ($USER1$ / PluginDir), as an admin would;
#   3. starts em-simulator (demo scenario, HTTPS, loopback, pinned fingerprint);
#   4. runs a private Nagios 4 with the shipped contrib/nagios/check_veeam_cdp.cfg (OK, WARNING,
#      CRITICAL, UNKNOWN and --task-session services), forces the
#      checks through the external command pipe and asserts on status.dat;
#   5. runs a private Icinga 2 with the shipped contrib/icinga2/check_veeam_cdp.conf (the same
#      services, plus one that sets every remaining variable), forces the
#      checks through the REST API and asserts on /v1/objects/services last_check_result;
#   6. stops everything it started and removes its temp dir (E2E_KEEP=1 keeps it for debugging).
# Knobs: E2E_KEEP=1, E2E_BASE (parent of the temp dir, default /tmp), E2E_WAIT_START and
# E2E_WAIT_CHECK (seconds, bounded waits for daemons and for results).
# Prints "N passed, M failed" at the end; exits non-zero when anything failed.
set -euo pipefail

ROOT=$(cd "$(dirname "$0")/.." && pwd -P)
SCENARIO=$ROOT/em-simulator/scenarios/demo.scenario
WAIT_START=${E2E_WAIT_START:-90}   # seconds for a daemon or the simulator to come up
WAIT_CHECK=${E2E_WAIT_CHECK:-120}  # seconds for all forced checks to report a result

PASSED=0
FAILED=0
TMP=
SIM_PID=
NAGIOS_PID=
ICINGA_PID=
APT_LOG=

# shellcheck source=assert.sh
. "$ROOT/e2e/assert.sh"
# shellcheck source=processes.sh
. "$ROOT/e2e/processes.sh"


show_logs() {
  [ -n "$TMP" ] && [ -d "$TMP" ] || return 0
  local f
  # the daemons' stdout repeats their log; it only helps when there is no log yet
  for f in "$TMP"/sim/stderr "$TMP"/nagios/var/nagios.log "$TMP"/nagios/stdout \
    "$TMP"/icinga/log/icinga2.log "$TMP"/icinga/stdout; do
    case $f in
      */nagios/stdout) [ ! -s "$TMP/nagios/var/nagios.log" ] || continue ;;
      */icinga/stdout) [ ! -s "$TMP/icinga/log/icinga2.log" ] || continue ;;
    esac
    if [ -s "$f" ]; then
      echo "----- last lines of $f"
      tail -n 25 "$f"
    fi
  done
}



cleanup() {
  local rc=$?
  trap - EXIT INT TERM
  set +e
  stop_group "$ICINGA_PID" icinga2
  stop_group "$NAGIOS_PID" nagios4
  stop_leftover_checks
  stop_group "$SIM_PID" em-simulator
  [ -z "$APT_LOG" ] || rm -f -- "$APT_LOG"
  if [ "$FAILED" -gt 0 ] && [ "$rc" -eq 0 ]; then
    show_logs
  fi
  if [ -n "$TMP" ] && [ -d "$TMP" ]; then
    if [ "${E2E_KEEP:-0}" = 1 ]; then
      log "kept $TMP (E2E_KEEP=1)"
    else
      rm -rf -- "$TMP" 2>/dev/null || { sleep 1; rm -rf -- "$TMP"; }
    fi
  fi
  summary
  if [ "$rc" -eq 0 ] && [ "$FAILED" -gt 0 ]; then rc=1; fi
  exit "$rc"
}
trap cleanup EXIT
trap 'log "interrupted"; FAILED=$((FAILED + 1)); exit 130' INT TERM



as_nagios() { runuser -u nagios -- "$@"; }

###############################################################################
log "step 1: packages"
[ "$(id -u)" -eq 0 ] || die "run as root (installs packages, runs daemons as the nagios user)"

need_install=
for cmd in nagios4 icinga2 openssl curl jq runuser; do
  command -v "$cmd" >/dev/null 2>&1 || need_install=1
done
if [ -n "$need_install" ]; then
  packages=(nagios4-core icinga2 openssl curl jq ca-certificates)
  APT_LOG=/tmp/cdpwatch-e2e-apt.$$.log
  export DEBIAN_FRONTEND=noninteractive
  if ! apt-get -o DPkg::Lock::Timeout=600 install -y --no-install-recommends "${packages[@]}" \
    </dev/null >"$APT_LOG" 2>&1; then
    log "install failed, running apt-get update once"
    apt-get -o DPkg::Lock::Timeout=600 update </dev/null >>"$APT_LOG" 2>&1 ||
      { tail -n 20 "$APT_LOG"; die "apt-get update failed"; }
    apt-get -o DPkg::Lock::Timeout=600 install -y --no-install-recommends "${packages[@]}" \
      </dev/null >>"$APT_LOG" 2>&1 ||
      { tail -n 20 "$APT_LOG"; die "apt-get install ${packages[*]} failed"; }
  fi
  rm -f "$APT_LOG"
fi
id nagios >/dev/null 2>&1 || die "user nagios missing after installing nagios4-core"
log "$(nagios4 --version | grep -m1 'Nagios Core'); $(icinga2 --version | head -n 1)"

###############################################################################
log "step 2: install the plugin where the nagios user can run it"
plugin_jar() { main_jar "$ROOT/adapters-nagios/target" adapters-nagios; }
sim_jar() { main_jar "$ROOT/em-simulator/target" em-simulator; }
if [ -z "$(plugin_jar)" ] || [ ! -d "$ROOT/adapters-nagios/target/lib" ] || [ -z "$(sim_jar)" ]; then
  log "not built yet: mvn -B -q -DskipTests install"
  (cd "$ROOT" && mvn -B -q -DskipTests install) || die "the build failed"
fi
[ -n "$(plugin_jar)" ] || die "no adapters-nagios jar after the build"

# Not under /root or the checkout: the nagios user must reach it (E2E_BASE if /tmp is noexec).
TMP=$(mktemp -d "${E2E_BASE:-/tmp}/cdpwatch-e2e.XXXXXX")
chmod 0755 "$TMP"
OPT=$TMP/opt/cdpwatch
install -d -m 0755 "$OPT/bin" "$OPT/lib" "$TMP/plugins" "$TMP/contrib"
install -m 0755 "$ROOT/bin/check_veeam_cdp" "$OPT/bin/check_veeam_cdp"
install -m 0644 "$ROOT/bin/cdpwatch-launcher" "$OPT/bin/cdpwatch-launcher"
install -m 0644 "$(plugin_jar)" "$ROOT"/adapters-nagios/target/lib/*.jar \
  "$ROOT/adapters-nagios/target/adapters-nagios.stamp" "$OPT/lib/"
# As an admin would: a link in the plugin directory ($USER1$ in Nagios, PluginDir in Icinga 2).
ln -s "$OPT/bin/check_veeam_cdp" "$TMP/plugins/check_veeam_cdp"
# The shipped examples, byte for byte, where the nagios user can read them.
cp -r "$ROOT/contrib/nagios" "$ROOT/contrib/icinga2" "$TMP/contrib/"
chmod -R a+rX "$TMP/contrib"

# The daemons pass this environment on to the checks. Like a distribution service: the system
# PATH (no per-user shims), and JAVA_HOME only when the caller set one, which the nagios user must
# be able to use (a JDK under /root would fail every check).
export PATH=/usr/local/sbin:/usr/local/bin:/usr/sbin:/usr/bin:/sbin:/bin
if [ -n "${JAVA_HOME:-}" ]; then
  java_bin=$JAVA_HOME/bin/java
  as_nagios "$java_bin" -version >/dev/null 2>&1 ||
    die "the nagios user cannot run $java_bin: set JAVA_HOME to a JDK outside /root, or unset it"
else
  java_bin=$(command -v java) || die "no java on the system PATH and no JAVA_HOME"
  as_nagios "$java_bin" -version >/dev/null 2>&1 || die "the nagios user cannot run $java_bin"
fi
log "plugin installed in $OPT (java: $(readlink -f "$java_bin"))"

###############################################################################
log "step 3: em-simulator (demo scenario, HTTPS on 127.0.0.1)"
install -d -m 0700 "$TMP/sim"
setsid "$ROOT/bin/em-simulator" --scenario "$SCENARIO" --tls --port 0 --bind 127.0.0.1 \
  </dev/null >"$TMP/sim/stdout" 2>"$TMP/sim/stderr" &
SIM_PID=$!
wait_for "$WAIT_START" "em-simulator to print its fingerprint" sim_ready
EM_URL=$(sim_value url)
EM_USER=$(sim_value user)
EM_FINGERPRINT=$(sim_value fingerprint)
EM_PORT=$(printf '%s' "$EM_URL" | sed -E 's#^https://127\.0\.0\.1:([0-9]+)/api$#\1#')
case $EM_PORT in '' | *[!0-9]*) die "unexpected simulator URL '$EM_URL'" ;; esac
case $EM_USER in *\\*) ;; *) die "the demo user should be DOMAIN\\user, got '$EM_USER'" ;; esac

install -d -m 0750 -o root -g nagios "$TMP/secrets"
install -m 0600 -o nagios -g nagios "$(sim_value password-file)" "$TMP/secrets/em.password"
install -d -m 0700 -o nagios -g nagios "$TMP/cache" "$TMP/cache/nagios" "$TMP/cache/icinga"
CLOSED_PORT=$(free_port) || die "no free port found"
log "simulator $EM_URL, user $EM_USER, fingerprint ${EM_FINGERPRINT:0:16}..."

# Caches of the nagios user stay in the temp dir: the launcher keeps its class-data archive and the
# plugin its default session cache under $XDG_CACHE_HOME/cdpwatch (else ~/.cache/cdpwatch of the
# user, which would outlive the test). The daemons below inherit this.
install -d -m 0700 -o nagios -g nagios "$TMP/cache/xdg"
export XDG_CACHE_HOME=$TMP/cache/xdg

# direct_check NAME ENV... -- ARGS...: the installed plugin as the nagios user from /, through the
# link in the plugin directory, before any daemon is involved; asserts exit 0 and a CDP OK first line
direct_check() {
  local name=$1 out rc=0 envs=()
  shift
  while [ "$1" != -- ]; do envs+=("$1"); shift; done
  shift
  out=$(cd / && as_nagios env "${envs[@]}" "$TMP/plugins/check_veeam_cdp" --url "$EM_URL" \
    -u "$EM_USER" --password-file "$TMP/secrets/em.password" --fingerprint "$EM_FINGERPRINT" \
    "$@" 2>"$TMP/direct.stderr") || rc=$?
  expect_eq "plugin $name: exit 0" 0 "$rc"
  expect_match "plugin $name: stdout starts with CDP OK" '^CDP OK - ' "$(head -n 1 <<<"$out")"
  [ "$rc" -eq 0 ] || sed 's/^/       stderr: /' "$TMP/direct.stderr"
}
direct_check "as nagios from / (first run)" XDG_CACHE_HOME="$XDG_CACHE_HOME" -- \
  --session-cache "$TMP/cache/nagios" --vm erp-db01
direct_check "as nagios from / (second run, warm caches)" XDG_CACHE_HOME="$XDG_CACHE_HOME" -- \
  --session-cache "$TMP/cache/nagios" --vm erp-db01
# A daemon started by root passes HOME=/root on to the checks: without --session-cache, and with
# no usable default cache directory, the plugin must still work.
install -d -m 0755 "$TMP/not-writable"
direct_check "as nagios with HOME=/root and an unusable default cache" HOME=/root \
  XDG_CACHE_HOME="$TMP/not-writable" -- --vm erp-db01
log "launcher class-data archives in \$XDG_CACHE_HOME: $(find "$XDG_CACHE_HOME" -name "*.jsa" -o -name "*.aot" | wc -l)"

###############################################################################
# Expected results, shared by both systems (cli.md "What is judged" on the demo scenario).
# EXP_STATE: exit status; EXP_FIRST: ERE on the first line; EXP_LONG / EXP_PERF: EREs, one per
# line, that must each match the long output (newlines folded to spaces) / the perfdata.
VM_AGE="=[0-9]+(\\.[0-9]+)?s;"
declare -A EXP_STATE EXP_FIRST EXP_LONG EXP_PERF
EXP_STATE["Veeam CDP erp-db01"]=0
EXP_FIRST["Veeam CDP erp-db01"]="^CDP OK - "
EXP_PERF["Veeam CDP erp-db01"]="(^| )vms=1;
(^| )vms_ok=1;
'erp-db01 age'=[0-9]+(\\.[0-9]+)?s;86400;172800;0( |\$)"
# everything (the scenario's vm statements: 14 VMs): five failed - fileserver 02 (Failed),
# dr-dc01 and dr-sql01 (Failed when their policy stopped), legacy-ax2012 (3 days old, over the 1d
# its policy's 8h long-term interval allows) and erp-report01 (included in CDP ERP Tier-1, no task
# session in the 7d look-back window, last replicated 20 days ago); mail-gw warning; the DR policy
# stopped. Without -w/-c every VM's age limits come from its policy (1.5x / 3x the long-term
# interval: 12h/1d for the 8h policies, 18h/36h for the web policy's 12h).
N_VMS=$(grep -c '^vm ' "$SCENARIO")
EXP_STATE["Veeam CDP"]=2
EXP_FIRST["Veeam CDP"]="^CDP CRITICAL - 5 of $N_VMS VMs failed, 1 warning, 1 of 3 policies failed"
EXP_LONG["Veeam CDP"]="CRITICAL: fileserver 02 .*Failed.*CDP proxy
CRITICAL: legacy-ax2012 .*newest session 3d old, critical after 1d \\(from its policy's 8h long-term interval\\)
CRITICAL: erp-report01 \\(policy CDP ERP Tier-1, server backupsrv01\\.tech\\.local\\): not replicated since [0-9]{4}-[0-9]{2}-[0-9]{2} [0-9]{2}:[0-9]{2}Z; newest session 20d old
CRITICAL: dr-dc01 .*Failed: Replication was interrupted
CRITICAL: dr-sql01 .*Failed: Replication was interrupted
CRITICAL: policy CDP DR Site .*Stopped.*stopped by user TECH\\\\admin:.*RPO 15s \\(warning 30s, failed 1m\\); VM age warning after 12h, critical after 1d \\(from its policy's 8h long-term interval\\)
WARNING: mail-gw \\(DMZ\\)"
# ...the policies' RPO settings, each VM's age limits from its policy, and the last perfdata item
# arrived whole: nothing was cut on the way (8 KB, Nagios buffers)
EXP_PERF["Veeam CDP"]="(^| )vms=$N_VMS;
(^| )vms_ok=8;
(^| )vms_warning=1;
(^| )vms_failed=5;
(^| )policies_failed=1;
'CDP ERP Tier-1 rpo'=15s;;;0 'CDP ERP Tier-1 rpo_warning'=30s;;;0 'CDP ERP Tier-1 rpo_failed'=60s;;;0( |\$)
'CDP Web _ Frontends rpo'=30s;;;0 'CDP Web _ Frontends rpo_warning'=60s;;;0 'CDP Web _ Frontends rpo_failed'=120s;;;0( |\$)
'CDP DR Site rpo'=15s;;;0
'web01 _ frontend age'${VM_AGE}64800;129600;0( |\$)
'erp-db01 age'${VM_AGE}43200;86400;0( |\$)
'fileserver 02 age'$VM_AGE
'erp-report01 age'${VM_AGE}43200;86400;0( |\$)
'[^']+ size'=[0-9]+B;;;0\$"
# the new VM alone: a problem even though the look-back window holds no session of it; its age
# about 20 days (1.6e6 to 3e6 s), its limits from its policy
EXP_STATE["CDP erp-report01"]=2
EXP_FIRST["CDP erp-report01"]="^CDP CRITICAL - 1 of 1 VM failed: erp-report01 \\(not replicated since [0-9]{4}-[0-9]{2}-[0-9]{2} [0-9]{2}:[0-9]{2}Z\\)"
EXP_LONG["CDP erp-report01"]="^CRITICAL: erp-report01 \\(policy CDP ERP Tier-1, server backupsrv01\\.tech\\.local\\): not replicated since .*; newest session 20d old"
EXP_PERF["CDP erp-report01"]="(^| )vms=1;
(^| )vms_failed=1;
'CDP ERP Tier-1 rpo'=15s;;;0
'erp-report01 age'=(1[6-9]|2[0-9])[0-9]{5}(\\.[0-9]+)?s;43200;86400;0( |\$)"
EXP_STATE["CDP mail-gw"]=1
EXP_FIRST["CDP mail-gw"]="^CDP WARNING - .*mail-gw \\(DMZ\\)"
EXP_PERF["CDP mail-gw"]="(^| )vms=[0-9]+;
'mail-gw \\(DMZ\\) age'$VM_AGE"
EXP_STATE["CDP fileserver"]=2
EXP_FIRST["CDP fileserver"]="^CDP CRITICAL - .*fileserver 02"
EXP_LONG["CDP fileserver"]="CRITICAL: fileserver 02 .*Failed.*CDP proxy .cdp-proxy-02.tech.local. is unavailable"
EXP_PERF["CDP fileserver"]="(^| )vms=1;
'fileserver 02 age'$VM_AGE"
# one task session by id (the demo scenario gives hr-portal01's newest one a fixed id)
TASK_SESSION=3f2c8a51-7d0e-4b6a-9c1f-5e8d2b7a4c90
EXP_STATE["CDP task session"]=0
EXP_FIRST["CDP task session"]="^CDP OK - hr-portal01: Success"
EXP_PERF["CDP task session"]="(^| )vms=1;
'hr-portal01 age'$VM_AGE"
EXP_STATE["CDP bad password file"]=3
EXP_FIRST["CDP bad password file"]="^CDP UNKNOWN - .*[Pp]assword"
EXP_STATE["CDP EM unreachable"]=3
EXP_FIRST["CDP EM unreachable"]="^CDP UNKNOWN - "
SERVICES=("Veeam CDP erp-db01" "Veeam CDP" "CDP mail-gw" "CDP fileserver" "CDP erp-report01"
  "CDP bad password file" "CDP EM unreachable" "CDP task session")
# Icinga 2 only: every remaining variable of the CheckCommand in one service (regexes, backup
# server, lookback, thresholds, verbose, timeout, no session cache): web01 | frontend, 1 h old.
EXP_STATE["CDP every option"]=0
EXP_FIRST["CDP every option"]="^CDP OK - 1 VM"
EXP_LONG["CDP every option"]="OK: web01 . frontend .*Success"
EXP_PERF["CDP every option"]="(^| )vms=1;
'web01 _ frontend age'=[0-9]+(\\.[0-9]+)?s;86400;172800;0( |\$)"
ICINGA_SERVICES=("${SERVICES[@]}" "CDP every option")
STATE_NAMES=(OK WARNING CRITICAL UNKNOWN)

# assert_result SYSTEM SERVICE STATE OUTPUT LONG PERFDATA
assert_result() {
  local system=$1 svc=$2 state=$3 output=$4 long=$5 perf=$6 exp_state re
  exp_state=${EXP_STATE[$svc]}
  printf '  --   %s "%s": exit %s: %s\n' "$system" "$svc" "$state" "$(cut -c 1-150 <<<"$output")"
  expect_eq "$system '$svc': state ${STATE_NAMES[$exp_state]}" "$exp_state" "$state"
  expect_match "$system '$svc': first line" "${EXP_FIRST[$svc]}" "$output"
  expect_no_match "$system '$svc': no stack trace or exception name" \
    '(Exception|^[[:space:]]*at [a-z]+\.|java\.[a-z]+\.)' "$output
$long"
  while IFS= read -r re; do
    [ -z "$re" ] || expect_match "$system '$svc': long output /$re/" "$re" \
      "$(printf '%s' "$long" | tr '\n' ' ')"
  done <<<"${EXP_LONG[$svc]:-}"
  while IFS= read -r re; do
    [ -z "$re" ] || expect_match "$system '$svc': perfdata /$re/" "$re" "$perf"
  done <<<"${EXP_PERF[$svc]:-}"
}
###############################################################################
log "step 4: private Nagios 4"
N=$TMP/nagios
install -d -o nagios -g nagios -m 0755 "$N" "$N/etc" "$N/var" "$N/var/rw" "$N/var/spool" \
  "$N/var/spool/checkresults" "$N/tmp"
cat >"$N/etc/resource.cfg" <<EOF
\$USER1\$=$TMP/plugins
EOF
cat >"$N/etc/nagios.cfg" <<EOF
log_file=$N/var/nagios.log
cfg_file=$N/etc/e2e.cfg
cfg_file=$TMP/contrib/nagios/check_veeam_cdp.cfg
resource_file=$N/etc/resource.cfg
object_cache_file=$N/var/objects.cache
precached_object_file=$N/var/objects.precache
status_file=$N/var/status.dat
state_retention_file=$N/var/retention.dat
retain_state_information=0
use_retained_program_state=0
lock_file=$N/var/nagios.lock
temp_file=$N/tmp/nagios.tmp
temp_path=$N/tmp
check_result_path=$N/var/spool/checkresults
command_file=$N/var/rw/nagios.cmd
query_socket=$N/var/rw/nagios.qh
debug_file=$N/var/nagios.debug
debug_level=0
nagios_user=nagios
nagios_group=nagios
check_external_commands=1
check_for_updates=0
bare_update_check=1
interval_length=1
status_update_interval=1
check_result_reaper_frequency=1
max_check_result_reaper_time=5
service_check_timeout=60
execute_service_checks=1
execute_host_checks=1
enable_notifications=0
enable_event_handlers=0
enable_flap_detection=0
process_performance_data=0
use_syslog=0
log_rotation_method=n
log_initial_states=0
log_passive_checks=0
EOF
# Site configuration: what an admin writes next to the shipped file (see its header). Only
# variables change; the command, the template and the two example services are the shipped ones.
cat >"$N/etc/e2e.cfg" <<EOF
define timeperiod {
    timeperiod_name     always
    alias               always
    sunday              00:00-24:00
    monday              00:00-24:00
    tuesday             00:00-24:00
    wednesday           00:00-24:00
    thursday            00:00-24:00
    friday              00:00-24:00
    saturday            00:00-24:00
}
define contact {
    contact_name                    e2e
    host_notifications_enabled      0
    service_notifications_enabled   0
    host_notification_period        always
    service_notification_period     always
    host_notification_options       n
    service_notification_options    n
    host_notification_commands      e2e-true
    service_notification_commands   e2e-true
}
define command {
    command_name    e2e-true
    command_line    /bin/true
}
define host {
    host_name               veeam-em
    address                 127.0.0.1
    check_command           e2e-true
    max_check_attempts      1
    check_period            always
    contacts                e2e
    notification_period     always
    active_checks_enabled   0
}
define service {
    name                    veeam-em-connection
    check_period            always
    notification_period     always
    contacts                e2e
    max_check_attempts      1
    check_interval          3600
    retry_interval          3600
    active_checks_enabled   0
    _EM_PORT                $EM_PORT
    _EM_USER                $EM_USER
    _EM_PASSWORD_FILE       $TMP/secrets/em.password
    _EM_TRUST               --fingerprint $EM_FINGERPRINT
    _EM_SESSION_CACHE       $TMP/cache/nagios
    register                0
}
define service {
    use                     veeam-cdp
    host_name               veeam-em
    service_description     CDP mail-gw
    _CDP_ARGS               --vm 'mail-gw (DMZ)'
}
define service {
    use                     veeam-cdp
    host_name               veeam-em
    service_description     CDP fileserver
    _CDP_ARGS               --vm 'fileserver 02'
}
define service {
    use                     veeam-cdp
    host_name               veeam-em
    service_description     CDP erp-report01
    _CDP_ARGS               --vm 'erp-report01'
}
define service {
    use                     veeam-cdp
    host_name               veeam-em
    service_description     CDP bad password file
    _EM_PASSWORD_FILE       $TMP/secrets/missing.password
}
define service {
    use                     veeam-cdp
    host_name               veeam-em
    service_description     CDP EM unreachable
    _EM_PORT                $CLOSED_PORT
}
define service {
    use                     veeam-cdp
    host_name               veeam-em
    service_description     CDP task session
    _CDP_ARGS               --task-session 'urn:veeam:CdpReplicaTaskSession:$TASK_SESSION'
}
EOF
chown -R nagios:nagios "$N/etc"
nagios4 -v "$N/etc/nagios.cfg" >"$N/verify.out" 2>&1 ||
  { cat "$N/verify.out"; die "nagios4 -v rejected the configuration"; }
pass "nagios4 -v accepts the shipped check_veeam_cdp.cfg"

# Foreground (no -d), in its own session so that the test owns and can stop the process group.
(cd / && exec setsid nagios4 "$N/etc/nagios.cfg") </dev/null >"$N/stdout" 2>&1 &
NAGIOS_PID=$!
nagios_ready() {
  kill -0 "$NAGIOS_PID" 2>/dev/null || die "nagios4 exited: $(tail -n 20 "$N/stdout")"
  [ -p "$N/var/rw/nagios.cmd" ] && [ -s "$N/var/status.dat" ]
}
wait_for "$WAIT_START" "Nagios to create its command pipe and status.dat" nagios_ready
log "Nagios runs (pid $NAGIOS_PID)"


# status.dat field of one service: nagios_field SERVICE FIELD
nagios_field() {
  awk -v svc="$1" -v field="$2" '
    /^servicestatus \{/ { inside = 1; found = 0; value = ""; next }
    inside && /^\t}/ { if (found) { print value; exit } inside = 0; next }
    inside {
      line = $0; sub(/^\t/, "", line)
      key = line; sub(/=.*/, "", key)
      val = line; sub(/^[^=]*=/, "", val)
      if (key == "service_description" && val == svc) found = 1
      if (key == field) value = val
    }' "$N/var/status.dat"
}

sleep 1 # checks scheduled before now count as old results
forced_at=$(date +%s)
for svc in "${SERVICES[@]}"; do
  printf '[%s] SCHEDULE_FORCED_SVC_CHECK;veeam-em;%s;%s\n' "$forced_at" "$svc" "$forced_at" \
    >"$N/var/rw/nagios.cmd"
done
nagios_all_checked() {
  kill -0 "$NAGIOS_PID" 2>/dev/null || die "nagios4 exited: $(tail -n 20 "$N/stdout")"
  local svc last
  for svc in "${SERVICES[@]}"; do
    last=$(nagios_field "$svc" last_check)
    [ -n "$last" ] && [ "$last" -ge "$forced_at" ] || return 1
  done
}
t0=$SECONDS
wait_for "$WAIT_CHECK" "Nagios to run the ${#SERVICES[@]} forced checks" nagios_all_checked
log "Nagios ran ${#SERVICES[@]} forced checks in $((SECONDS - t0))s"
for svc in "${SERVICES[@]}"; do
  long=$(nagios_field "$svc" long_plugin_output)
  # status.dat escapes a backslash as \\ and a newline as \n
  long=${long//\\\\/$'\x01'}
  long=${long//\\n/$'\n'}
  long=${long//$'\x01'/\\}
  assert_result Nagios "$svc" "$(nagios_field "$svc" current_state)" \
    "$(nagios_field "$svc" plugin_output)" "$long" "$(nagios_field "$svc" performance_data)"
done
# status.dat disappears when Nagios stops; keep a copy for E2E_KEEP=1 debugging
cp "$N/var/status.dat" "$N/status.dat.final" 2>/dev/null || true
check "Nagios: the plugin kept its EM session in the cache directory, as nagios" \
  test -n "$(find "$TMP/cache/nagios" -type f -user nagios -size +0c)"
stop_group "$NAGIOS_PID" nagios4
NAGIOS_PID=

###############################################################################
log "step 5: private Icinga 2"
I=$TMP/icinga
install -d -o nagios -g nagios -m 0755 "$I" "$I/etc" "$I/data" "$I/data/certs" "$I/log" \
  "$I/cache" "$I/spool" "$I/run"
API_PORT=$(free_port) || die "no free port for the Icinga 2 API"
API_PASSWORD=$(openssl rand -hex 16)
NODE=cdpwatch-e2e
# API certificates, without icinga2 api setup (it would edit /etc/icinga2).
(
  cd "$I/data/certs"
  openssl req -x509 -newkey rsa:2048 -nodes -days 2 -subj "/CN=cdpwatch-e2e-ca" \
    -keyout ca.key -out ca.crt
  openssl req -newkey rsa:2048 -nodes -subj "/CN=$NODE" -keyout "$NODE.key" -out "$NODE.csr"
  openssl x509 -req -in "$NODE.csr" -CA ca.crt -CAkey ca.key -CAcreateserial -days 2 \
    -out "$NODE.crt"
  rm -f ca.key "$NODE.csr" ca.srl
) >"$I/openssl.out" 2>&1 || { cat "$I/openssl.out"; die "openssl could not make the API certificates"; }
chown -R nagios:nagios "$I/data/certs"
chmod 0600 "$I/data/certs/$NODE.key"

cat >"$I/etc/icinga2.conf" <<EOF
const PluginDir = "$TMP/plugins"
const NodeName = "$NODE"
const ZoneName = "$NODE"
const TicketSalt = ""

include <itl>

object FileLogger "main-log" {
  severity = "information"
  path = LogDir + "/icinga2.log"
}
object Endpoint NodeName { }
object Zone ZoneName { endpoints = [ NodeName ] }
object ApiListener "api" {
  bind_host = "127.0.0.1"
  bind_port = "$API_PORT"
  accept_config = false
  accept_commands = false
}
object ApiUser "e2e" {
  password = "$API_PASSWORD"
  permissions = [ "*" ]
}
object CheckerComponent "checker" { }

template Host "generic-host" {
  max_check_attempts = 1
  check_interval = 1h
  retry_interval = 1h
  check_command = "dummy"
  vars.dummy_state = 0
}
template Service "generic-service" {
  max_check_attempts = 1
  enable_notifications = false
}

include "$TMP/contrib/icinga2/check_veeam_cdp.conf"

object Host "veeam-em" {
  import "generic-host"
  address = "127.0.0.1"
  vars.veeam_cdp_port = $EM_PORT
  vars.veeam_cdp_username = "${EM_USER//\\/\\\\}"
  vars.veeam_cdp_password_file = "$TMP/secrets/em.password"
  vars.veeam_cdp_fingerprint = "$EM_FINGERPRINT"
  vars.veeam_cdp_session_cache = "$TMP/cache/icinga"

  vars.veeam_cdp_services["Veeam CDP"] = { }
  vars.veeam_cdp_services["Veeam CDP erp-db01"] = {
    veeam_cdp_vm = [ "erp-db01" ]
    veeam_cdp_warning = "1d"
  }
  vars.veeam_cdp_services["CDP mail-gw"] = {
    // two VMs: the array becomes --vm A --vm B (repeat_key)
    veeam_cdp_vm = [ "mail-gw (DMZ)", "erp-db01" ]
  }
  vars.veeam_cdp_services["CDP fileserver"] = {
    // --url instead of the host's address and port (the command then passes neither)
    veeam_cdp_url = "$EM_URL"
    veeam_cdp_vm = [ "fileserver 02" ]
  }
  vars.veeam_cdp_services["CDP erp-report01"] = {
    veeam_cdp_vm = [ "erp-report01" ]
  }
  vars.veeam_cdp_services["CDP bad password file"] = {
    veeam_cdp_password_file = "$TMP/secrets/missing.password"
  }
  vars.veeam_cdp_services["CDP EM unreachable"] = {
    veeam_cdp_port = $CLOSED_PORT
  }
  vars.veeam_cdp_services["CDP task session"] = {
    veeam_cdp_task_session = "$TASK_SESSION"
  }
  vars.veeam_cdp_services["CDP every option"] = {
    veeam_cdp_vm_regex = "^web"
    veeam_cdp_exclude_vm_regex = "02"
    veeam_cdp_backup_server = "backupsrv01.tech.local"
    veeam_cdp_lookback = "7d"
    veeam_cdp_warning = "1d"
    veeam_cdp_critical = "2d"
    veeam_cdp_verbose = true
    veeam_cdp_timeout = 20
    veeam_cdp_no_session_cache = true
  }
}
EOF
chown -R nagios:nagios "$I/etc"
ICINGA_DEFINES=(
  -DConfiguration.DataDir="$I/data" -DConfiguration.LogDir="$I/log"
  -DConfiguration.CacheDir="$I/cache" -DConfiguration.SpoolDir="$I/spool"
  -DConfiguration.InitRunDir="$I/run" -DConfiguration.RunAsUser=nagios
  -DConfiguration.RunAsGroup=nagios
)
(cd / && icinga2 daemon -C -c "$I/etc/icinga2.conf" "${ICINGA_DEFINES[@]}") >"$I/verify.out" 2>&1 ||
  { tail -n 30 "$I/verify.out"; die "icinga2 daemon -C rejected the configuration"; }
pass "icinga2 daemon -C accepts the shipped check_veeam_cdp.conf"

(cd / && exec setsid icinga2 daemon -c "$I/etc/icinga2.conf" "${ICINGA_DEFINES[@]}") \
  </dev/null >"$I/stdout" 2>&1 &
ICINGA_PID=$!

api() {
  local method=$1 path=$2
  shift 2
  curl -sS --max-time 10 --cacert "$I/data/certs/ca.crt" --resolve "$NODE:$API_PORT:127.0.0.1" \
    -u "e2e:$API_PASSWORD" -H 'Accept: application/json' -X "$method" \
    "https://$NODE:$API_PORT$path" "$@"
}
icinga_ready() {
  kill -0 "$ICINGA_PID" 2>/dev/null || die "icinga2 exited: $(tail -n 20 "$I/stdout")"
  [ "$(api GET /v1/objects/services 2>/dev/null | jq '.results | length' 2>/dev/null)" = \
    "${#ICINGA_SERVICES[@]}" ]
}
wait_for "$WAIT_START" "the Icinga 2 API to list ${#ICINGA_SERVICES[@]} services" icinga_ready
log "Icinga 2 runs (pid $ICINGA_PID), API on 127.0.0.1:$API_PORT"

forced_at=$(date +%s.%N) # execution_end is fractional
reschedule=$(api POST /v1/actions/reschedule-check \
  -d '{"type":"Service","filter":"host.name==\"veeam-em\"","force":true}') ||
  die "reschedule-check failed"
expect_eq "Icinga 2 API reschedule-check accepted for every service" "${#ICINGA_SERVICES[@]}" \
  "$(printf '%s' "$reschedule" | jq '[.results[] | select(.code == 200)] | length')"

services_json() {
  api GET '/v1/objects/services?attrs=last_check_result&attrs=display_name&attrs=state'
}
icinga_all_checked() {
  kill -0 "$ICINGA_PID" 2>/dev/null || die "icinga2 exited: $(tail -n 20 "$I/stdout")"
  local n
  n=$(services_json 2>/dev/null | jq --argjson t "$forced_at" \
    '[.results[] | select(.attrs.last_check_result != null
       and .attrs.last_check_result.execution_end >= $t)] | length' 2>/dev/null) || return 1
  [ "$n" = "${#ICINGA_SERVICES[@]}" ]
}
t0=$SECONDS
wait_for "$WAIT_CHECK" "Icinga 2 to run the ${#ICINGA_SERVICES[@]} forced checks" icinga_all_checked
log "Icinga 2 ran ${#ICINGA_SERVICES[@]} forced checks in $((SECONDS - t0))s"
json=$(services_json)
for svc in "${ICINGA_SERVICES[@]}"; do
  r=$(printf '%s' "$json" | jq --arg n "$svc" '.results[] | select(.attrs.display_name == $n) | .attrs')
  output=$(printf '%s' "$r" | jq -r '.last_check_result.output')
  assert_result "Icinga 2" "$svc" "$(printf '%s' "$r" | jq -r '.last_check_result.exit_status')" \
    "${output%%$'\n'*}" "$( [ "$output" = "${output#*$'\n'}" ] || printf '%s' "${output#*$'\n'}")" \
    "$(printf '%s' "$r" | jq -r '(.last_check_result.performance_data // []) | join(" ")')"
  expect_eq "Icinga 2 '$svc': service state equals exit status" \
    "$(printf '%s' "$r" | jq -r '.last_check_result.exit_status')" \
    "$(printf '%s' "$r" | jq -r '.state | floor')"
done
mailgw_perf=$(printf "%s" "$json" | jq -r '.results[] | select(.attrs.display_name == "CDP mail-gw")
  | (.attrs.last_check_result.performance_data // []) | join(" ")')
expect_match "Icinga 2 'CDP mail-gw': both VMs of the array checked (repeat_key)" \
  "'erp-db01 age'$VM_AGE" "$mailgw_perf"
check "Icinga 2: the plugin kept its EM session in the cache directory, as nagios" \
  test -n "$(find "$TMP/cache/icinga" -type f -user nagios -size +0c)"
stop_group "$ICINGA_PID" icinga2
ICINGA_PID=
APT_LOG=

log "done"
