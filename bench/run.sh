#!/bin/bash
# Benchmark (not a test): whole-process cost of cdpwatch against a Python stdlib reference check
# (bench/reference_check.py) doing the same job, both against the bundled EM simulator on loopback.
# Interleaved A/B rounds; per run CPU (user+sys), wall and peak RSS of /usr/bin/time's run, CPU
# and wall in microseconds (bench/measure.py) rather than its 10 ms steps; prints a
# Markdown table of medians (min-max), the cdpwatch/reference ratios (median of per-round ratios)
# and issue 10's targets, met or not.
#
#   bench/run.sh [--quick] [--runs N] [--large-runs N] [--only CONFIG,...] [--keep DIR]
#
# Configs (each runs check_veeam_cdp against the reference's Nagios line, and zbx_veeam_cdp
# collect against the reference's --json document): http https cold snapshot large-1k large-10k
# large-100k, and on request https-nocds. --runs: rounds of the small configs (default 15);
# --large-runs: rounds of large-10k and large-100k (default 5). --quick: 3 rounds of http, https,
# cold, snapshot and large-1k. Needs a build (mvn -B -o -q package -DskipTests) and GNU time. The
# Java is the one the launcher picks; set CDPWATCH_JAVA to choose another.
set -euo pipefail
[ -x /usr/bin/time ] || { echo "run.sh: needs GNU time at /usr/bin/time (apt-get install time)" >&2; exit 2; }
root=$(cd "$(dirname "$0")/.." && pwd -P)
python=/usr/bin/python3
runs=15
large_runs=5
only=http,https,cold,snapshot,large-1k,large-10k,large-100k
keep=
while [ $# -gt 0 ]; do
  case $1 in
    --quick) runs=3 large_runs=1 only=http,https,cold,snapshot,large-1k ;;
    --runs) runs=$2; shift ;;
    --large-runs) large_runs=$2; shift ;;
    --only) only=$2; shift ;;
    --keep) keep=$2; shift ;;
    -h | --help) sed -n '2,15p' "$0" | sed 's/^# \{0,1\}//'; exit 0 ;;
    *) echo "run.sh: unknown argument $1 (see --help)" >&2; exit 2 ;;
  esac
  shift
done
ls "$root"/adapters-nagios/target/adapters-nagios-*.jar >/dev/null 2>&1 &&
  ls "$root"/adapters-zabbix/target/adapters-zabbix-*.jar >/dev/null 2>&1 &&
  ls "$root"/em-simulator/target/em-simulator-*.jar >/dev/null 2>&1 ||
  { echo "run.sh: build first: mvn -B -o -q package -DskipTests" >&2; exit 2; }

work=$(mktemp -d "${TMPDIR:-/tmp}/cdpwatch-bench.XXXXXX")
sims=()
cleanup() {
  for pid in "${sims[@]}"; do kill -CONT "$pid" 2>/dev/null || true; kill "$pid" 2>/dev/null || true; done
  wait 2>/dev/null || true
  if [ -n "$keep" ]; then mkdir -p "$keep" && cp "$work"/*.tsv "$keep"/ 2>/dev/null || true; fi
  rm -rf "$work"
}
trap cleanup EXIT INT TERM

wanted() { case ",$only," in *",$1,"*) return 0 ;; *) return 1 ;; esac; }

# start NAME SCENARIO [--tls]: a simulator; its url, user, password-file (and fingerprint) are then
# in $work/NAME.out, its process id in $work/NAME.pid.
start() {
  local name=$1 scenario=$2
  shift 2
  "$root/bin/em-simulator" --scenario "$scenario" "$@" >"$work/$name.out" 2>"$work/$name.err" &
  sims+=($!)
  echo $! >"$work/$name.pid"
  local tries=0
  until grep -q '^password-file ' "$work/$name.out" 2>/dev/null &&
    { [ $# -eq 0 ] || grep -q '^fingerprint ' "$work/$name.out"; }; do
    tries=$((tries + 1))
    [ "$tries" -le 600 ] || { echo "run.sh: simulator $name did not start:" >&2; cat "$work/$name.err" >&2; exit 1; }
    sleep 0.1
  done
}
field() { sed -n "s/^$2 //p" "$work/$1.out"; }

# A generated estate: `generate` with 4 task sessions per VM (one every 8 h, all in the look-back).
large() {
  local name=$1 policies=$2 vms=$3
  printf 'now real\ngenerate policies=%s vms=%s sessions=4\n' "$policies" "$vms" >"$work/$name.scenario"
  start "$name" "$work/$name.scenario"
}

# Connection options of a simulator, for either command (both take the same ones).
conn() {
  local name=$1
  set -- --url "$(field "$name" url)" -u "$(field "$name" user)" --password-file "$(field "$name" password-file)"
  local fp
  fp=$(field "$name" fingerprint)
  [ -z "$fp" ] || set -- "$@" --fingerprint "$fp"
  printf '%s\n' "$@"
}

check=$root/bin/check_veeam_cdp
zbx=$root/bin/zbx_veeam_cdp
ref=("$python" "$root/bench/reference_check.py")
demo=$root/em-simulator/scenarios/demo.scenario

# --snapshot-max-age (issue 10): direct configs pass 0, so that they never read a snapshot; the
# snapshot config needs it in both commands' help, else it is skipped.
direct_check=() direct_zbx=() snapshots=yes
# (--help exits 3, the Nagios convention: keep its text before looking into it.)
help=$("$check" --help 2>&1 || true)
case $help in *--snapshot-max-age*) direct_check=(--snapshot-max-age 0) ;; *) snapshots=no ;; esac
help=$("$zbx" --help 2>&1 || true)
case $help in *--snapshot-max-age*) direct_zbx=(--snapshot-max-age 0) ;; *) snapshots=no ;; esac
skipped=
if wanted snapshot && [ "$snapshots" = no ]; then
  skipped="snapshot: skipped, this build's check_veeam_cdp --help or zbx_veeam_cdp --help has no --snapshot-max-age"
  echo "run.sh: $skipped" >&2
  only=$(echo ",$only," | sed 's/,snapshot,/,/; s/^,//; s/,$//')
fi

if wanted http || wanted cold || wanted snapshot; then start demo-http "$demo"; fi
if wanted https || wanted https-nocds; then start demo-https "$demo" --tls; fi
# The snapshot config's own simulator: frozen (SIGSTOP) during each measured run, so that a run
# can answer only from the snapshot.
wanted snapshot && start demo-snapshot "$demo"
wanted large-1k && large large-1k 1 250
wanted large-10k && large large-10k 4 625
wanted large-100k && large large-100k 4 6250

# Configs: label, rounds, environment and kind in $work/ID.meta; the A command (cdpwatch) and the
# B command (reference) in $work/ID.a and $work/ID.b, one argument per line.
configs=()
add() { # add ID LABEL ROUNDS ENV-FOR-A KIND -- A... -- B...
  local id=$1 label=$2 rounds=$3 env=$4 kind=$5
  shift 6
  local a=() b=()
  while [ "$1" != -- ]; do a+=("$1"); shift; done
  shift
  b=("$@")
  printf '%s\n' "${a[@]}" >"$work/$id.a"
  printf '%s\n' "${b[@]}" >"$work/$id.b"
  printf '%s\t%s\t%s\t%s\n' "$label" "$rounds" "$env" "$kind" >"$work/$id.meta"
  configs+=("$id")
}
cache=$work/cache
# both ID LABEL ROUNDS ENV SIMULATOR CACHE-OPTION...: the config for each command, direct.
both() {
  local id=$1 label=$2 rounds=$3 env=$4 sim=$5
  shift 5
  mapfile -t c < <(conn "$sim")
  add "$id-nagios" "$label: check_veeam_cdp" "$rounds" "$env" direct \
    -- "$check" "${c[@]}" "${direct_check[@]}" "$@" -- "${ref[@]}" "${c[@]}" "$@"
  add "$id-zabbix" "$label: zbx_veeam_cdp collect" "$rounds" "$env" direct \
    -- "$zbx" collect "${c[@]}" "${direct_zbx[@]}" "$@" -- "${ref[@]}" "${c[@]}" "$@" --json
}
wanted http && both http "direct HTTP, warm session cache" "$runs" "" demo-http --session-cache "$cache/a"
wanted https && both https "direct HTTPS (fingerprint), warm session cache" "$runs" "" demo-https --session-cache "$cache/a"
wanted https-nocds && both https-nocds "direct HTTPS, warm, CDPWATCH_CDS=off" "$runs" CDPWATCH_CDS=off demo-https --session-cache "$cache/a"
wanted cold && both cold "cold: HTTP, no session cache (logon + logoff)" "$runs" "" demo-http --no-session-cache
if wanted snapshot; then
  # cdpwatch with the default --snapshot-max-age (60 s), from a snapshot refreshed by an unmeasured
  # run just before; the reference runs its full direct check (HTTP, warm session cache).
  mapfile -t s < <(conn demo-snapshot)
  mapfile -t c < <(conn demo-http)
  add snapshot-nagios "snapshot (default max age), vs the full direct check: check_veeam_cdp" "$runs" "" snapshot \
    -- "$check" "${s[@]}" --session-cache "$cache/a" -t 5 -- "${ref[@]}" "${c[@]}" --session-cache "$cache/b"
  add snapshot-zabbix "snapshot (default max age), vs the full direct check: zbx_veeam_cdp collect" "$runs" "" snapshot \
    -- "$zbx" collect "${s[@]}" --session-cache "$cache/a" -t 5 -- "${ref[@]}" "${c[@]}" --session-cache "$cache/b" --json
fi
for size in 1k 10k 100k; do
  wanted "large-$size" || continue
  n=$runs
  [ "$size" = 1k ] || n=$large_runs
  both "large-$size" "large $size task sessions" "$n" "" "large-$size" --session-cache "$cache/a"
done
# The reference keeps its own session cache (the same directory would do: its file names differ).
for id in "${configs[@]}"; do sed -i "s|^$cache/a\$|$cache/b|" "$work/$id.b"; done

# What a run answered: the Nagios state word, or the Zabbix document's state (or its error).
answer() {
  head -c 300 "$1" | head -n 1 | sed -n \
    -e 's/^CDP \([A-Z]*\) - .*/\1/p' \
    -e 's/^{"version":1,.*"error":".*/error/p' \
    -e 's/^{"version":1,[^[]*"state":\([0-3]\).*/state\1/p' | head -n 1
}

# refresh ID: an unmeasured run of a snapshot config's command that reads EM and writes the snapshot,
# as the first check after a snapshot expired does (the snapshot is removed first).
refresh() {
  mapfile -t cmd <"$work/$1.a"
  rm -f "$cache"/a/snapshot-*.bin
  "${cmd[@]}" >"$work/refresh.out" 2>&1 || true
}

# run ID SIDE ROUND: one measured whole-process run; appends "id side round wall user sys rss status"
run() {
  local id=$1 side=$2 round=$3 env kind sim=
  env=$(cut -f 3 "$work/$id.meta")
  kind=$(cut -f 4 "$work/$id.meta")
  mapfile -t cmd <"$work/$id.$side"
  if [ "$side" = a ] && [ "$kind" = snapshot ]; then
    refresh "$id"
    sim=$(cat "$work/demo-snapshot.pid")
    kill -STOP "$sim"
  fi
  local code=0
  if [ "$side" = a ] && [ -n "$env" ]; then
    env "$env" "$python" "$root/bench/measure.py" "$work/time" "${cmd[@]}" >"$work/stdout" 2>"$work/stderr" || code=$?
  else
    "$python" "$root/bench/measure.py" "$work/time" "${cmd[@]}" >"$work/stdout" 2>"$work/stderr" || code=$?
  fi
  [ -z "$sim" ] || kill -CONT "$sim"
  local status
  status=$(answer "$work/stdout")
  [ -n "$status" ] || status=bad
  [ "$code" -le 3 ] || status="$status/exit$code"
  printf '%s\t%s\t%s\t%s\n' "$id" "$side" "$round" "$(tail -n 1 "$work/time" | tr ' ' '\t')	$status" >>"$work/runs.tsv"
  case $status in
    bad* | UNKNOWN* | error* | state3*)
      { echo "run.sh: $id $side round $round: $status"; head -c 400 "$work/stdout"; head -c 400 "$work/stderr"; } >>"$work/problems" ;;
  esac
}

# trace CMD...: the java and the archive, heap and CDS/AOT options the launcher started, read from
# a traced (sh -x) unmeasured run.
trace() {
  local line
  sh -x "$@" >/dev/null 2>"$work/trace" || true
  line=$(grep -E "^\++ exec '?[^ ]*java'? " "$work/trace" | tail -n 1) ||
    line=$(grep -E "^\++ '?[^ ]*java'? " "$work/trace" | tail -n 1) || true
  [ -n "$line" ] || { echo "(not seen in the launcher's trace)"; return; }
  local java opts
  java=$(echo "$line" | sed -E "s/^\++ (exec )?'?([^ ']*)'? .*/\2/")
  opts=$(echo "$line" | tr ' ' '\n' | tr -d "'" |
    grep -E '^-(Xmx|Xshare|XX:(SharedArchiveFile|ArchiveClassesAtExit|AOTCache|AOTCacheOutput|AOTMode|AOTConfiguration|TieredStopAtLevel|CompileThresholdScaling|-AOTReplayTraining|ArchiveRelocationMode=[0-9]))' |
    sed "s|$HOME|~|" | tr '\n' ' ')
  echo "$java ($("$java" -version 2>&1 | head -n 1)); ${opts:-no archive option}"
}

{
  echo "started $(date -u +%Y-%m-%dT%H:%M:%SZ) on $(nproc) CPUs, $(sed -n 's/^model name\s*: //p' /proc/cpuinfo | head -n 1)"
  echo "CDPWATCH_JAVA: ${CDPWATCH_JAVA:-unset}; JAVA_HOME: ${JAVA_HOME:-unset}; java on the PATH: $(command -v java || echo none)"
  echo "python: $python $("$python" --version 2>&1)"
  echo "rounds: $runs (large 10k/100k: $large_runs); configs: $only"
  [ -z "$skipped" ] || echo "$skipped"
} | tee "$work/header" >&2

# Warm-up (not measured): each command twice on the first config (the launcher may record or train
# its archive on the first run), then one run of each side of every config, which also fills the
# session caches and writes the snapshot.
first=${configs[0]}
for id in "${configs[@]}"; do
  if [ "${id%-*}" = "${first%-*}" ]; then run "$id" a 0; fi
  run "$id" a 0
  run "$id" b 0
done
# A JDK 25 AOT cache is made in the background after its training run (the launcher holds a lock
# directory beside it meanwhile): wait for it, so that no measured run shares the CPU with it.
for _ in $(seq 1 600); do
  ls -d "$root"/adapters-*/target/*.lock "${XDG_CACHE_HOME:-$HOME/.cache}"/cdpwatch/*.lock >/dev/null 2>&1 || break
  sleep 0.2
done
# What the launcher runs now, after the warm-up: java, archive and heap options.
for id in "${first%-*}-nagios" "${first%-*}-zabbix"; do
  mapfile -t cmd <"$work/$id.a"
  echo "$(basename "${cmd[0]}") runs: $(trace "${cmd[@]}")"
done | tee -a "$work/header" >&2
: >"$work/runs.tsv"
rm -f "$work/problems"

max=$runs
[ "$large_runs" -le "$max" ] || max=$large_runs
for round in $(seq 1 "$max"); do
  for id in "${configs[@]}"; do
    [ "$round" -le "$(cut -f 2 "$work/$id.meta")" ] || continue
    # Alternate which side goes first, so that neither always runs right after the other.
    if [ $((round % 2)) -eq 1 ]; then run "$id" a "$round"; run "$id" b "$round"
    else run "$id" b "$round"; run "$id" a "$round"; fi
  done
  echo "round $round of $max done $(date -u +%H:%M:%S)" >&2
done

# The snapshot config's evidence: measured runs that answered while their simulator was frozen
# could only have judged the snapshot; and what -v says of one more such run.
if wanted snapshot; then
  for id in snapshot-nagios snapshot-zabbix; do
    total=$(awk -F '\t' -v id="$id" '$1 == id && $2 == "a"' "$work/runs.tsv" | wc -l)
    served=$(awk -F '\t' -v id="$id" '$1 == id && $2 == "a" && $8 ~ /^(OK|WARNING|CRITICAL|state[0-2])$/' "$work/runs.tsv" | wc -l)
    echo "$id: $served of $total measured runs answered from the snapshot (their EM simulator was frozen)"
  done >>"$work/header"
  mapfile -t cmd <"$work/snapshot-nagios.a"
  refresh snapshot-nagios
  sim=$(cat "$work/demo-snapshot.pid")
  kill -STOP "$sim"
  "${cmd[@]}" -v >/dev/null 2>"$work/verbose" || true
  echo "check_veeam_cdp from the snapshot runs: $(trace "${cmd[@]}")" >>"$work/header"
  kill -CONT "$sim"
  grep -i snapshot "$work/verbose" | head -n 3 | sed 's/^/check_veeam_cdp -v: /' >>"$work/header" || true
fi

for id in "${configs[@]}"; do printf '%s\t%s\n' "$id" "$(cut -f 1 "$work/$id.meta")"; done >"$work/labels.tsv"
"$python" - "$work/runs.tsv" "$work/labels.tsv" <<'EOF'
import sys, statistics
runs, labels = sys.argv[1], sys.argv[2]
order = [line.rstrip("\n").split("\t") for line in open(labels)]
data = {}
for line in open(runs):
    id_, side, rnd, wall, user, sys_, rss, status = line.rstrip("\n").split("\t")
    data.setdefault(id_, {}).setdefault(side, {})[int(rnd)] = (
        float(wall) * 1000, (float(user) + float(sys_)) * 1000, int(rss) / 1024, status)
def fmt(values, digits=0):
    return f"{statistics.median(values):.{digits}f} ({min(values):.{digits}f}–{max(values):.{digits}f})"
GOOD = ("OK", "WARNING", "CRITICAL", "state0", "state1", "state2")
print("| config | command | n | CPU ms | wall ms | peak RSS MiB | answers | CPU ratio | wall ratio | RSS ratio |")
print("|---|---|---|---|---|---|---|---|---|---|")
medians = {}
for id_, label in order:
    sides = data.get(id_, {})
    if "a" not in sides or "b" not in sides:
        continue
    rounds = sorted(set(sides["a"]) & set(sides["b"]))
    ratios = [[sides["a"][r][k] / max(sides["b"][r][k], 1e-9) for r in rounds] for k in range(3)]
    failed = sum(1 for r in rounds if sides["a"][r][3] not in GOOD)
    medians[id_] = (statistics.median(ratios[1]), statistics.median(ratios[0]), failed, len(rounds))
    for side, name in (("a", "cdpwatch"), ("b", "reference")):
        rows = [sides[side][r] for r in rounds]
        answers = {}
        for row in rows:
            answers[row[3]] = answers.get(row[3], 0) + 1
        answer = ", ".join(f"{k}×{v}" for k, v in sorted(answers.items()))
        ratio = " | ".join(fmt(x, 2) for x in (ratios[1], ratios[0], ratios[2])) if side == "a" else " | | "
        print(f"| {label} | {name} | {len(rows)} | {fmt([r[1] for r in rows])} | {fmt([r[0] for r in rows])} "
              f"| {fmt([r[2] for r in rows], 1)} | {answer} | {ratio} |")

# Issue 10's targets: the median of the per-round ratios; a run that gave no result fails its target.
TARGETS = [("snapshot", "CPU", 1.0, "one fetch, many checks: snapshot run vs the full direct check"),
           ("http", "CPU", 2.5, "direct HTTP, warm session cache"),
           ("https", "CPU", 5.0, "direct HTTPS, warm session cache"),
           ("large-100k", "wall", 1.0, "100,000 task sessions (25,000 VMs)")]
print()
print("Targets (issue 10; median of the per-round cdpwatch/reference ratios):")
print()
print("| target | command | limit | measured | verdict |")
print("|---|---|---|---|---|")
for config, metric, limit, what in TARGETS:
    for suffix, command in (("nagios", "check_veeam_cdp"), ("zabbix", "zbx_veeam_cdp collect")):
        got = medians.get(f"{config}-{suffix}")
        if got is None:
            print(f"| {what} | {command} | {metric} ≤ {limit:g}x | not run | – |")
            continue
        ratio = got[0] if metric == "CPU" else got[1]
        verdict = "met" if ratio <= limit and got[2] == 0 else "not met"
        if got[2]:
            verdict += f" ({got[2]} of {got[3]} runs gave no result)"
        print(f"| {what} | {command} | {metric} ≤ {limit:g}x | {ratio:.2f}x | {verdict} |")
EOF
echo
sed 's/^/    /' "$work/header"
echo "    finished $(date -u +%Y-%m-%dT%H:%M:%SZ)"
if [ -s "$work/problems" ]; then
  echo
  echo "Runs that gave no check result (UNKNOWN, error or unparsable output):"
  sed 's/^/    /' "$work/problems"
fi
