#!/usr/bin/env bash
# Copyright 2026 The MUGDAT authors
# SPDX-License-Identifier: Apache-2.0
#
# Differential SPARQL check: bench/diff/diff.py runs every query of
# bench/diff/queries/*.rq (over the hand-written TriG data of
# bench/diff/data/, 30k statements of bench/gen_bioimage and the ingested
# samples of $MUGDAT_TESTDATA/samples) on MUGDAT and on
# Oxigraph (npm package `oxigraph`, pinned by bench/package.json +
# package-lock.json and installed with `npm ci` into bench/node_modules when
# missing) and compares the answers, one check per query. Where Oxigraph is
# wrong by the spec, the query file lists it as a known peer deviation
# (#@deviation with the spec section and the reason) and MUGDAT's answer is
# checked against the hand-verified rows that follow (#@expect / #@row)
# instead. Without node, npm or python3 it says which is missing and counts
# one skip. Prints `N passed, N failed[, N skipped]`.

set -u
MUGDAT=${MUGDAT:?set MUGDAT to the mugdat binary}
SRCDIR=${MUGDAT_SRCDIR:-${1:-$(cd "$(dirname "$0")/../.." && pwd)}}
BUILD=${MUGDAT_BUILDDIR:-$(cd "$(dirname "$MUGDAT")/.." && pwd)}
TESTDATA=${MUGDAT_TESTDATA:-$SRCDIR/../shared}
BENCH=$SRCDIR/bench
GEN=$BUILD/bench/gen_bioimage
skip_all() {
  echo "SKIP: $*" >&2
  echo "0 passed, 0 failed, 1 skipped"
  exit 0
}
command -v python3 >/dev/null 2>&1 || skip_all "python3 is not installed"
command -v node >/dev/null 2>&1 || skip_all "node is not installed (apt-get install nodejs npm)"
if [ ! -f "$BENCH/node_modules/oxigraph/package.json" ]; then
  command -v npm >/dev/null 2>&1 ||
    skip_all "npm is not installed and $BENCH/node_modules is missing (apt-get install npm)"
  log=${TMPDIR:-/tmp}/mugdat-npm-bench.$$.log
  if ! timeout 300 npm ci --prefix "$BENCH" --no-audit --no-fund >"$log" 2>&1; then
    msg=$(tail -n 1 "$log"); rm -f "$log"
    skip_all "npm ci --prefix bench failed (no registry access?): $msg"
  fi
  rm -f "$log"
fi
if [ ! -x "$GEN" ]; then
  (cd "$BUILD" && make bench/gen_bioimage >/dev/null 2>&1)
fi
[ -x "$GEN" ] || { echo "FAIL: $GEN is not built and cannot be made"; echo "0 passed, 1 failed"; exit 1; }

exec python3 "$BENCH/diff/diff.py" --mugdat "$MUGDAT" --gen "$GEN" \
  --node-modules "$BENCH/node_modules" --testdata "$TESTDATA"
