#!/usr/bin/env bash
# Fuzzes SessionKit's parsers of untrusted input with Jazzer, one target at a time, each for a bounded time.
#
#   scripts/fuzz.sh [MINUTES] [TARGET ...]
#
#   MINUTES  per target (default 10, at most 600)
#   TARGET   Class#method of a @FuzzTest in session-core (default: every one; list them with --list)
#   --seed   after fuzzing, copy each target's generated corpus into its inputs directory, so that every build
#            replays it (src/test/resources/dev/sessionkit/<Class>Inputs/<method>/; commit it)
#
# Each target runs in its own Maven Surefire JVM with JAZZER_FUZZ=1. A finding fails the target, is saved as a
# crash-* file in the target's inputs directory (commit it with the fix: it becomes a regression input) and is
# reported; the other targets still run. The generated corpus is kept in session-core/.cifuzz-corpus (not committed),
# so a later run continues where this one stopped. Prints, per target: executions, seconds, findings.
set -euo pipefail

ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
cd "$ROOT"
TESTS="session-core/src/test/java/dev/sessionkit"
INPUTS="session-core/src/test/resources/dev/sessionkit"
CORPUS="session-core/.cifuzz-corpus"

targets() {
  grep -l '@FuzzTest' "$TESTS"/*.java | while read -r file; do
    class="$(basename "$file" .java)"
    awk -v class="$class" '/@FuzzTest/ {want=1; next} want && /void [a-zA-Z]+\(/ {
      match($0, /void [a-zA-Z]+\(/); print class "#" substr($0, RSTART + 5, RLENGTH - 6); want=0 }' "$file"
  done
}

SEED=0
MINUTES=10
SELECTED=()
for arg in "$@"; do
  case "$arg" in
    --list) targets; exit 0 ;;
    --seed) SEED=1 ;;
    *#*) SELECTED+=("$arg") ;;
    *) [[ "$arg" =~ ^[0-9]+$ ]] && (( arg >= 1 && arg <= 600 )) || { echo "fuzz.sh: bad argument '$arg'" >&2; exit 2; }
       MINUTES="$arg" ;;
  esac
done
(( ${#SELECTED[@]} )) || mapfile -t SELECTED < <(targets)

./mvnw -o -q -B -pl session-core test-compile >/dev/null
LOGS="session-core/target/fuzz"
mkdir -p "$LOGS"
printf '| target | minutes | executions | exec/s | findings |\n|---|---:|---:|---:|---|\n' > "$LOGS/summary.md"
for target in "${SELECTED[@]}"; do
  class="${target%#*}"
  method="${target#*#}"
  log="$LOGS/$class.$method.log"
  echo "== $target: fuzzing for $MINUTES min (log: $log)"
  status=0
  JAZZER_FUZZ=1 JAZZER_MAX_DURATION="${MINUTES}m" timeout $(( MINUTES * 60 + 300 )) \
    ./mvnw -o -B -pl session-core test -Dtest="$target" -Dsurefire.failIfNoSpecifiedTests=false >"$log" 2>&1 \
    || status=$?
  runs="$(grep -Eo 'Done [0-9]+ runs in [0-9]+ second' "$log" | tail -1 | awk '{print $2}')"
  seconds="$(grep -Eo 'Done [0-9]+ runs in [0-9]+ second' "$log" | tail -1 | awk '{print $5}')"
  if [[ -z "$runs" ]]; then # a finding ends the run before libFuzzer's summary
    runs="$(grep -Eo '^#[0-9]+' "$log" | tail -1 | tr -d '#')"
    seconds="$(( MINUTES * 60 ))"
  fi
  findings="none"
  if (( status != 0 )); then
    findings="$(grep -m1 -E 'FuzzTestFindingException|== Java Exception|AssertionError' "$log" | cut -c1-160 || true)"
    findings="${findings:-failed, see $log}"
  fi
  rate=$(( ${runs:-0} / (${seconds:-1} > 0 ? ${seconds:-1} : 1) ))
  printf '| `%s` | %s | %s | %s | %s |\n' "$target" "$MINUTES" "${runs:-?}" "$rate" "$findings" \
    | tee -a "$LOGS/summary.md"
  if (( SEED )) && [[ -d "$CORPUS/dev.sessionkit.$class/$method" ]]; then
    mkdir -p "$INPUTS/${class}Inputs/$method"
    cp -n "$CORPUS/dev.sessionkit.$class/$method"/* "$INPUTS/${class}Inputs/$method/" 2>/dev/null || true
  fi
done
echo
cat "$LOGS/summary.md"
