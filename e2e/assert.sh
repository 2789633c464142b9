# The assertions both end-to-end tests share: sourced after PASSED=0 FAILED=0. Each counts one
# result and prints one line; summary prints the "N passed, M failed" line CI reads.
# shellcheck shell=bash

log() { printf '[e2e %s] %s\n' "$(date +%H:%M:%S)" "$*"; }

pass() {
  PASSED=$((PASSED + 1))
  printf '  ok   %s\n' "$1"
}

fail() {
  FAILED=$((FAILED + 1))
  printf '  FAIL %s\n' "$1"
  [ -z "${2:-}" ] || printf '       %s\n' "$2"
}

# check NAME COMMAND...: one assertion
check() {
  local name=$1
  shift
  if "$@"; then pass "$name"; else fail "$name"; fi
}

# expect_eq NAME EXPECTED ACTUAL
expect_eq() {
  if [ "$2" = "$3" ]; then pass "$1"; else fail "$1" "expected '$2', got '$3'"; fi
}

# expect_match NAME ERE TEXT
expect_match() {
  if grep -Eq -- "$2" <<<"$3"; then
    pass "$1"
  else
    fail "$1" "no match for /$2/ in: $(printf '%s' "$3" | head -c 600)"
  fi
}

# expect_no_match NAME ERE TEXT
expect_no_match() {
  if grep -Eq -- "$2" <<<"$3"; then
    fail "$1" "unexpected /$2/ in: $(printf '%s' "$3" | head -c 600)"
  else
    pass "$1"
  fi
}

summary() {
  echo
  echo "$PASSED passed, $FAILED failed"
}
