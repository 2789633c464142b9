#!/bin/bash
# Benchmark (not a test): whole-process cost of cdpwatch against a Python stdlib reference check
# (bench/reference_check.py) doing the same job, both against the bundled EM simulator on loopback.
# Interleaved A/B rounds; per run CPU (user+sys), wall and peak RSS from /usr/bin/time; prints a
# Markdown table of medians (min-max) and the cdpwatch/reference ratios (median of per-round ratios).
#
#   bench/run.sh [--quick] [--runs N] [--large-runs N] [--only CONFIG,...] [--keep DIR]
#
# Configs: http https https-nocds cold large-1k large-10k large-100k (large-* run both commands:
# check_veeam_cdp and zbx_veeam_cdp collect). --runs: rounds of the small configs (default 15);
# --large-runs: rounds of large-10k and large-100k (default 5). --quick: 3 rounds, large-1k only.
# Needs a build (mvn -B -o -q package -DskipTests) and GNU time. The Java is the one the launcher
# picks (CDPWATCH_JAVA, else JAVA_HOME, else java on the PATH); set CDPWATCH_JAVA to try another.
set -euo pipefail
root=$(cd "$(dirname "$0")/.." && pwd -P)
python=/usr/bin/python3
runs=15
large_runs=5
only=http,https,https-nocds,cold,large-1k,large-10k,large-100k
keep=
while [ $# -gt 0 ]; do
  case $1 in
    --quick) runs=3 large_runs=1 only=http,https,cold,large-1k ;;
    --runs) runs=$2; shift ;;
    --large-runs) large_runs=$2; shift ;;
    --only) only=$2; shift ;;
    --keep) keep=$2; shift ;;
    -h | --help) sed -n '2,13p' "$0" | sed 's/^# \{0,1\}//'; exit 0 ;;
    *) echo "run.sh: unknown argument $1 (see --help)" >&2; exit 2 ;;
  esac
  shift
done
[ -x /usr/bin/time ] || { echo "run.sh: needs GNU time at /usr/bin/time (apt-get install time)" >&2; exit 2; }
ls "$root"/adapters-nagios/target/adapters-nagios-*.jar >/dev/null 2>&1 &&
  ls "$root"/adapters-zabbix/target/adapters-zabbix-*.jar >/dev/null 2>&1 &&
  ls "$root"/em-simulator/target/em-simulator-*.jar >/dev/null 2>&1 ||
  { echo "run.sh: build first: mvn -B -o -q package -DskipTests" >&2; exit 2; }

work=$(mktemp -d "${TMPDIR:-/tmp}/cdpwatch-bench.XXXXXX")
sims=()
cleanup() {
  for pid in "${sims[@]}"; do kill "$pid" 2>/dev/null || true; done
  wait 2>/dev/null || true
  if [ -n "$keep" ]; then mkdir -p "$keep" && cp "$work"/*.tsv "$keep"/ 2>/dev/null || true; fi
  rm -rf "$work"
}
trap cleanup EXIT INT TERM

wanted() { case ",$only," in *",$1,"*) return 0 ;; *) return 1 ;; esac; }

# start NAME SCENARIO [--tls]: a simulator; its url, user, password-file (and fingerprint) are then
# in $work/NAME.out.
start() {
  local name=$1 scenario=$2
  shift 2
  "$root/bin/em-simulator" --scenario "$scenario" "$@" >"$work/$name.out" 2>"$work/$name.err" &
  sims+=($!)
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

# Configs: label, then the A command (cdpwatch) and B command (reference) as NUL-free arrays kept
# in files, one argument per line.
configs=()
add() { # add ID LABEL ROUNDS ENV-FOR-A -- A... -- B...
  local id=$1 label=$2 rounds=$3 env=$4
  shift 5
  local a=() b=()
  while [ "$1" != -- ]; do a+=("$1"); shift; done
  shift
  b=("$@")
  printf '%s\n' "${a[@]}" >"$work/$id.a"
  printf '%s\n' "${b[@]}" >"$work/$id.b"
  printf '%s\t%s\t%s\n' "$label" "$rounds" "$env" >"$work/$id.meta"
  configs+=("$id")
}

check=$root/bin/check_veeam_cdp
zbx=$root/bin/zbx_veeam_cdp
ref=("$python" "$root/bench/reference_check.py")
demo=$root/em-simulator/scenarios/demo.scenario

if wanted http || wanted cold; then start demo-http "$demo"; fi
if wanted https || wanted https-nocds; then start demo-https "$demo" --tls; fi
wanted large-1k && large large-1k 1 250
wanted large-10k && large large-10k 4 625
wanted large-100k && large large-100k 4 6250

cache=$work/cache
if wanted http; then
  mapfile -t c < <(conn demo-http)
  add http "direct HTTP, warm session cache" "$runs" "" \
    -- "$check" "${c[@]}" --session-cache "$cache/a" -- "${ref[@]}" "${c[@]}" --session-cache "$cache/b"
fi
if wanted https; then
  mapfile -t c < <(conn demo-https)
  add https "direct HTTPS (fingerprint), warm session cache" "$runs" "" \
    -- "$check" "${c[@]}" --session-cache "$cache/a" -- "${ref[@]}" "${c[@]}" --session-cache "$cache/b"
fi
if wanted https-nocds; then
  mapfile -t c < <(conn demo-https)
  add https-nocds "direct HTTPS, warm, CDPWATCH_CDS=off" "$runs" "CDPWATCH_CDS=off" \
    -- "$check" "${c[@]}" --session-cache "$cache/a" -- "${ref[@]}" "${c[@]}" --session-cache "$cache/b"
fi
if wanted cold; then
  mapfile -t c < <(conn demo-http)
  add cold "cold: HTTP, no session cache (logon + logoff)" "$runs" "" \
    -- "$check" "${c[@]}" --no-session-cache -- "${ref[@]}" "${c[@]}" --no-session-cache
fi
for size in 1k 10k 100k; do
  wanted "large-$size" || continue
  n=$runs
  [ "$size" = 1k ] || n=$large_runs
  mapfile -t c < <(conn "large-$size")
  add "large-$size-nagios" "large $size task sessions: check_veeam_cdp" "$n" "" \
    -- "$check" "${c[@]}" --session-cache "$cache/a" -- "${ref[@]}" "${c[@]}" --session-cache "$cache/b"
  add "large-$size-zabbix" "large $size task sessions: zbx_veeam_cdp collect" "$n" "" \
    -- "$zbx" collect "${c[@]}" --session-cache "$cache/a" -- "${ref[@]}" "${c[@]}" --session-cache "$cache/b" --json
done

# run ID SIDE ROUND: one measured whole-process run; appends "id side round wall user sys rss status"
run() {
  local id=$1 side=$2 round=$3 env
  env=$(cut -f 3 "$work/$id.meta")
  mapfile -t cmd <"$work/$id.$side"
  local code=0
  if [ "$side" = a ] && [ -n "$env" ]; then
    env "$env" /usr/bin/time -f '%e %U %S %M' -o "$work/time" "${cmd[@]}" >"$work/stdout" 2>"$work/stderr" || code=$?
  else
    /usr/bin/time -f '%e %U %S %M' -o "$work/time" "${cmd[@]}" >"$work/stdout" 2>"$work/stderr" || code=$?
  fi
  # What the run answered: the Nagios state word, or the Zabbix document's state (or its error).
  local status
  status=$(head -c 300 "$work/stdout" | head -n 1 | sed -n \
    -e 's/^CDP \([A-Z]*\) - .*/\1/p' \
    -e 's/^{"version":1,"error".*/error/p' \
    -e 's/^{.*"state":\([0-3]\).*/state\1/p' | head -n 1)
  [ -n "$status" ] || status=bad
  [ "$code" -le 3 ] || status="$status/exit$code"
  printf '%s\t%s\t%s\t%s\n' "$id" "$side" "$round" "$(tail -n 1 "$work/time" | tr ' ' '\t')	$status" >>"$work/runs.tsv"
  if [ "$status" = bad ] || [ "$status" = UNKNOWN ] || [ "$status" = error ]; then
    { echo "run.sh: $id $side round $round: $status"; head -c 400 "$work/stdout"; head -c 400 "$work/stderr"; } >>"$work/problems"
  fi
}

java_cmd=${CDPWATCH_JAVA:-}
if [ -z "$java_cmd" ] && [ -n "${JAVA_HOME:-}" ] && [ -x "$JAVA_HOME/bin/java" ]; then java_cmd=$JAVA_HOME/bin/java; fi
[ -n "$java_cmd" ] || java_cmd=$(command -v java)
{
  echo "started $(date -u +%Y-%m-%dT%H:%M:%SZ) on $(nproc) CPUs, $(sed -n 's/^model name\s*: //p' /proc/cpuinfo | head -n 1)"
  echo "java (as the launcher picks it): $(readlink -f "$java_cmd"): $("$java_cmd" -version 2>&1 | head -n 1)"
  echo "python: $python $("$python" --version 2>&1)"
  echo "rounds: $runs (large 10k/100k: $large_runs); configs: $only"
} | tee "$work/header" >&2

# Warm-up (not measured): one run of each side, which also fills the session caches and lets the
# launcher record its class-data archive.
for id in "${configs[@]}"; do
  run "$id" a 0
  run "$id" b 0
done
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
print("| config | command | n | CPU ms | wall ms | peak RSS MiB | answers | CPU ratio | wall ratio | RSS ratio |")
print("|---|---|---|---|---|---|---|---|---|---|")
for id_, label in order:
    sides = data.get(id_, {})
    if "a" not in sides or "b" not in sides:
        continue
    rounds = sorted(set(sides["a"]) & set(sides["b"]))
    ratios = [[sides["a"][r][k] / max(sides["b"][r][k], 1e-9) for r in rounds] for k in range(3)]
    for side, name in (("a", "cdpwatch"), ("b", "reference")):
        rows = [sides[side][r] for r in rounds]
        answers = {}
        for row in rows:
            answers[row[3]] = answers.get(row[3], 0) + 1
        answer = ", ".join(f"{k}×{v}" for k, v in sorted(answers.items()))
        ratio = " | ".join(fmt(x, 2) for x in (ratios[1], ratios[0], ratios[2])) if side == "a" else " | | "
        print(f"| {label} | {name} | {len(rows)} | {fmt([r[1] for r in rows])} | {fmt([r[0] for r in rows])} "
              f"| {fmt([r[2] for r in rows], 1)} | {answer} | {ratio} |")
EOF
echo
sed 's/^/    /' "$work/header"
echo "    finished $(date -u +%Y-%m-%dT%H:%M:%SZ)"
if [ -s "$work/problems" ]; then
  echo
  echo "Runs that gave no check result (UNKNOWN, error or unparsable output):"
  sed 's/^/    /' "$work/problems"
fi
