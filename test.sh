#!/usr/bin/env bash
# Copyright 2026 The MUGDAT authors
# SPDX-License-Identifier: Apache-2.0
#
# Command 2 of the README: install what is needed, build, run every test
# suite twice (plain build, then ASan+UBSan build) and end with one line
# "N passed, N failed, N skipped" counting every test of every suite.
set -u
cd "$(dirname "$0")"
bash scripts/deps.sh --test || exit 1
fail() { echo "$1"; echo "0 passed, 1 failed"; exit 1; }
bash scripts/build.sh build || fail "build failed"
bash scripts/build.sh build-asan --enable-sanitizers || fail "sanitizer build failed"
# libFuzzer targets (clang): each runs FUZZ_SECONDS (default 20) in CI.
CC=clang MGD_BUILD_CHECK=0 bash scripts/build.sh build-fuzz --enable-fuzzing \
  CFLAGS="-g -O1 -fsanitize=fuzzer-no-link,address,undefined" || fail "fuzz build failed"
out=$(mktemp)
bash tests/run.sh build plain | tee "$out"
export ASAN_OPTIONS=detect_leaks=1:abort_on_error=1
export LSAN_OPTIONS="suppressions=$PWD/tests/lsan.supp:print_suppressions=0"
export UBSAN_OPTIONS=print_stacktrace=1:halt_on_error=1
bash tests/run.sh build-asan sanitizers | tee -a "$out"
unset ASAN_OPTIONS UBSAN_OPTIONS LSAN_OPTIONS
bash tests/fuzz/run_fuzz.sh build-fuzz | sed '$ s/^/fuzz: /' | tee -a "$out"
sum() {
  local v
  v=$(grep -E "^$1: [0-9]+ passed" "$out" | tail -n1 |
      sed -E "s/^$1: ([0-9]+) passed, ([0-9]+) failed(, ([0-9]+) skipped)?/\\1 \\2 \\4/" |
      awk -v k="$2" '{print ($k == "" ? 0 : $k)}')
  echo "${v:-0}"
}
p=$(( $(sum plain 1) + $(sum sanitizers 1) + $(sum fuzz 1) ))
f=$(( $(sum plain 2) + $(sum sanitizers 2) + $(sum fuzz 2) ))
s=$(( $(sum plain 3) + $(sum sanitizers 3) ))
rm -f "$out"
echo "$p passed, $f failed, $s skipped"
[ "$f" -eq 0 ]
