#!/bin/sh
# Benchmark (not a test): what one check_veeam_cdp run costs, against the demo EM simulator on
# loopback, without and with the launcher's class-data archive. Prints median wall and CPU time
# over RUNS runs each (default 15). Needs a build (mvn -B -DskipTests package) and GNU time.
set -eu
root=$(cd "$(dirname "$0")/.." && pwd -P)
runs=${RUNS:-15}
work=$(mktemp -d "${TMPDIR:-/tmp}/cdpwatch-bench.XXXXXX")
sim_pid=
cleanup() {
  [ -z "$sim_pid" ] || kill "$sim_pid" 2>/dev/null || true
  rm -rf "$work"
}
trap cleanup EXIT INT TERM

"$root/bin/em-simulator" --scenario "$root/em-simulator/scenarios/demo.scenario" --tls \
  >"$work/sim.out" 2>"$work/sim.err" &
sim_pid=$!
tries=0
until grep -q '^fingerprint ' "$work/sim.out" 2>/dev/null; do
  tries=$((tries + 1))
  [ "$tries" -le 150 ] || { cat "$work/sim.err" >&2; exit 1; }
  sleep 0.2
done
url=$(sed -n 's/^url //p' "$work/sim.out")
user=$(sed -n 's/^user //p' "$work/sim.out")
password_file=$(sed -n 's/^password-file //p' "$work/sim.out")
fingerprint=$(sed -n 's/^fingerprint //p' "$work/sim.out")

measure() {
  label=$1
  : >"$work/times"
  i=0
  while [ "$i" -lt "$runs" ]; do
    /usr/bin/time -f '%e %U %S' -a -o "$work/times" "$root/bin/check_veeam_cdp" --url "$url" \
      -u "$user" --password-file "$password_file" --fingerprint "$fingerprint" \
      --session-cache "$work/cache" >/dev/null 2>&1 || true
    i=$((i + 1))
  done
  grep -v '^Command' "$work/times" | awk '{ printf "%d %d\n", $1 * 1000, ($2 + $3) * 1000 }' \
    >"$work/ms"
  n=$(wc -l <"$work/ms")
  middle=$(((n + 1) / 2))
  wall=$(cut -d ' ' -f 1 "$work/ms" | sort -n | sed -n "${middle}p")
  cpu=$(cut -d ' ' -f 2 "$work/ms" | sort -n | sed -n "${middle}p")
  printf '%-34s median wall %5s ms, CPU %5s ms (%s runs)\n' "$label" "$wall" "$cpu" "$n"
}

XDG_CACHE_HOME=$work/xdg CDPWATCH_CDS=off measure "JVM flags only (CDPWATCH_CDS=off)"
# One run records the archive; then measure with it.
XDG_CACHE_HOME=$work/xdg "$root/bin/check_veeam_cdp" --url "$url" -u "$user" \
  --password-file "$password_file" --fingerprint "$fingerprint" >/dev/null 2>&1 || true
XDG_CACHE_HOME=$work/xdg measure "JVM flags + class-data archive"
