#!/usr/bin/env bash
# End-to-end proof of the Zabbix side of cdpwatch (bin/zbx_veeam_cdp and the two shipped templates
# contrib/zabbix/veeam_cdp_trapper.yaml and veeam_cdp_external.yaml) inside a real Zabbix 6.0 server
# (Debian 12) and then a real Zabbix 7.0 server (bookworm-backports), each with its real frontend API.
#
#   bash e2e/zabbix.sh          (as root; CI runs it from .ci/run after the Nagios / Icinga 2 test)
#
# For each version it:
#   1. installs that version's zabbix-server-pgsql and zabbix-frontend-php (switching packages with
#      explicit versions; 7.0 from a deb822 bookworm-backports source signed by Debian's archive key);
#   2. creates a private PostgreSQL cluster in the temp dir and loads Debian's schema into it;
#   3. runs a private zabbix_server (loopback, a free port, ExternalScripts = a private directory with
#      a link zbx_veeam_cdp -> the installed launcher) and the frontend under `php -S` (the frontend
#      reads /etc/zabbix/zabbix.conf.php only: the test writes it and restores or removes it);
#   4. imports both templates through configuration.import, creates a trapper host, an external-check
#      host and an external-check host whose password EM refuses;
#   5. feeds the trapper host with `bin/zbx_veeam_cdp send` and lets the server run the external
#      check itself, reloads the configuration cache once discovery is complete;
#   6. asserts through the API: discovered VM and policy items, every value against a `collect` run
#      of the same estate and against the demo scenario itself, the problems that fired (and that
#      healthy VMs raised none), and the collection error on the refused host;
#   7. stops everything it started.
# The em-simulator (demo scenario, HTTPS, pinned fingerprint) serves both versions.
# Knobs: E2E_KEEP=1 (keep the temp dir), E2E_BASE (parent of the temp dir, default /tmp),
# E2E_WAIT_START and E2E_WAIT_DATA (seconds, bounded waits), E2E_ZABBIX_VERSIONS ("6.0 7.0", the
# order too), E2E_SLOW_API (seconds; API calls slower than this are logged, default 10).
# Prints "N passed, M failed" at the end; exits non-zero when anything failed.
# jq/yq filters and Zabbix macros carry a literal $ in single quotes; the small functions defined
# inside run_version are called through poll:
# shellcheck disable=SC2016,SC2317
set -euo pipefail

ROOT=$(cd "$(dirname "$0")/.." && pwd -P)
SCENARIO=$ROOT/em-simulator/scenarios/demo.scenario
TEMPLATE_TRAPPER=$ROOT/contrib/zabbix/veeam_cdp_trapper.yaml
TEMPLATE_EXTERNAL=$ROOT/contrib/zabbix/veeam_cdp_external.yaml
WAIT_START=${E2E_WAIT_START:-90} # seconds for a daemon or the simulator to come up
WAIT_DATA=${E2E_WAIT_DATA:-180}  # seconds for discovery, values and problems to arrive
VERSIONS=${E2E_ZABBIX_VERSIONS:-6.0 7.0}
# Debian 12's own 6.0 (the fallback when apt-cache cannot tell) and the backports suite for 7.0
ZBX60_SERVER_VERSION=1:6.0.14+dfsg-1+b1
ZBX60_FRONTEND_VERSION=1:6.0.14+dfsg-1
BACKPORTS_SOURCE=/etc/apt/sources.list.d/cdpwatch-e2e-bookworm-backports.sources
FRONTEND_CONF=/etc/zabbix/zabbix.conf.php
LOCK_FILE=/tmp/cdpwatch-e2e-zabbix.lock
TRAPPER_HOST=veeam-em-trapper
EXTERNAL_HOST=veeam-em-external
REFUSED_HOST=veeam-em-refused
ZBX_INTERVAL=10s # {$VEEAM.CDP.INTERVAL} of the external-check hosts

PASSED=0
FAILED=0
exec 5>&1 # the test's own output, for notes from inside command substitutions
TMP=
SIM_PID=
PG_PID=
ZBX_PID=
WEB_PID=
APT_LOG=
FRONTEND_CONF_STATE= # saved: we keep the original in $TMP; created: there was none
TIMINGS=()
T_START=$SECONDS

# shellcheck source=assert.sh
. "$ROOT/e2e/assert.sh"
# shellcheck source=processes.sh
. "$ROOT/e2e/processes.sh"


show_logs() {
  [ -n "$TMP" ] && [ -d "$TMP" ] || return 0
  local f
  for f in "$TMP"/sim/stderr "$TMP"/zabbix-*/pg/log "$TMP"/zabbix-*/server/zabbix_server.log \
    "$TMP"/zabbix-*/server/stdout "$TMP"/zabbix-*/web/log; do
    if [ -s "$f" ]; then
      echo "----- last lines of $f"
      tail -n 25 "$f"
    fi
  done
}



# stop_zabbix: the web server, the Zabbix server, its checks, PostgreSQL (fast shutdown)
stop_zabbix() {
  stop_group "$WEB_PID" "php -S"
  WEB_PID=
  stop_group "$ZBX_PID" zabbix_server
  ZBX_PID=
  stop_group "$PG_PID" postgres INT
  PG_PID=
  stop_leftover_checks
}

restore_frontend_conf() {
  case $FRONTEND_CONF_STATE in
    saved) cp -p -- "$TMP/zabbix.conf.php.orig" "$FRONTEND_CONF" && log "restored $FRONTEND_CONF" ;;
    created) rm -f -- "$FRONTEND_CONF" ;;
  esac
  FRONTEND_CONF_STATE=
}

cleanup() {
  local rc=$?
  trap - EXIT INT TERM
  set +e
  stop_zabbix
  stop_leftover_checks
  stop_group "$SIM_PID" em-simulator
  SIM_PID=
  restore_frontend_conf
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
  if [ "${#TIMINGS[@]}" -gt 0 ]; then
    echo
    printf 'timing: %s\n' "${TIMINGS[@]}"
    printf 'timing: total %ss\n' "$((SECONDS - T_START))"
  fi
  summary
  if [ "$rc" -eq 0 ] && [ "$FAILED" -gt 0 ]; then rc=1; fi
  exit "$rc"
}
trap cleanup EXIT
trap 'log "interrupted"; FAILED=$((FAILED + 1)); exit 130' INT TERM


# poll SECONDS STEP COMMAND...: poll every STEP seconds until COMMAND succeeds; 1 on timeout
poll() {
  local deadline=$((SECONDS + $1)) step=$2
  shift 2
  until "$@"; do
    [ "$SECONDS" -lt "$deadline" ] || return 1
    sleep "$step"
  done
}

listening() { (exec 3<>"/dev/tcp/127.0.0.1/$1") 2>/dev/null; }

# The environment of a service: the system PATH (no per-user shims), no locale (a service may get
# none; the command must print UTF-8 all the same), no HOME or XDG_CACHE_HOME, JAVA_HOME only when
# the caller set one. Debian's zabbix user has the home /nonexistent, so the external check runs
# as it would there: no session cache and no class-data archive it could write.
service_env() {
  env -i PATH=/usr/local/sbin:/usr/local/bin:/usr/sbin:/usr/bin:/sbin:/bin \
    ${JAVA_HOME:+JAVA_HOME="$JAVA_HOME"} "$@"
}
as_zabbix() { service_env setpriv --reuid=zabbix --regid=zabbix --init-groups -- "$@"; }

# apt_get ARGS...: apt-get install with the lock timeout, an update once when it fails
apt_install() {
  APT_LOG=/tmp/cdpwatch-e2e-zabbix-apt.$$.log
  export DEBIAN_FRONTEND=noninteractive
  log "apt-get install $*"
  if ! apt-get -o DPkg::Lock::Timeout=600 install -y --no-install-recommends "$@" \
    </dev/null >"$APT_LOG" 2>&1; then
    log "install failed, running apt-get update once"
    apt-get -o DPkg::Lock::Timeout=600 update </dev/null >>"$APT_LOG" 2>&1 ||
      { tail -n 20 "$APT_LOG"; die "apt-get update failed"; }
    apt-get -o DPkg::Lock::Timeout=600 install -y --no-install-recommends "$@" \
      </dev/null >>"$APT_LOG" 2>&1 || { tail -n 20 "$APT_LOG"; die "apt-get install $* failed"; }
  fi
  rm -f "$APT_LOG"
  APT_LOG=
}

pkg_version() { { dpkg-query -W -f='${db:Status-Abbrev}${Version}' "$1" 2>/dev/null || true; } | sed -n 's/^ii *//p'; }

###############################################################################
# Zabbix packages: 6.0 from bookworm, 7.0 from bookworm-backports, switched with explicit versions.
bookworm_version() { # PACKAGE: the newest version not from backports
  apt-cache madison "$1" 2>/dev/null | awk -F' [|] ' '$3 !~ /backports/ { print $2; exit }'
}
ensure_backports_source() {
  if ! grep -rqs 'bookworm-backports' /etc/apt/sources.list /etc/apt/sources.list.d/; then
    log "adding $BACKPORTS_SOURCE"
    cat >"$BACKPORTS_SOURCE" <<'EOF'
# added by cdpwatch e2e/zabbix.sh: Zabbix 7.0 for the end-to-end test (priority 100: nothing
# comes from here unless asked for with -t bookworm-backports)
Types: deb
URIs: http://deb.debian.org/debian
Suites: bookworm-backports
Components: main
Signed-By: /usr/share/keyrings/debian-archive-keyring.gpg
EOF
  fi
  if ! apt-cache madison zabbix-server-pgsql 2>/dev/null | grep -q backports; then
    log "apt-get update (for bookworm-backports)"
    apt-get -o DPkg::Lock::Timeout=600 update </dev/null >/tmp/cdpwatch-e2e-zabbix-update.$$.log 2>&1 ||
      { tail -n 20 "/tmp/cdpwatch-e2e-zabbix-update.$$.log"; die "apt-get update failed"; }
    rm -f "/tmp/cdpwatch-e2e-zabbix-update.$$.log"
  fi
}
ensure_zabbix() { # VERSION (6.0 or 7.0)
  local v=$1 server frontend sv fv
  server=$(pkg_version zabbix-server-pgsql)
  frontend=$(pkg_version zabbix-frontend-php)
  case $v in
    6.0)
      if [[ $server != 1:6.0.* || $frontend != 1:6.0.* ]]; then
        sv=$(bookworm_version zabbix-server-pgsql)
        fv=$(bookworm_version zabbix-frontend-php)
        apt_install --allow-downgrades "zabbix-server-pgsql=${sv:-$ZBX60_SERVER_VERSION}" \
          "zabbix-frontend-php=${fv:-$ZBX60_FRONTEND_VERSION}" php-cli php-pgsql
      fi
      ;;
    7.0)
      if [[ $server != 1:7.0.* || $frontend != 1:7.0.* ]] || [ -z "$(pkg_version php-curl)" ]; then
        ensure_backports_source
        apt_install -t bookworm-backports zabbix-server-pgsql zabbix-frontend-php php-curl
      fi
      ;;
    *) die "unknown Zabbix version $v" ;;
  esac
  server=$(pkg_version zabbix-server-pgsql)
  [[ $server == 1:$v.* ]] || die "zabbix-server-pgsql $server installed, $v wanted"
}

schema_file() { # NAME: Debian's schema files, found through the package (same paths in 6.0 and 7.0)
  dpkg -L zabbix-server-pgsql | grep -E "/$1\.sql(\.gz)?\$" | head -n 1
}
sql_cat() { case $1 in *.gz) zcat -- "$1" ;; *) cat -- "$1" ;; esac; }

###############################################################################
log "step 1: packages and the product"
[ "$(id -u)" -eq 0 ] || die "run as root (installs packages, runs PostgreSQL and Zabbix as their users)"
# One run at a time on a machine: the packages, /etc/zabbix/zabbix.conf.php are shared.
exec 9>"$LOCK_FILE"
flock -w 900 9 || die "another e2e/zabbix.sh holds $LOCK_FILE"

need=()
for cmd in curl jq yq php setpriv flock openssl; do
  command -v "$cmd" >/dev/null 2>&1 || need+=("$cmd")
done
base_packages=(curl jq yq php-cli php-pgsql postgresql openssl ca-certificates)
if [ "${#need[@]}" -gt 0 ] || ! php -m 2>/dev/null | grep -qx pgsql ||
  ! compgen -G '/usr/lib/postgresql/*/bin/initdb' >/dev/null; then
  apt_install "${base_packages[@]}"
fi
for version in $VERSIONS; do
  case $version in 6.0 | 7.0) ;; *) die "E2E_ZABBIX_VERSIONS: 6.0 and/or 7.0, not '$version'" ;; esac
done
# the zabbix user (for the files below) comes with the server package: the first version's now
id zabbix >/dev/null 2>&1 || ensure_zabbix "${VERSIONS%% *}"
id zabbix >/dev/null 2>&1 || die "no user zabbix after installing zabbix-server-pgsql"
PG_BIN=$(find /usr/lib/postgresql -mindepth 2 -maxdepth 2 -name bin -type d | sort -V | tail -n 1)
[ -x "$PG_BIN/initdb" ] || die "no PostgreSQL server binaries under /usr/lib/postgresql"

command_jar() { main_jar "$ROOT/adapters-zabbix/target" adapters-zabbix; }
sim_jar() { main_jar "$ROOT/em-simulator/target" em-simulator; }
if [ -z "$(command_jar)" ] || [ ! -d "$ROOT/adapters-zabbix/target/lib" ] || [ -z "$(sim_jar)" ]; then
  log "not built yet: mvn -B -q -DskipTests install"
  (cd "$ROOT" && mvn -B -q -DskipTests install) || die "the build failed"
fi
[ -n "$(command_jar)" ] || die "no adapters-zabbix jar after the build"
[ -x "$ROOT/bin/zbx_veeam_cdp" ] || die "no launcher $ROOT/bin/zbx_veeam_cdp"
for f in "$TEMPLATE_TRAPPER" "$TEMPLATE_EXTERNAL"; do
  [ -s "$f" ] || die "no template $f"
done

# Not under /root or the checkout: the zabbix user must reach it (E2E_BASE if /tmp is noexec).
TMP=$(mktemp -d "${E2E_BASE:-/tmp}/cdpwatch-e2e-zabbix.XXXXXX")
chmod 0755 "$TMP"
OPT=$TMP/opt/cdpwatch
install -d -m 0755 "$OPT/bin" "$OPT/lib" "$TMP/externalscripts" "$TMP/contrib"
install -m 0755 "$ROOT/bin/zbx_veeam_cdp" "$OPT/bin/zbx_veeam_cdp"
install -m 0644 "$ROOT/bin/cdpwatch-launcher" "$OPT/bin/cdpwatch-launcher" # sourced by the command
install -m 0644 "$(command_jar)" "$ROOT"/adapters-zabbix/target/lib/*.jar \
  "$ROOT/adapters-zabbix/target/adapters-zabbix.stamp" "$OPT/lib/"
# As an admin would: a link in the server's ExternalScripts directory.
ln -s "$OPT/bin/zbx_veeam_cdp" "$TMP/externalscripts/zbx_veeam_cdp"
cp "$TEMPLATE_TRAPPER" "$TEMPLATE_EXTERNAL" "$TMP/contrib/"
chmod -R a+rX "$TMP/contrib"

###############################################################################
# The templates: names, master key, macro defaults and what discovery must create.
tpl() { yq -r "$2" "$1"; }
TRAPPER_NAME=$(tpl "$TEMPLATE_TRAPPER" '.zabbix_export.templates[0].template')
EXTERNAL_NAME=$(tpl "$TEMPLATE_EXTERNAL" '.zabbix_export.templates[0].template')
EXTERNAL_KEY=$(tpl "$TEMPLATE_EXTERNAL" \
  '.zabbix_export.templates[0].items[] | select(.type == "EXTERNAL") | .key')
[ -n "$EXTERNAL_KEY" ] || die "no EXTERNAL master item in $TEMPLATE_EXTERNAL"
macro_default() {
  tpl "$TEMPLATE_TRAPPER" ".zabbix_export.templates[0].macros[] | select(.macro == \"$1\") | .value"
}
AGE_WARN_TEXT=$(macro_default '{$VEEAM.CDP.AGE.WARN}')
AGE_CRIT_TEXT=$(macro_default '{$VEEAM.CDP.AGE.CRIT}')
# seconds DURATION: 90, 90s, 15m, 26h, 2d, 1w (a leading minus is dropped)
seconds() {
  local v=${1#-}
  case $v in
    *s) echo "${v%s}" ;;
    *m) echo $((${v%m} * 60)) ;;
    *h) echo $((${v%h} * 3600)) ;;
    *d) echo $((${v%d} * 86400)) ;;
    *w) echo $((${v%w} * 604800)) ;;
    *) echo "$v" ;;
  esac
}
# off_or_seconds DURATION|off: seconds, or empty for off (a setting not enabled)
off_or_seconds() { if [ "$1" = off ]; then echo; else seconds "$1"; fi; }
AGE_WARN=$(seconds "$AGE_WARN_TEXT")
AGE_CRIT=$(seconds "$AGE_CRIT_TEXT")
case "$AGE_WARN$AGE_CRIT" in '' | *[!0-9]*) die "age macros not found in the trapper template" ;; esac
# per discovery rule: key, item prototypes, trigger prototypes, "vm" or "policy"
# (yq 3 is a jq wrapper, so the same filters serve both templates)
lld_rules() {
  tpl "$1" '.zabbix_export.templates[0].discovery_rules[] | [.key, (.item_prototypes | length),
    ([.item_prototypes[] | (.trigger_prototypes // [])[]] | length)
      + ((.trigger_prototypes // []) | length),
    (if ([.item_prototypes[].key | startswith("veeam.cdp.vm.")] | any) then "vm" else "policy" end)]
    | @tsv'
}
template_counts() { # items, triggers, discovery rules
  tpl "$1" '(.zabbix_export.triggers // []) as $multi | .zabbix_export.templates[0]
    | [(.items | length), ([.items[] | (.triggers // [])[]] | length) + ($multi | length),
      ((.discovery_rules // []) | length)] | @tsv'
}

###############################################################################
# The oracle: what the demo scenario says, read from the scenario file itself (em-simulator/README).
# For every VM its newest task session decides: the last of results= (Success by default), and its
# age is newest=; a policy whose newest session is Stopped is stopped. A policy's settings: rpo=
# (15s), rpo-warning= and rpo-failed= (30s, 1m; off: none), long-term= (8h), the simulator's
# defaults (PolicySettings.DEFAULT); it includes its vm statements and its include containers.
scenario_tokens() { # one line per statement, fields separated by \037, quotes resolved ("" -> ")
  awk '
    /^[[:space:]]*(#|$)/ { next }
    {
      n = 0; tok = ""; inq = 0; has = 0; line = $0
      for (i = 1; i <= length(line); i++) {
        c = substr(line, i, 1)
        if (inq) {
          if (c == "\"") {
            if (substr(line, i + 1, 1) == "\"") { tok = tok "\""; i++ } else inq = 0
          } else tok = tok c
        } else if (c == "\"") { inq = 1; has = 1 }
        else if (c == " " || c == "\t") { if (has) { out[++n] = tok; tok = ""; has = 0 } }
        else { tok = tok c; has = 1 }
      }
      if (has) out[++n] = tok
      s = out[1]
      for (j = 2; j <= n; j++) s = s "\037" out[j]
      print s
    }' "$SCENARIO"
}
declare -A VM_RESULT VM_AGE VM_STATE VM_POLICY VM_MISSING POL_NAME POL_STOPPED POL_STATE
declare -A POL_RPO POL_RPO_WARNING POL_RPO_FAILED POL_LONG_TERM POL_VMS POL_CONTAINERS
VM_NAMES=()
POL_KEYS=()
while IFS=$'\037' read -r -a t; do
  declare -A kv=()
  for f in "${t[@]:1}"; do
    case $f in *=*) kv[${f%%=*}]=${f#*=} ;; esac
  done
  case ${t[0]} in
    policy)
      POL_KEYS+=("${t[1]}")
      POL_NAME[${t[1]}]=${kv[name]}
      POL_STOPPED[${t[1]}]=0
      POL_RPO[${t[1]}]=$(seconds "${kv[rpo]:-15s}")
      POL_RPO_WARNING[${t[1]}]=$(off_or_seconds "${kv[rpo-warning]:-30s}")
      POL_RPO_FAILED[${t[1]}]=$(off_or_seconds "${kv[rpo-failed]:-1m}")
      POL_LONG_TERM[${t[1]}]=$(seconds "${kv[long-term]:-8h}")
      POL_VMS[${t[1]}]=0
      POL_CONTAINERS[${t[1]}]=0
      ;;
    include)
      POL_CONTAINERS[${t[1]}]=$((POL_CONTAINERS[${t[1]}] + 1))
      ;;
    daily-sessions)
      [ "${kv[last-state]:-}" != Stopped ] || POL_STOPPED[${kv[policy]}]=1
      ;;
    vm)
      name=${t[1]}
      VM_NAMES+=("$name")
      VM_POLICY[$name]=${kv[policy]}
      POL_VMS[${kv[policy]}]=$((POL_VMS[${kv[policy]}] + 1))
      results=${kv[results]:-Success}
      VM_RESULT[$name]=${results##*,}
      VM_AGE[$name]=$(seconds "${kv[newest]}")
      ;;
  esac
  unset kv
done < <(scenario_tokens)
if [ "${#VM_NAMES[@]}" -eq 0 ] || [ "${#POL_KEYS[@]}" -eq 0 ]; then
  die "nothing read from $SCENARIO"
fi
# The state the command must compute (cli.md "What is judged"): CRITICAL for a Failed newest
# session, for a session older than the VM's critical age limit, or for a VM its policy includes
# without any task session in the look-back window (7d by default); WARNING for Warning or a
# session older than the warning limit; else OK. Without -w/-c the limits derive from the policy's
# long-term interval, 1.5x and 3x it, at least 2h and 4h (2d critical and no warning, "default",
# where a policy names none).
LOOKBACK=604800
declare -A VM_AGE_WARNING VM_AGE_CRITICAL VM_AGE_FROM
declare -A EXP_PROBLEMS_GOOD # expected problem name -> severity (4 High, 2 Warning), both good hosts
VMS_OK=0 VMS_WARNING=0 VMS_FAILED=0
for vm in "${VM_NAMES[@]}"; do
  state=0
  case ${VM_RESULT[$vm]} in
    Failed) state=2 EXP_PROBLEMS_GOOD["VM [$vm]: CDP replication failed"]=4 ;;
    Warning) state=1 EXP_PROBLEMS_GOOD["VM [$vm]: CDP replication warning"]=2 ;;
  esac
  long_term=${POL_LONG_TERM[${VM_POLICY[$vm]}]}
  if [ "$long_term" -gt 0 ]; then
    VM_AGE_WARNING[$vm]=$((long_term * 3 / 2 > 7200 ? long_term * 3 / 2 : 7200))
    VM_AGE_CRITICAL[$vm]=$((long_term * 3 > 14400 ? long_term * 3 : 14400))
    VM_AGE_FROM[$vm]=policy
  else
    VM_AGE_WARNING[$vm]='' VM_AGE_CRITICAL[$vm]=172800 VM_AGE_FROM[$vm]=default
  fi
  if [ "${VM_AGE[$vm]}" -gt "${VM_AGE_CRITICAL[$vm]}" ]; then
    state=2
  elif [ -n "${VM_AGE_WARNING[$vm]}" ] && [ "${VM_AGE[$vm]}" -gt "${VM_AGE_WARNING[$vm]}" ] &&
    [ "$state" -lt 1 ]; then
    state=1
  fi
  VM_MISSING[$vm]=false
  if [ "${VM_AGE[$vm]}" -gt "$LOOKBACK" ]; then
    VM_MISSING[$vm]=true state=2
    EXP_PROBLEMS_GOOD["VM [$vm]: no CDP task session in the look-back window"]=4
  fi
  VM_STATE[$vm]=$state
  case $state in 0) VMS_OK=$((VMS_OK + 1)) ;; 1) VMS_WARNING=$((VMS_WARNING + 1)) ;;
    2) VMS_FAILED=$((VMS_FAILED + 1)) ;; esac
  # the template's own age triggers, with its macro defaults
  if [ "${VM_AGE[$vm]}" -gt "$AGE_CRIT" ]; then
    EXP_PROBLEMS_GOOD["VM [$vm]: no new CDP session for $AGE_CRIT_TEXT"]=4
  elif [ "${VM_AGE[$vm]}" -gt "$AGE_WARN" ]; then
    EXP_PROBLEMS_GOOD["VM [$vm]: no new CDP session for $AGE_WARN_TEXT"]=2
  fi
done
POLS_FAILED=0
for p in "${POL_KEYS[@]}"; do
  POL_STATE[${POL_NAME[$p]}]=$((POL_STOPPED[$p] * 2))
  if [ "${POL_STOPPED[$p]}" = 1 ]; then
    POLS_FAILED=$((POLS_FAILED + 1))
    EXP_PROBLEMS_GOOD["Policy [${POL_NAME[$p]}]: CDP policy stopped"]=4
  fi
done
N_VMS=${#VM_NAMES[@]}
N_POLS=${#POL_KEYS[@]}
MISSING_VMS=()
for vm in "${VM_NAMES[@]}"; do [ "${VM_MISSING[$vm]}" = false ] || MISSING_VMS+=("$vm"); done
# the demo has one (erp-report01): without it the test would prove nothing about that case
[ "${#MISSING_VMS[@]}" -gt 0 ] || die "no VM of $SCENARIO lacks a session in the look-back window"
log "scenario: $N_VMS VMs ($VMS_OK ok, $VMS_WARNING warning, $VMS_FAILED failed, without a session" \
  "in the look-back window: ${MISSING_VMS[*]:-none}), $N_POLS policies ($POLS_FAILED stopped);" \
  "${#EXP_PROBLEMS_GOOD[@]} problems expected per host"

###############################################################################
log "step 2: em-simulator (demo scenario, HTTPS on 127.0.0.1)"
install -d -m 0700 "$TMP/sim"
setsid "$ROOT/bin/em-simulator" --scenario "$SCENARIO" --tls --port 0 --bind 127.0.0.1 \
  </dev/null >"$TMP/sim/stdout" 2>"$TMP/sim/stderr" &
SIM_PID=$!
wait_for "$WAIT_START" "em-simulator to print its fingerprint" sim_ready
EM_URL=$(sim_value url)
EM_USER=$(sim_value user)
EM_FINGERPRINT=$(sim_value fingerprint)
case $EM_USER in *\\*) ;; *) die "the demo user should be DOMAIN\\user, got '$EM_USER'" ;; esac
install -d -m 0750 -o root -g zabbix "$TMP/secrets"
install -m 0600 -o zabbix -g zabbix "$(sim_value password-file)" "$TMP/secrets/em.password"
printf 'not-the-password\n' >"$TMP/secrets/wrong.password"
chown zabbix:zabbix "$TMP/secrets/wrong.password"
chmod 0600 "$TMP/secrets/wrong.password"
# the sender keeps its EM session where the shipped systemd unit would (--session-cache)
install -d -m 0700 -o zabbix -g zabbix "$TMP/cache"
log "simulator $EM_URL, user $EM_USER, fingerprint ${EM_FINGERPRINT:0:16}..."
CONNECTION=(--url "$EM_URL" -u "$EM_USER" --password-file "$TMP/secrets/em.password"
  --fingerprint "$EM_FINGERPRINT")

###############################################################################
log "step 3: zbx_veeam_cdp collect, as the zabbix user from /, against the scenario"
# As the README's hand check does, and as the server will run it (through the link, same
# environment). ms_since START_NS: milliseconds since a date +%s%N
ms_since() { echo $((($(date +%s%N) - $1) / 1000000)); }
collect_direct() { (cd / && as_zabbix "$TMP/externalscripts/zbx_veeam_cdp" collect "$@"); }
rc=0
t0=$(date +%s%N)
collect_direct "${CONNECTION[@]}" >"$TMP/collect.json" 2>"$TMP/collect.stderr" || rc=$?
log "collect took $(ms_since "$t0") ms"
expect_eq "collect: exit 0" 0 "$rc"
expect_eq "collect: stderr empty" "" "$(head -c 300 "$TMP/collect.stderr")"
check "collect: stdout is one line of JSON" \
  test "$(wc -l <"$TMP/collect.json")" -le 1 -a "$(jq -c . "$TMP/collect.json" 2>/dev/null | wc -l)" -eq 1
COLLECT=$(jq -c . "$TMP/collect.json" 2>/dev/null) ||
  die "collect printed no JSON: $(head -c 300 "$TMP/collect.json")"
expect_eq "collect: error is null" null "$(jq -c .error <<<"$COLLECT")"
expect_eq "collect: summary counts (vms ok warning failed unknown policies failed)" \
  "$N_VMS $VMS_OK $VMS_WARNING $VMS_FAILED 0 $N_POLS $POLS_FAILED" \
  "$(jq -r '.summary | [.vms, .vms_ok, .vms_warning, .vms_failed, .vms_unknown, .policies,
    .policies_failed] | map(tostring) | join(" ")' <<<"$COLLECT")"
# EM refuses the logon: still one JSON document, its error saying why, nothing on stderr
t0=$(date +%s%N)
refused=$(collect_direct --url "$EM_URL" -u "$EM_USER" --password-file "$TMP/secrets/wrong.password" \
  --fingerprint "$EM_FINGERPRINT" 2>"$TMP/refused.stderr") || true
log "collect with a refused password took $(ms_since "$t0") ms"
expect_eq "collect refused: a document with state 3, no VMs and an error" "3 0 string" \
  "$(jq -r '"\(.state) \(.vms | length) \(.error | type)"' <<<"$refused" 2>&1)"
expect_eq "collect refused: stderr empty" "" "$(head -c 300 "$TMP/refused.stderr")"
declare -A VM_ID POL_ID
for vm in "${VM_NAMES[@]}"; do
  VM_ID[$vm]=$(jq -r --arg n "$vm" '[.vms[] | select(.name == $n) | .id][0] // ""' <<<"$COLLECT")
  got=$(jq -r --arg n "$vm" '.vms[] | select(.name == $n) | "\(.state) \(.result)"' <<<"$COLLECT")
  expect_eq "collect: VM '$vm' state and result" "${VM_STATE[$vm]} ${VM_RESULT[$vm]}" "$got"
  got=$(jq -r --arg n "$vm" '.vms[] | select(.name == $n)
    | [.age_warning // "", .age_critical, .age_thresholds, .missing] | map(tostring) | join(" ")' \
    <<<"$COLLECT")
  expect_eq "collect: VM '$vm' age limits, where they came from, missing" \
    "${VM_AGE_WARNING[$vm]} ${VM_AGE_CRITICAL[$vm]} ${VM_AGE_FROM[$vm]} ${VM_MISSING[$vm]}" "$got"
done
for p in "${POL_KEYS[@]}"; do
  n=${POL_NAME[$p]}
  POL_ID[$n]=$(jq -r --arg n "$n" '[.policies[] | select(.name == $n) | .id][0] // ""' <<<"$COLLECT")
  got=$(jq -r --arg n "$n" '.policies[] | select(.name == $n) | "\(.state)"' <<<"$COLLECT")
  expect_eq "collect: policy '$n' state" "${POL_STATE[$n]}" "$got"
  want="${POL_RPO[$p]} ${POL_RPO_WARNING[$p]} ${POL_RPO_FAILED[$p]} ${POL_LONG_TERM[$p]}"
  want+=" ${POL_VMS[$p]} ${POL_CONTAINERS[$p]}"
  got=$(jq -r --arg n "$n" '.policies[] | select(.name == $n) | [.rpo, .rpo_warning // "",
    .rpo_failed // "", .long_term_interval, .included_vms, .included_containers]
    | map(tostring) | join(" ")' <<<"$COLLECT")
  expect_eq "collect: policy '$n' RPO, its thresholds, long-term interval, included VMs, containers" \
    "$want" "$got"
done
# the whole days left on the certificate the simulator presents, as openssl reads it (a day
# boundary may fall between the two readings)
em_host_port=${EM_URL#https://}
cert_end=$(openssl s_client -connect "${em_host_port%%/*}" </dev/null 2>/dev/null |
  openssl x509 -noout -enddate 2>/dev/null) || true
cert_end=${cert_end#notAfter=}
[ -n "$cert_end" ] || die "openssl could not read the simulator's certificate"
CERT_DAYS=$((($(date -d "$cert_end" +%s) - $(date +%s)) / 86400))
got=$(jq -r .certificate_expires_in_days <<<"$COLLECT")
if [[ $got =~ ^-?[0-9]+$ ]] && [ $((got - CERT_DAYS)) -ge -1 ] && [ $((got - CERT_DAYS)) -le 1 ]; then
  pass "collect: certificate_expires_in_days $got, openssl says $CERT_DAYS ($cert_end)"
else
  fail "collect: certificate_expires_in_days as openssl reads the certificate" \
    "expected $CERT_DAYS ($cert_end), got '$got'"
fi

# What every dependent item must hold, by item key (the README's table), from the document. A
# field the document leaves out (an RPO threshold not enabled, no warning age limit, no
# certificate over plain HTTP; jq reads it as null) gives its item no value, its JSONPath step
# failing into DISCARD_VALUE: WANT_NULL lists those keys.
SUMMARY_KEYS=(veeam.cdp.vms veeam.cdp.vms.ok veeam.cdp.vms.warning veeam.cdp.vms.failed
  veeam.cdp.vms.unknown veeam.cdp.policies veeam.cdp.policies.ok veeam.cdp.policies.warning
  veeam.cdp.policies.failed
  veeam.cdp.policies.unknown)
VM_FIELDS=(state result task_state reason size missing age age_warning age_critical)
POLICY_FIELDS=(state session_state result message missing rpo rpo_warning rpo_failed long_term_interval)
declare -A WANT=() WANT_NULL=()
while IFS= read -r -d '' k && IFS= read -r -d '' val && IFS= read -r -d '' null; do
  WANT[$k]=$val
  # the error item turns null into an empty value (its JavaScript step), the others discard it
  if [ "$null" = 1 ] && [ "$k" != veeam.cdp.error ]; then WANT_NULL[$k]=1; fi
done < <(jq -j --arg vm "${VM_FIELDS[*]}" --arg policy "${POLICY_FIELDS[*]}" 'def out(k; v):
    k, "\u0000", (if v == null then "" else v | tostring end), "\u0000",
    (if v == null then 1 else 0 end), "\u0000";
  {vm: ($vm | split(" ")), policy: ($policy | split(" "))} as $fields |
  out("veeam.cdp.state"; .state), out("veeam.cdp.error"; .error),
  out("veeam.cdp.collected"; .collected_clock),
  out("veeam.cdp.certificate.days"; .certificate_expires_in_days),
  out("veeam.cdp.clock.offset"; .em_clock_offset),
  (.summary | to_entries[] | out("veeam.cdp." + (.key | sub("_"; ".")); .value)),
  (.vms[] as $m | $fields.vm[] as $f | out("veeam.cdp.vm.\($f)[\($m.id)]"; $m[$f])),
  (.vms[] as $m | out("veeam.cdp.vm.newest[\($m.id)]"; $m.newest_session_clock)),
  (.policies[] as $p | $fields.policy[] as $f | out("veeam.cdp.policy.\($f)[\($p.id)]"; $p[$f])),
  (.policies[] as $p | out("veeam.cdp.policy.newest[\($p.id)]"; $p.newest_session_clock))' \
  <<<"$COLLECT")
[ -n "${WANT[veeam.cdp.state]-}" ] || die "could not read the collect document"
WANT_NULL_JSON=$(printf '%s\n' "${!WANT_NULL[@]}" | jq -R . | jq -cs 'map(select(. != ""))')

###############################################################################
# The frontend's JSON-RPC API
API_URL=
API_AUTH=
API_BODY_AUTH=1
# api METHOD [PARAMS_JSON]: prints the result (compact JSON); on an error prints it on stderr, 1
api() {
  local method=$1 params=${2:-'{}'} body resp hdr=()
  body=$(jq -cn --arg m "$method" --argjson p "$params" '{jsonrpc: "2.0", method: $m, params: $p, id: 1}')
  if [ -n "$API_AUTH" ]; then
    if [ "$API_BODY_AUTH" = 1 ]; then
      body=$(jq -c --arg a "$API_AUTH" '. + {auth: $a}' <<<"$body")
    else
      hdr=(-H "Authorization: Bearer $API_AUTH")
    fi
  fi
  local started=$SECONDS
  resp=$(curl -sS --max-time 120 -H 'Content-Type: application/json-rpc' "${hdr[@]}" \
    --data-binary @- "$API_URL" <<<"$body") || { echo "API $method: curl failed" >&2; return 1; }
  [ $((SECONDS - started)) -lt "${E2E_SLOW_API:-10}" ] || log "API $method took $((SECONDS - started))s" >&5
  if jq -e 'has("result")' >/dev/null 2>&1 <<<"$resp"; then
    jq -c .result <<<"$resp"
  else
    printf 'API %s: %s\n' "$method" "$(jq -c '.error // .' <<<"$resp" 2>/dev/null ||
      printf '%s' "$resp" | head -c 600)" >&2
    return 1
  fi
}

# zabbix_reload: the server learns new hosts and discovered items only through its cache
zabbix_reload() {
  service_env zabbix_server -c "$Z/server/zabbix_server.conf" -R config_cache_reload \
    >>"$Z/server/runtime-control.out" 2>&1 ||
    die "config_cache_reload failed: $(tail -n 3 "$Z/server/runtime-control.out")"
}

# host_items HOSTID: key, lastvalue, lastclock, state, error, flags, name of every item, as JSON
host_items() {
  api item.get "$(jq -cn --arg h "$1" '{hostids: [$h], output: ["key_", "lastvalue", "lastclock",
    "state", "error", "flags", "name", "type", "value_type"]}')"
}
# discovered HOSTID: "ITEMS TRIGGERS" created by discovery
discovered() {
  local items triggers
  local params
  params=$(jq -cn --arg h "$1" '{hostids: [$h], filter: {flags: 4}, countOutput: true}')
  items=$(api item.get "$params") || return 1
  triggers=$(api trigger.get "$params") || return 1
  echo "${items//\"/} ${triggers//\"/}"
}
# problems HOSTID: "SEVERITY<TAB>NAME" per open problem, sorted
problems() {
  api problem.get "$(jq -cn --arg h "$1" '{hostids: [$h], source: 0, object: 0,
    output: ["name", "severity", "opdata"]}')" | jq -r '.[] | "\(.severity)\t\(.name)"' | sort
}

# same VALUE EXPECTED: Zabbix's lastvalue against a document value (numbers compared as numbers,
# true/false as 1/0)
same() {
  local got=$1 want=$2
  case $want in true) want=1 ;; false) want=0 ;; esac
  if [[ $got =~ ^-?[0-9]+(\.[0-9]+)?$ && $want =~ ^-?[0-9]+(\.[0-9]+)?$ ]]; then
    awk -v a="$got" -v b="$want" 'BEGIN { exit !(a + 0 == b + 0) }'
  else
    [ "$got" = "$want" ]
  fi
}
# near VALUE EXPECTED SLACK: numbers within SLACK (times and ages move while the test runs)
near() {
  [[ $1 =~ ^-?[0-9]+(\.[0-9]+)?$ ]] && awk -v a="$1" -v b="$2" -v s="$3" \
    'BEGIN { d = a - b; if (d < 0) d = -d; exit !(d <= s) }'
}

###############################################################################
# run_version VERSION: the whole proof inside one Zabbix version
run_version() {
  local v=$1 t0 t_pkg t_db t_data name rc out
  t0=$SECONDS
  log "===== Zabbix $v: packages"
  ensure_zabbix "$v"
  t_pkg=$((SECONDS - t0))
  log "$(zabbix_server -V | head -n 1), frontend $(pkg_version zabbix-frontend-php) (${t_pkg}s)"
  Z=$TMP/zabbix-$v
  install -d -m 0755 "$Z"

  # --- PostgreSQL: a private cluster, loopback only, durability off (a throw-away database)
  local t1=$SECONDS pg_port
  install -d -m 0700 -o postgres -g postgres "$Z/pg" "$Z/pg/run"
  setpriv --reuid=postgres --regid=postgres --init-groups -- "$PG_BIN/initdb" -D "$Z/pg/data" \
    -U postgres --auth=trust -E UTF8 --locale=C.UTF-8 >"$Z/pg/initdb.log" 2>&1 ||
    { tail -n 20 "$Z/pg/initdb.log"; die "initdb failed"; }
  pg_port=$(free_port) || die "no free port for PostgreSQL"
  (cd / && exec setsid setpriv --reuid=postgres --regid=postgres --init-groups -- "$PG_BIN/postgres" \
    -D "$Z/pg/data" -p "$pg_port" -k "$Z/pg/run" -c listen_addresses=127.0.0.1 -c fsync=off \
    -c synchronous_commit=off -c full_page_writes=off -c log_lock_waits=on \
    -c log_min_duration_statement=3000) </dev/null >"$Z/pg/log" 2>&1 &
  PG_PID=$!
  pg_ready() {
    kill -0 "$PG_PID" 2>/dev/null || die "postgres exited: $(tail -n 20 "$Z/pg/log")"
    psql -X -q -h 127.0.0.1 -p "$pg_port" -U postgres -c 'select 1' postgres >/dev/null 2>&1
  }
  wait_for "$WAIT_START" "PostgreSQL on port $pg_port" pg_ready
  psql -X -q -v ON_ERROR_STOP=1 -h 127.0.0.1 -p "$pg_port" -U postgres postgres \
    -c 'CREATE ROLE zabbix LOGIN' \
    -c "CREATE DATABASE zabbix OWNER zabbix ENCODING 'UTF8' TEMPLATE template0" >/dev/null ||
    die "could not create the zabbix database"
  for name in schema images data; do
    f=$(schema_file "$name")
    [ -n "$f" ] || die "no $name.sql in zabbix-server-pgsql"
    sql_cat "$f" | psql -X -q -v ON_ERROR_STOP=1 -h 127.0.0.1 -p "$pg_port" -U zabbix zabbix \
      >"$Z/pg/load-$name.log" 2>&1 || { tail -n 5 "$Z/pg/load-$name.log"; die "loading $f failed"; }
  done
  # Planner statistics now, not when autovacuum gets to it: without them one query of 7.0's
  # host.create (template linking, trigger dependencies) takes more than a minute here.
  psql -X -q -h 127.0.0.1 -p "$pg_port" -U zabbix zabbix -c 'ANALYZE' >"$Z/pg/analyze.log" 2>&1 ||
    die "ANALYZE failed: $(cat "$Z/pg/analyze.log")"
  t_db=$((SECONDS - t1))
  log "PostgreSQL on 127.0.0.1:$pg_port with the Zabbix $v schema (${t_db}s)"

  # --- zabbix_server: private configuration, run as the zabbix user, external check in our dir
  local zbx_port
  zbx_port=$(free_port) || die "no free port for the Zabbix server"
  install -d -m 0755 -o zabbix -g zabbix "$Z/server" "$Z/server/run"
  cat >"$Z/server/zabbix_server.conf" <<EOF
LogType=file
LogFile=$Z/server/zabbix_server.log
LogFileSize=0
DebugLevel=3
PidFile=$Z/server/run/zabbix_server.pid
SocketDir=$Z/server/run
DBHost=127.0.0.1
DBPort=$pg_port
DBName=zabbix
DBUser=zabbix
ListenIP=127.0.0.1
ListenPort=$zbx_port
ExternalScripts=$TMP/externalscripts
# the external check starts a JVM and talks to EM: more than the default 3 s
Timeout=30
User=zabbix
AllowRoot=0
# the cache reloads when the test says so (discovery, then values), not on a timer in between
CacheUpdateFrequency=3600
HousekeepingFrequency=0
StartPollers=3
StartPollersUnreachable=1
StartTrappers=3
StartPingers=0
StartDiscoverers=0
StartHTTPPollers=0
StartTimers=1
StartEscalators=1
StartDBSyncers=2
StartLLDProcessors=2
StartReportWriters=0
EOF
  if [ "$v" = 7.0 ]; then
    # parameters that only 7.0 knows (6.0 refuses them): no agent, HTTP agent or browser items here
    cat >>"$Z/server/zabbix_server.conf" <<EOF
StartAgentPollers=0
StartHTTPAgentPollers=0
StartBrowserPollers=0
EOF
  fi
  (cd / && exec setsid env -i PATH=/usr/local/sbin:/usr/local/bin:/usr/sbin:/usr/bin:/sbin:/bin \
    ${JAVA_HOME:+JAVA_HOME="$JAVA_HOME"} zabbix_server -f -c "$Z/server/zabbix_server.conf") \
    </dev/null >"$Z/server/stdout" 2>&1 &
  ZBX_PID=$!
  zbx_ready() {
    kill -0 "$ZBX_PID" 2>/dev/null ||
      die "zabbix_server exited: $(tail -n 20 "$Z/server/zabbix_server.log" "$Z/server/stdout" 2>/dev/null)"
    listening "$zbx_port"
  }
  wait_for "$WAIT_START" "zabbix_server to listen on $zbx_port" zbx_ready
  log "zabbix_server runs (pid $ZBX_PID) on 127.0.0.1:$zbx_port"

  # --- the frontend: /etc/zabbix/zabbix.conf.php (saved once, restored at the end), php -S
  local web_port
  web_port=$(free_port) || die "no free port for the frontend"
  install -d -m 0755 "$(dirname "$FRONTEND_CONF")"
  if [ -z "$FRONTEND_CONF_STATE" ]; then
    if [ -e "$FRONTEND_CONF" ]; then
      cp -p -- "$FRONTEND_CONF" "$TMP/zabbix.conf.php.orig"
      FRONTEND_CONF_STATE=saved
    else
      FRONTEND_CONF_STATE=created
    fi
  fi
  cat >"$FRONTEND_CONF" <<EOF
<?php
// written by cdpwatch e2e/zabbix.sh for its private Zabbix $v; restored or removed when it ends
\$DB['TYPE'] = 'POSTGRESQL';
\$DB['SERVER'] = '127.0.0.1';
\$DB['PORT'] = '$pg_port';
\$DB['DATABASE'] = 'zabbix';
\$DB['USER'] = 'zabbix';
\$DB['PASSWORD'] = '';
\$DB['SCHEMA'] = '';
\$DB['ENCRYPTION'] = false;
\$DB['KEY_FILE'] = '';
\$DB['CERT_FILE'] = '';
\$DB['CA_FILE'] = '';
\$DB['VERIFY_HOST'] = false;
\$DB['CIPHER_LIST'] = '';
\$DB['VAULT_URL'] = '';
\$DB['VAULT_DB_PATH'] = '';
\$DB['VAULT_TOKEN'] = '';
\$DB['DOUBLE_IEEE754'] = true;
\$ZBX_SERVER = '127.0.0.1';
\$ZBX_SERVER_PORT = '$zbx_port';
\$ZBX_SERVER_NAME = 'cdpwatch e2e';
\$IMAGE_FORMAT_DEFAULT = IMAGE_FORMAT_PNG;
EOF
  chown root:www-data "$FRONTEND_CONF"
  chmod 0640 "$FRONTEND_CONF"
  install -d -m 0755 "$Z/web"
  (cd / && exec setsid setpriv --reuid=www-data --regid=www-data --init-groups -- env -i \
    PATH=/usr/bin:/bin php -d memory_limit=512M -d post_max_size=16M -d max_execution_time=300 \
    -d max_input_time=300 -d date.timezone=UTC -d opcache.enable_cli=1 \
    -S "127.0.0.1:$web_port" -t /usr/share/zabbix) \
    </dev/null >"$Z/web/log" 2>&1 &
  WEB_PID=$!
  API_URL=http://127.0.0.1:$web_port/api_jsonrpc.php
  API_AUTH=
  web_ready() {
    kill -0 "$WEB_PID" 2>/dev/null || die "php -S exited: $(tail -n 20 "$Z/web/log")"
    api apiinfo.version >/dev/null 2>&1
  }
  wait_for "$WAIT_START" "the frontend API on $web_port" web_ready
  out=$(api apiinfo.version | jq -r .)
  expect_match "Zabbix $v: the API answers apiinfo.version $v.x" "^${v//./\\.}\\." "$out"
  API_AUTH=$(api user.login '{"username": "Admin", "password": "zabbix"}' | jq -r .) ||
    die "user.login failed"
  # 6.0 reads the token from the body (a Bearer header is ignored), 7.0 from the header
  if [ "$v" = 6.0 ]; then API_BODY_AUTH=1; else API_BODY_AUTH=0; fi
  log "frontend API $API_URL ($out), logged on"

  # the bundled "Zabbix server" host only adds load and log lines here
  out=$(api host.get '{"filter": {"host": ["Zabbix server"]}, "output": ["hostid"]}' |
    jq -r '.[0].hostid // ""')
  [ -z "$out" ] || api host.update "{\"hostid\": \"$out\", \"status\": 1}" >/dev/null ||
    die "could not disable the host 'Zabbix server'"

  # 7.0 gives an external check the frontend's timeout (Administration > General > Timeouts,
  # "External check", 3 s by default), not the server's Timeout: raise it as the README says
  if [ "$v" != 6.0 ]; then
    api settings.update '{"timeout_external_check": "30s"}' >/dev/null ||
      die "settings.update timeout_external_check failed"
  fi

  # --- 1. import both templates, twice (the second time as an update)
  local rules tpl_file tplid hostgroup
  if [ "$v" = 6.0 ]; then
    rules='{"groups": {"createMissing": true}}'
  else
    rules='{"template_groups": {"createMissing": true}, "host_groups": {"createMissing": true}}'
  fi
  rules=$(jq -c '. + {
    templates: {createMissing: true, updateExisting: true},
    items: {createMissing: true, updateExisting: true},
    discoveryRules: {createMissing: true, updateExisting: true},
    triggers: {createMissing: true, updateExisting: true},
    graphs: {createMissing: true, updateExisting: true},
    valueMaps: {createMissing: true, updateExisting: true},
    templateDashboards: {createMissing: true, updateExisting: true},
    templateLinkage: {createMissing: true}}' <<<"$rules")
  for tpl_file in "$TMP/contrib/veeam_cdp_trapper.yaml" "$TMP/contrib/veeam_cdp_external.yaml"; do
    for name in "import" "re-import"; do
      out=$(api configuration.import "$(jq -cn --rawfile s "$tpl_file" --argjson r "$rules" \
        '{format: "yaml", source: $s, rules: $r}')" 2>&1) || out="error: $out"
      expect_eq "Zabbix $v: configuration.import of $(basename "$tpl_file") ($name)" true "$out"
    done
  done
  declare -gA TPL_ID=()
  for tpl_file in "$TEMPLATE_TRAPPER" "$TEMPLATE_EXTERNAL"; do
    name=$(tpl "$tpl_file" '.zabbix_export.templates[0].template')
    out=$(api template.get "$(jq -cn --arg n "$name" '{filter: {host: [$n]}, output: ["templateid"],
      selectItems: "count", selectTriggers: "count", selectDiscoveries: "count"}')") ||
      die "template.get failed"
    tplid=$(jq -r '.[0].templateid // ""' <<<"$out")
    [ -n "$tplid" ] || die "template '$name' not found after the import"
    TPL_ID[$name]=$tplid
    expect_eq "Zabbix $v: template '$name' has the file's items, triggers and discovery rules" \
      "$(template_counts "$tpl_file")" \
      "$(jq -r '.[0] | [.items, .triggers, .discoveries] | @tsv' <<<"$out")"
  done

  # --- 2. hosts: trapper, external check, external check with a password EM refuses
  hostgroup=$(api hostgroup.create '{"name": "cdpwatch e2e"}' | jq -r '.groupids[0]') ||
    die "hostgroup.create failed"
  # An external check needs a host interface to link on 6.0 ("Cannot find host interface"): the
  # external-check hosts get an agent interface that nothing uses; the trapper host needs none.
  create_host() { # TECHNICAL-NAME TEMPLATE-NAME MACROS-JSON INTERFACES-JSON
    local params
    params=$(jq -cn --arg h "$1" --arg g "$hostgroup" --arg t "${TPL_ID[$2]}" --argjson m "$3" \
      --argjson i "$4" \
      '{host: $h, groups: [{groupid: $g}], templates: [{templateid: $t}], macros: $m, interfaces: $i}')
    api host.create "$params" | jq -r '.hostids[0]'
  }
  install -d -m 0700 -o zabbix -g zabbix "$Z/session-cache"
  external_macros() { # PASSWORD-FILE
    jq -cn --arg url "$EM_URL" --arg user "$EM_USER" --arg pw "$1" --arg fp "$EM_FINGERPRINT" \
      --arg iv "$ZBX_INTERVAL" --arg cache "$Z/session-cache" '[
        {macro: "{$VEEAM.CDP.EM.URL}", value: $url}, {macro: "{$VEEAM.CDP.USER}", value: $user},
        {macro: "{$VEEAM.CDP.PASSWORD.FILE}", value: $pw},
        {macro: "{$VEEAM.CDP.FINGERPRINT}", value: $fp}, {macro: "{$VEEAM.CDP.INTERVAL}", value: $iv},
        {macro: "{$VEEAM.CDP.SESSION.CACHE}", value: $cache}]'
  }
  local agent_interface='[{"type": 1, "main": 1, "useip": 1, "ip": "127.0.0.1", "dns": "",
    "port": "10050"}]'
  declare -gA HOST_ID=()
  HOST_ID[$TRAPPER_HOST]=$(create_host "$TRAPPER_HOST" "$TRAPPER_NAME" '[]' '[]') ||
    die "host.create $TRAPPER_HOST failed"
  HOST_ID[$EXTERNAL_HOST]=$(create_host "$EXTERNAL_HOST" "$EXTERNAL_NAME" \
    "$(external_macros "$TMP/secrets/em.password")" "$agent_interface") ||
    die "host.create $EXTERNAL_HOST failed"
  HOST_ID[$REFUSED_HOST]=$(create_host "$REFUSED_HOST" "$EXTERNAL_NAME" \
    "$(external_macros "$TMP/secrets/wrong.password")" "$agent_interface") ||
    die "host.create $REFUSED_HOST failed"
  pass "Zabbix $v: hosts $TRAPPER_HOST, $EXTERNAL_HOST and $REFUSED_HOST created with the templates"
  # the README's note: 6.0 links the external-check template only to a host with an interface
  if out=$(create_host veeam-em-no-interface "$EXTERNAL_NAME" '[]' '[]' 2>&1); then
    api host.delete "$(jq -cn --arg h "$out" '[$h]')" >/dev/null || die "host.delete failed"
    out=linked
  fi
  if [ "$v" = 6.0 ]; then
    expect_match "Zabbix $v: the external-check template needs a host interface" \
      'Cannot find host interface' "$out"
  else
    expect_eq "Zabbix $v: the external-check template links to a host without interface" linked "$out"
  fi
  out=$(api usermacro.get "$(jq -cn --arg h "${HOST_ID[$EXTERNAL_HOST]}" \
    '{hostids: [$h], output: ["macro", "value"]}')" |
    jq -r '.[] | select(.macro == "{$VEEAM.CDP.USER}") | .value')
  expect_eq "Zabbix $v: the user macro keeps the backslash of $EM_USER" "$EM_USER" "$out"

  # --- 3. the data flow: reload, first data (discovery), reload, data again
  local t2=$SECONDS h n_items n_triggers items_per trig_per kind count
  zabbix_reload
  send() { # OUTFILE ARGS...: zbx_veeam_cdp send as the zabbix user from /; prints the exit code
    local o=$1 rc=0
    shift
    (cd / && as_zabbix "$TMP/externalscripts/zbx_veeam_cdp" send "$@") >"$o" 2>"$o.stderr" || rc=$?
    echo "$rc"
  }
  SEND_ARGS=(--zabbix-server "127.0.0.1:$zbx_port" --zabbix-host "$TRAPPER_HOST" "${CONNECTION[@]}"
    --session-cache "$TMP/cache")
  send_processed() { [ "$(send "$Z/send.out" "${SEND_ARGS[@]}")" = 0 ]; }
  if poll 60 1 send_processed; then
    pass "Zabbix $v: the first send after the reload was processed (exit 0)"
  else
    fail "Zabbix $v: the first send was processed within 60 s" "$(cat "$Z/send.out" "$Z/send.out.stderr")"
  fi
  # what discovery must create per host: prototypes x discovered VMs / policies
  declare -gA EXP_DISCOVERED=()
  for h in "$TRAPPER_HOST" "$EXTERNAL_HOST"; do
    n_items=0 n_triggers=0
    case $h in "$TRAPPER_HOST") tpl_file=$TEMPLATE_TRAPPER ;; *) tpl_file=$TEMPLATE_EXTERNAL ;; esac
    while IFS=$'\t' read -r _ items_per trig_per kind; do
      count=$N_VMS
      [ "$kind" = vm ] || count=$N_POLS
      n_items=$((n_items + items_per * count))
      n_triggers=$((n_triggers + trig_per * count))
    done < <(lld_rules "$tpl_file")
    EXP_DISCOVERED[$h]="$n_items $n_triggers"
  done
  EXP_DISCOVERED[$REFUSED_HOST]="0 0"
  # On 7.0 LLD writes the items a moment before their triggers: a reload in between would leave
  # the triggers out of the cache, so wait for both on every host.
  discovery_complete() {
    local h
    for h in "$TRAPPER_HOST" "$EXTERNAL_HOST"; do
      [ "$(discovered "${HOST_ID[$h]}" 2>/dev/null)" = "${EXP_DISCOVERED[$h]}" ] || return 1
    done
  }
  local wait_values=$WAIT_DATA
  if poll "$WAIT_DATA" 1 discovery_complete; then
    pass "Zabbix $v: discovery created every VM and policy item and trigger on both hosts"
  else
    wait_values=20 # what follows cannot succeed; fail fast
    for h in "$TRAPPER_HOST" "$EXTERNAL_HOST"; do
      expect_eq "Zabbix $v: $h: discovered items and triggers" "${EXP_DISCOVERED[$h]}" \
        "$(discovered "${HOST_ID[$h]}")"
    done
  fi
  # the refused host's first check must have run too (its master item has a value or an error)
  refused_checked() {
    api item.get "$(jq -cn --arg h "${HOST_ID[$REFUSED_HOST]}" '{hostids: [$h],
      output: ["lastclock", "error"],
      filter: {key_: ["veeam.cdp.error"]}}')" | jq -e '.[0].lastclock != "0"' >/dev/null
  }
  poll "$wait_values" 1 refused_checked || fail "Zabbix $v: $REFUSED_HOST checked within ${WAIT_DATA}s"
  zabbix_reload
  log "discovery complete after $((SECONDS - t2))s; configuration cache reloaded"

  # values: send until every trapper item has one (each send must be processed), wait for the
  # external check to fill its host's items
  all_items_valued() { # HOSTID: every dependent item (the master keeps no history) has a value,
    # but those whose document field is null
    host_items "$1" | jq -e --argjson null "$WANT_NULL_JSON" '[.[] | select(.type == "18"
      and .lastclock == "0" and (.key_ as $k | $null | index($k) | not))] | length == 0' >/dev/null
  }
  local sends=0 send_failures=0
  trapper_valued() {
    rc=$(send "$Z/send.out" "${SEND_ARGS[@]}")
    sends=$((sends + 1))
    [ "$rc" = 0 ] || send_failures=$((send_failures + 1))
    all_items_valued "${HOST_ID[$TRAPPER_HOST]}"
  }
  poll "$wait_values" 2 trapper_valued ||
    fail "Zabbix $v: every trapper item got a value within ${wait_values}s"
  expect_eq "Zabbix $v: send exited 0 every time after the reload (sends: $sends)" 0 "$send_failures"
  expect_match "Zabbix $v: send prints the server's reply 'processed: 1; failed: 0'" \
    "127\\.0\\.0\\.1:$zbx_port answered: processed: 1; failed: 0; total: 1; seconds spent: " \
    "$(cat "$Z/send.out")"
  expect_eq "Zabbix $v: send leaves stderr empty" "" "$(head -c 300 "$Z/send.out.stderr")"
  poll "$wait_values" 1 all_items_valued "${HOST_ID[$EXTERNAL_HOST]}" ||
    fail "Zabbix $v: every external-check item got a value within ${wait_values}s"
  t_data=$((SECONDS - t2))
  log "values arrived $t_data s after the hosts were created"

  # the sender's exit contract against the real server: an unknown host is sent but not processed
  # (2); a first --zabbix-server that refuses the connection is skipped for the next one (HA nodes)
  rc=$(send "$Z/send-unknown.out" --zabbix-server "127.0.0.1:$zbx_port" --zabbix-host no-such-host \
    "${CONNECTION[@]}")
  expect_eq "Zabbix $v: send to an unknown host exits 2" 2 "$rc"
  expect_match "Zabbix $v: send to an unknown host says why on stderr" \
    'not processed: check that host "no-such-host" exists' "$(cat "$Z/send-unknown.out.stderr")"
  local closed_port
  closed_port=$(free_port) || die "no free port"
  rc=$(send "$Z/send-ha.out" --zabbix-server "127.0.0.1:$closed_port" --zabbix-server \
    "127.0.0.1:$zbx_port" --zabbix-host "$TRAPPER_HOST" "${CONNECTION[@]}")
  expect_eq "Zabbix $v: send tries the next --zabbix-server when the first refuses (exit 0)" 0 "$rc"

  # --- 4. values, against the collect document and the scenario
  local t3=$SECONDS
  assert_values "$v" "$TRAPPER_HOST"
  assert_values "$v" "$EXTERNAL_HOST"
  log "values checked ($((SECONDS - t3))s)"
  assert_problems "$v"
  log "problems checked ($((SECONDS - t3))s)"

  local items
  items=$(host_items "${HOST_ID[$EXTERNAL_HOST]}")
  out=$(jq -r --arg k "$EXTERNAL_KEY" '.[] | select(.key_ == $k) | "\(.state) \(.error)"' <<<"$items")
  expect_eq "Zabbix $v: the external check itself is supported, without error" "0 " "$out"
  check "Zabbix $v: the external check keeps its EM session in {\$VEEAM.CDP.SESSION.CACHE}" \
    test -n "$(find "$Z/session-cache" -type f -user zabbix 2>/dev/null | head -n 1)"

  stop_zabbix
  local total=$((SECONDS - t0))
  TIMINGS+=("Zabbix $v ${total}s (packages ${t_pkg}s, database ${t_db}s, data flow ${t_data}s)")
  log "===== Zabbix $v done in ${total}s"
}

# load_values HOSTID: LV[key] = last value of every dependent item ("(no value)" without one),
# LN[key] = its name
declare -A LV=() LN=()
load_values() {
  local k v n
  LV=() LN=()
  while IFS= read -r -d '' k && IFS= read -r -d '' v && IFS= read -r -d '' n; do
    LV[$k]=$v
    LN[$k]=$n
  done < <(host_items "$1" | jq -j '.[] | select(.type == "18") | .key_, "\u0000",
    (if .lastclock == "0" then "(no value)" else .lastvalue end), "\u0000", .name, "\u0000"')
}
lv() { printf '%s' "${LV[$1]-(no item)}"; }
# num VALUE: a FLOAT item's value as an integer when it is one (43200.0000 -> 43200), else as is
num() { if [[ $1 =~ ^-?[0-9]+(\.0*)?$ ]]; then printf '%s' "${1%%.*}"; else printf '%s' "$1"; fi; }
# bool VALUE: an item of BOOL_TO_DECIMAL as the document's true/false
bool() { case $1 in 1) printf true ;; 0) printf false ;; *) printf '%s' "$1" ;; esac; }
contains() { [[ $1 == *"$2"* ]]; }

# assert_values VERSION HOST: every dependent item against the collect document (and the main
# ones against the scenario as well)
assert_values() {
  local v=$1 h=$2 vm id pol p key got want field bad
  local -A checked=()
  load_values "${HOST_ID[$h]}"
  # compare KEY EXACT|NEAR: one item against the document, noting a difference in $bad
  compare() {
    local key=$1 got want
    checked[$key]=1
    got=$(lv "$key")
    want=${WANT[$key]-"(not in the document)"}
    if [ -n "${WANT_NULL[$key]-}" ]; then
      [ "$got" = "(no value)" ] || bad+=" $key: '$got' (collect null: no value)"
    elif [ "$2" = near ]; then
      near "$got" "$want" 900 || bad+=" $key: '$got' (collect '$want')"
    else
      same "$got" "$want" || bad+=" $key: '$got' (collect '$want')"
    fi
  }
  bad=''
  for key in "${SUMMARY_KEYS[@]}" veeam.cdp.state veeam.cdp.error; do compare "$key" exact; done
  compare veeam.cdp.collected near
  compare veeam.cdp.certificate.days exact
  compare veeam.cdp.clock.offset exact
  if [ -z "$bad" ]; then
    pass "Zabbix $v $h: summary counts, overall state, the (empty) error, certificate days as collected"
  else
    fail "Zabbix $v $h: summary counts, overall state, error, certificate days as collected" "$bad"
  fi
  check "Zabbix $v $h: certificate days $(lv veeam.cdp.certificate.days), openssl says $CERT_DAYS" \
    near "$(lv veeam.cdp.certificate.days)" "$CERT_DAYS" 1
  expect_eq "Zabbix $v $h: VM counts (all/ok/warning/failed/unknown) from the scenario" \
    "$N_VMS $VMS_OK $VMS_WARNING $VMS_FAILED 0" "$(lv veeam.cdp.vms) $(lv veeam.cdp.vms.ok) \
$(lv veeam.cdp.vms.warning) $(lv veeam.cdp.vms.failed) $(lv veeam.cdp.vms.unknown)"
  expect_eq "Zabbix $v $h: policy count and failed policies from the scenario" "$N_POLS $POLS_FAILED" \
    "$(lv veeam.cdp.policies) $(lv veeam.cdp.policies.failed)"
  expect_eq "Zabbix $v $h: the error item holds an empty value (error: null)" "" "$(lv veeam.cdp.error)"
  check "Zabbix $v $h: collected holds a collection time of this run ($(lv veeam.cdp.collected))" \
    near "$(lv veeam.cdp.collected)" "$(date +%s)" 900
  for vm in "${VM_NAMES[@]}"; do
    id=${VM_ID[$vm]}
    bad=''
    for field in "${VM_FIELDS[@]}"; do
      case $field in age) ;; *) compare "veeam.cdp.vm.${field}[$id]" exact ;; esac
    done
    compare "veeam.cdp.vm.newest[$id]" near
    compare "veeam.cdp.vm.age[$id]" near
    if [ -z "$bad" ]; then
      pass "Zabbix $v $h: VM '$vm': every item as collected"
    else
      fail "Zabbix $v $h: VM '$vm': every item as collected" "$bad"
    fi
    # the scenario, independently of the document; and the name in the item name (UTF-8, quotes)
    want="${VM_STATE[$vm]} ${VM_RESULT[$vm]} ${VM_MISSING[$vm]}"
    want+=" ${VM_AGE_WARNING[$vm]:-(no value)} ${VM_AGE_CRITICAL[$vm]}"
    expect_eq "Zabbix $v $h: VM '$vm': state, result, missing, age limits from the scenario" "$want" \
      "$(lv "veeam.cdp.vm.state[$id]") $(lv "veeam.cdp.vm.result[$id]") \
$(bool "$(lv "veeam.cdp.vm.missing[$id]")") $(num "$(lv "veeam.cdp.vm.age_warning[$id]")") \
$(num "$(lv "veeam.cdp.vm.age_critical[$id]")")"
    key="veeam.cdp.vm.state[$id]"
    check "Zabbix $v $h: VM '$vm': its discovered items carry its name" \
      contains "${LN[$key]-}" "VM [$vm]: "
  done
  for p in "${POL_KEYS[@]}"; do
    pol=${POL_NAME[$p]}
    id=${POL_ID[$pol]}
    bad=''
    for field in "${POLICY_FIELDS[@]}"; do
      compare "veeam.cdp.policy.${field}[$id]" exact
    done
    compare "veeam.cdp.policy.newest[$id]" near
    if [ -z "$bad" ]; then
      pass "Zabbix $v $h: policy '$pol': every item as collected"
    else
      fail "Zabbix $v $h: policy '$pol': every item as collected" "$bad"
    fi
    want="${POL_STATE[$pol]} Working"
    [ "${POL_STOPPED[$p]}" = 0 ] || want="${POL_STATE[$pol]} Stopped"
    expect_eq "Zabbix $v $h: policy '$pol': state and session state from the scenario" "$want" \
      "$(lv "veeam.cdp.policy.state[$id]") $(lv "veeam.cdp.policy.session_state[$id]")"
    want="${POL_RPO[$p]} ${POL_RPO_WARNING[$p]:-(no value)} ${POL_RPO_FAILED[$p]:-(no value)}"
    want+=" ${POL_LONG_TERM[$p]}"
    expect_eq "Zabbix $v $h: policy '$pol': RPO, its thresholds, long-term interval from the scenario" \
      "$want" \
      "$(num "$(lv "veeam.cdp.policy.rpo[$id]")") $(num "$(lv "veeam.cdp.policy.rpo_warning[$id]")") \
$(num "$(lv "veeam.cdp.policy.rpo_failed[$id]")") $(num "$(lv "veeam.cdp.policy.long_term_interval[$id]")")"
    key="veeam.cdp.policy.state[$id]"
    check "Zabbix $v $h: policy '$pol': its discovered items carry its name" \
      contains "${LN[$key]-}" "Policy [$pol]: "
  done
  # nothing left out: every dependent item of the host was compared above
  bad=''
  for key in "${!LV[@]}"; do
    [ -n "${checked[$key]-}" ] || bad+=" $key"
  done
  expect_eq "Zabbix $v $h: every dependent item of the host was compared (${#LV[@]})" "" "${bad# }"
}

# assert_problems VERSION: the problems of the two good hosts and of the refused host
assert_problems() {
  local v=$1 h want got name vm items err out
  want=$(for name in "${!EXP_PROBLEMS_GOOD[@]}"; do
    printf '%s\t%s\n' "${EXP_PROBLEMS_GOOD[$name]}" "$name"
  done | sort)
  for h in "$TRAPPER_HOST" "$EXTERNAL_HOST"; do
    # triggers evaluate as values arrive; give them a moment
    problems_settled() { [ "$(problems "${HOST_ID[$h]}")" = "$want" ]; }
    poll 30 1 problems_settled || true
    got=$(problems "${HOST_ID[$h]}")
    if [ "$got" = "$want" ]; then
      pass "Zabbix $v $h: exactly the expected problems are open (${#EXP_PROBLEMS_GOOD[@]})"
    else
      fail "Zabbix $v $h: exactly the expected problems are open" \
        "missing: $(comm -23 <(echo "$want") <(echo "$got") | tr '\t\n' ' ;')
       unexpected: $(comm -13 <(echo "$want") <(echo "$got") | tr '\t\n' ' ;')"
    fi
    # for the reader: each problem with its operational data, as the problem view shows it
    api problem.get "$(jq -cn --arg h "${HOST_ID[$h]}" '{hostids: [$h], output: ["name", "opdata"]}')" |
      jq -r --arg p "  --   $v $h: problem" '.[] | "\($p) \"\(.name)\" [\(.opdata)]"' | sort -k 5
    # a VM its policy includes but no session of the look-back window names: a problem by its name
    for vm in "${MISSING_VMS[@]}"; do
      check "Zabbix $v $h: VM '$vm' without a session in the look-back window is a High problem" \
        grep -qxF "4"$'\t'"VM [$vm]: no CDP task session in the look-back window" <<<"$got"
    done
    for vm in "${VM_NAMES[@]}"; do
      if [ "${VM_STATE[$vm]}" = 0 ] && [ "${VM_AGE[$vm]}" -le "$AGE_WARN" ]; then
        if grep -qF "VM [$vm]:" <<<"$got"; then
          fail "Zabbix $v $h: healthy VM '$vm' raised no problem" "$(grep -F "VM [$vm]:" <<<"$got")"
        else
          pass "Zabbix $v $h: healthy VM '$vm' raised no problem"
        fi
      fi
    done
  done
  # the host whose password EM refuses: one problem, the collection error, saying why
  h=$REFUSED_HOST
  problems_settled() { [ "$(problems "${HOST_ID[$h]}" | cut -f 2)" = "Veeam CDP: collection failed" ]; }
  poll 30 1 problems_settled || true
  expect_eq "Zabbix $v $h: only 'Veeam CDP: collection failed' is open" "Veeam CDP: collection failed" \
    "$(problems "${HOST_ID[$h]}" | cut -f 2 | tr '\n' ';' | sed 's/;$//')"
  items=$(host_items "${HOST_ID[$h]}")
  err=$(jq -r '.[] | select(.key_ == "veeam.cdp.error") | .lastvalue' <<<"$items")
  expect_match "Zabbix $v $h: the error item says EM refused the logon" \
    '(refused|rejected|denied|401|[Ll]og ?on|credentials|[Uu]nauthori[sz]ed)' "$err"
  printf '  --   %s %s: error "%s"\n' "$v" "$h" "$(head -c 200 <<<"$err")"
  # the user name as the command received it through the item key: the backslash survived
  check "Zabbix $v $h: the error names the user $EM_USER, backslash included" contains "$err" "'$EM_USER'"
  expect_eq "Zabbix $v $h: the external check is supported (the error is a value)" "0 " \
    "$(jq -r --arg k "$EXTERNAL_KEY" '.[] | select(.key_ == $k) | "\(.state) \(.error)"' <<<"$items")"
  expect_eq "Zabbix $v $h: discovery created nothing" "0 0" "$(discovered "${HOST_ID[$h]}")"
  out=$(api problem.get "$(jq -cn --arg h "${HOST_ID[$h]}" '{hostids: [$h], output: ["name", "opdata"]}')" |
    jq -r '.[0].opdata // ""')
  printf '  --   %s %s: problem operational data "%s"\n' "$v" "$h" "$(head -c 120 <<<"$out")"
}

###############################################################################
log "step 4: Zabbix, one version after the other: $VERSIONS"
for version in $VERSIONS; do
  run_version "$version"
done
restore_frontend_conf
log "done"
