#!/usr/bin/env bash
# Copyright 2026 The MUGDAT authors
# SPDX-License-Identifier: Apache-2.0
#
# Runs every test suite of one build and sums their closing lines.
#   tests/run.sh BUILD_DIR [LABEL]
# Suites: BUILD/tests/unit/test_*, BUILD/tests/conformance/run_* (programs),
# SRC/tests/conformance/run_*.sh and SRC/tests/cli/*.sh (scripts). Each ends
# with a line "N passed, N failed[, N skipped]"; a suite without one counts
# as one test, passed if it exited 0. A suite that exits non-zero counts at
# least one failure. Prints one line per suite, then the totals, and exits 1
# if anything failed.
set -u
build=$(cd "${1:?usage: tests/run.sh BUILD_DIR [LABEL]}" && pwd)
label=${2:-}
src=$(cd "$(dirname "$0")/.." && pwd)
export MUGDAT="$build/src/mugdat"
export MUGDAT_SRCDIR="$src"
export MUGDAT_BUILDDIR="$build"
export MUGDAT_TESTDATA="${MUGDAT_TESTDATA:-$src/../shared}"
logdir="$build/test-logs"
mkdir -p "$logdir"
suite_timeout=${MUGDAT_SUITE_TIMEOUT:-1200}

total_p=0 total_f=0 total_s=0
run_suite() {
  local name=$1; shift
  local log="$logdir/$(echo "$name" | tr '/' '_').log"
  local start=$SECONDS
  timeout "$suite_timeout" "$@" >"$log" 2>&1 </dev/null
  local rc=$?
  local line p=0 f=0 s=0
  line=$(grep -E '^([A-Za-z]+: )?[0-9]+ passed, [0-9]+ failed(, [0-9]+ skipped)?$' "$log" | tail -n 1)
  if [ -n "$line" ]; then
    p=$(echo "$line" | sed -E 's/^([A-Za-z]+: )?([0-9]+) passed.*/\2/')
    f=$(echo "$line" | sed -E 's/.* ([0-9]+) failed.*/\1/')
    s=$(echo "$line" | sed -nE 's/.* ([0-9]+) skipped$/\1/p'); s=${s:-0}
    if [ "$rc" -ne 0 ] && [ "$f" -eq 0 ]; then f=1; fi
  elif [ "$rc" -eq 0 ]; then p=1; else f=1; fi
  total_p=$((total_p + p)); total_f=$((total_f + f)); total_s=$((total_s + s))
  printf '%-6s %-44s %5d passed %4d failed %4d skipped  %4ds\n' \
    "$([ "$f" -eq 0 ] && echo ok || echo FAIL)" "$name" "$p" "$f" "$s" $((SECONDS - start))
  if [ "$f" -ne 0 ]; then
    echo "------ last lines of $log ------"; tail -n 25 "$log"; echo "------"
  fi
}

shopt -s nullglob
for t in "$build"/tests/unit/test_*; do
  [ -x "$t" ] && [ -f "$t" ] && run_suite "unit/$(basename "$t")" "$t"
done
for t in "$build"/tests/conformance/run_*; do
  [ -x "$t" ] && [ -f "$t" ] && case "$t" in *.sh|*.o) ;; *) run_suite "conformance/$(basename "$t")" "$t";; esac
done
for t in "$src"/tests/conformance/run_*.sh; do
  run_suite "conformance/$(basename "$t")" bash "$t"
done
for t in "$src"/tests/cli/*.sh; do
  case "$(basename "$t")" in lib*) continue;; esac
  run_suite "cli/$(basename "$t")" bash "$t"
done
echo "${label:+$label: }$total_p passed, $total_f failed, $total_s skipped"
[ "$total_f" -eq 0 ]
