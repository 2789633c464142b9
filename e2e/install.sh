#!/usr/bin/env bash
# Install test, as an admin installs cdpwatch: the .deb with dpkg -i, and the archive unpacked into
# an empty directory; then both commands against the simulator from there, as the nagios and zabbix
# users, from /, with a clean environment, the source tree out of reach (its files are copied out
# first and the commands are checked to open nothing under it) and no ~/.m2 (moved aside).
#
#   bash e2e/install.sh        (as root; after mvn -B package, which builds both; .ci/run runs it)
set -euo pipefail
ROOT=$(cd "$(dirname "$0")/.." && pwd)
PASSED=0
FAILED=0
TMP=
SIM_PID=
M2_MOVED=

log() { printf '[install] %s\n' "$*"; }
pass() { PASSED=$((PASSED + 1)); printf '[install] PASS %s\n' "$1"; }
fail() { FAILED=$((FAILED + 1)); printf '[install] FAIL %s\n  %s\n' "$1" "${2:-}"; }
die() { printf '[install] ERROR %s\n' "$*" >&2; exit 1; }
# check NAME COMMAND...: passes when the command succeeds
check() { local name=$1; shift; if "$@"; then pass "$name"; else fail "$name" "$*"; fi; }

cleanup() {
  local rc=$?
  set +e
  [ -z "$SIM_PID" ] || kill "$SIM_PID" 2>/dev/null
  [ -z "$M2_MOVED" ] || mv "$M2_MOVED" "$HOME/.m2"
  dpkg --purge cdpwatch >/dev/null 2>&1
  [ -z "$TMP" ] || rm -rf -- "$TMP"
  log "$PASSED passed, $FAILED failed"
  if [ "$rc" -eq 0 ] && [ "$FAILED" -gt 0 ]; then rc=1; fi
  exit "$rc"
}
trap cleanup EXIT

[ "$(id -u)" -eq 0 ] || die "run as root (dpkg -i, runs the commands as nagios and zabbix)"
deb=$(ls "$ROOT"/distribution/target/cdpwatch_*_all.deb 2>/dev/null | head -n 1)
tgz=$(ls "$ROOT"/distribution/target/cdpwatch-*.tar.gz 2>/dev/null | head -n 1)
if [ -z "$deb" ] || [ -z "$tgz" ]; then
  log "not built yet: mvn -B -q -DskipTests package"
  (cd "$ROOT" && mvn -B -q -DskipTests package) || die "the build failed"
  deb=$(ls "$ROOT"/distribution/target/cdpwatch_*_all.deb | head -n 1)
  tgz=$(ls "$ROOT"/distribution/target/cdpwatch-*.tar.gz | head -n 1)
fi

# The monitoring users as their packages make them (the e2e tests installed those); a system user
# of the same name otherwise, with the home Debian gives zabbix (none).
for user in nagios zabbix; do
  if ! id "$user" >/dev/null 2>&1; then
    useradd --system --home-dir /nonexistent --no-create-home --shell /usr/sbin/nologin "$user"
  fi
done
# A headless Java 17+ runtime, as the .deb depends on.
if ! dpkg-query -W -f '${Status}' default-jre-headless openjdk-17-jre-headless 2>/dev/null |
  grep -q 'install ok installed'; then
  DEBIAN_FRONTEND=noninteractive apt-get -o DPkg::Lock::Timeout=600 install -y \
    --no-install-recommends default-jre-headless </dev/null >/dev/null ||
    die "no Java runtime package to satisfy the .deb"
fi

TMP=$(mktemp -d /tmp/cdpwatch-install.XXXXXX)
chmod 0755 "$TMP"
cp "$deb" "$TMP/cdpwatch.deb"
cp "$tgz" "$TMP/cdpwatch.tar.gz"
if [ -d "$HOME/.m2" ]; then
  M2_MOVED="$HOME/.m2.moved-by-install-test"
  mv "$HOME/.m2" "$M2_MOVED"
fi
cd /

# clean ARGS...: a command with nothing of this shell's environment but PATH
clean() { env -i PATH=/usr/sbin:/usr/bin:/sbin:/bin LANG=C.UTF-8 "$@"; }
as() { local user=$1; shift; clean setpriv --reuid="$user" --regid="$user" --init-groups -- "$@"; }

###############################################################################
log "the .deb"
dpkg -i "$TMP/cdpwatch.deb" >"$TMP/dpkg.log" 2>&1 || { cat "$TMP/dpkg.log"; die "dpkg -i failed"; }
pass "dpkg -i cdpwatch.deb"
for link in /usr/lib/nagios/plugins/check_veeam_cdp /usr/lib/zabbix/externalscripts/zbx_veeam_cdp; do
  check "$link links into /usr/share/cdpwatch" \
    test "$(readlink -f "$link")" = "/usr/share/cdpwatch/bin/${link##*/}"
done
check "the examples are in /usr/share/doc/cdpwatch" \
  test -f /usr/share/doc/cdpwatch/examples/zabbix/veeam_cdp_trapper.yaml
check "the copyright is Apache-2.0" grep -q "Apache License" /usr/share/doc/cdpwatch/copyright
for page in check_veeam_cdp zbx_veeam_cdp em-simulator; do
  check "the man page of $page is installed" test -f "/usr/share/man/man1/$page.1"
done
for user in nagios zabbix; do
  check "postinst made /var/cache/cdpwatch/$user, owned by $user, 0700" \
    test "$(stat -c '%U %a' "/var/cache/cdpwatch/$user")" = "$user 700"
done

# the simulator from the package, as root, its password copied to one file per monitoring user
clean /usr/bin/cdpwatch-em-simulator --scenario /usr/share/cdpwatch/scenarios/demo.scenario \
  --port 0 >"$TMP/sim.out" 2>"$TMP/sim.err" &
SIM_PID=$!
for _ in $(seq 1 100); do grep -q '^password-file ' "$TMP/sim.out" 2>/dev/null && break; sleep 0.2; done
url=$(sed -n 's/^url //p' "$TMP/sim.out")
em_user=$(sed -n 's/^user //p' "$TMP/sim.out")
sim_pw=$(sed -n 's/^password-file //p' "$TMP/sim.out")
[ -n "$url" ] && [ -n "$sim_pw" ] || { cat "$TMP/sim.out" "$TMP/sim.err"; die "the simulator did not start"; }
for user in nagios zabbix; do
  install -m 0600 -o "$user" -g "$(id -gn "$user")" "$sim_pw" "$TMP/$user.pw"
done

# attempt USER COMMAND...: runs it as USER, its stdout in $out and exit code in $rc
attempt() {
  set +e
  out=$(as "$@" 2>"$TMP/stderr")
  rc=$?
  set -e
}

# run_both HOW NAGIOS_CHECK ZABBIX_SCRIPT: both commands, each as its user
run_both() {
  local how=$1 check_cmd=$2 zbx_cmd=$3 out rc
  local -a em=(--url "$url" -u "$em_user")
  attempt nagios "$check_cmd" "${em[@]}" --password-file "$TMP/nagios.pw"
  if [ "$rc" -eq 2 ] && [[ "$out" == "CDP CRITICAL - "* ]]; then
    pass "$how: check_veeam_cdp as nagios: CRITICAL, as the demo is"
  else
    fail "$how: check_veeam_cdp as nagios" "exit $rc: ${out:0:400} $(head -c 400 "$TMP/stderr")"
  fi
  attempt zabbix "$zbx_cmd" collect "${em[@]}" --password-file "$TMP/zabbix.pw"
  if [ "$rc" -eq 0 ] && python3 -c 'import json,sys; d=json.loads(sys.argv[1]); assert d["error"] is None and d["summary"]["vms"] == 14' "$out"; then
    pass "$how: zbx_veeam_cdp collect as zabbix: 14 VMs, no error"
  else
    fail "$how: zbx_veeam_cdp collect as zabbix" "exit $rc: ${out:0:400}"
  fi
  attempt zabbix "$zbx_cmd" discovery "${em[@]}" --password-file "$TMP/zabbix.pw"
  if [ "$rc" -eq 0 ] && python3 -c 'import json,sys; assert len(json.loads(sys.argv[1])) == 14' "$out"; then
    pass "$how: zbx_veeam_cdp discovery as zabbix: 14 VMs"
  else
    fail "$how: zbx_veeam_cdp discovery as zabbix" "exit $rc: ${out:0:400}"
  fi
}

run_both "deb" /usr/lib/nagios/plugins/check_veeam_cdp /usr/lib/zabbix/externalscripts/zbx_veeam_cdp
for user in nagios zabbix; do
  check "deb: $user's session is kept in /var/cache/cdpwatch/$user, owner-only" \
    test -n "$(find "/var/cache/cdpwatch/$user" -maxdepth 1 -name 'em-*.session' -user "$user" -perm 0600)"
done
# nothing of the source tree is opened: the commands' files come from the package alone
command -v strace >/dev/null 2>&1 ||
  DEBIAN_FRONTEND=noninteractive apt-get -o DPkg::Lock::Timeout=600 install -y \
    --no-install-recommends strace </dev/null >/dev/null 2>&1 || true
if command -v strace >/dev/null 2>&1; then
  strace -f -qq -s 4096 -e trace=openat,execve,newfstatat,statx -o "$TMP/strace.log" \
    setpriv --reuid=nagios --regid=nagios --init-groups -- env -i PATH=/usr/bin:/bin \
    /usr/lib/nagios/plugins/check_veeam_cdp --url "$url" -u "$em_user" \
    --password-file "$TMP/nagios.pw" >/dev/null 2>&1 || true
  # Its Java is started on the package's jars (from a class-data archive it need not open them).
  check "deb: the check's jars are the package's" \
    grep -qE 'execve\(.*java.*"-cp", "/usr/share/cdpwatch/(bin/\.\./)?lib/' "$TMP/strace.log"
  check "deb: the check opens nothing under the source tree ($ROOT)" \
    bash -c "! grep -F '$ROOT' '$TMP/strace.log' | grep -v ENOENT | grep -q ."
else
  fail "strace to watch the check's files" "no strace"
fi
if command -v man >/dev/null 2>&1; then
  check "deb: man check_veeam_cdp shows the page" \
    bash -c 'MANPAGER=cat man check_veeam_cdp 2>/dev/null | grep -q -- "--password-file"'
fi
dpkg -r cdpwatch >/dev/null
check "dpkg -r leaves no link behind" test ! -e /usr/lib/nagios/plugins/check_veeam_cdp
dpkg --purge cdpwatch >/dev/null
check "dpkg --purge removes /var/cache/cdpwatch" test ! -e /var/cache/cdpwatch

###############################################################################
log "the archive, unpacked into an empty directory and linked from the plugin directories"
install -d -m 0755 "$TMP/opt" "$TMP/plugins" "$TMP/externalscripts"
tar xzf "$TMP/cdpwatch.tar.gz" -C "$TMP/opt"
home=$(ls -d "$TMP"/opt/cdpwatch-*)
ln -s "$home/bin/check_veeam_cdp" "$TMP/plugins/check_veeam_cdp"
ln -s "$home/bin/zbx_veeam_cdp" "$TMP/externalscripts/zbx_veeam_cdp"
run_both "archive" "$TMP/plugins/check_veeam_cdp" "$TMP/externalscripts/zbx_veeam_cdp"
