#!/usr/bin/env bash
# Copyright 2026 The MUGDAT authors
# SPDX-License-Identifier: Apache-2.0
#
# The search page (www/) in a real browser: serves a store of ingested
# samples with --www, then tests/browser/search_page.mjs drives Debian's
# Chromium (/usr/bin/chromium, or $CHROMIUM) through playwright-core
# (pinned by tests/browser/package.json + package-lock.json, installed with
# `npm ci` into tests/browser/node_modules when missing; it never downloads
# a browser): query, counts, suggestions, a facet, a hit's resource view, a
# link in it, back/forward, an active-filter chip that removes its filter,
# guidance when nothing matches, a quoted phrase, an API failure, the SPARQL
# tab, no console errors. Without node, npm or Chromium it says which is missing and counts
# one skip. Prints `N passed, N failed[, N skipped]`.

. "$(dirname "$0")/lib_port.sh"
set -u
MUGDAT=${MUGDAT:?set MUGDAT to the mugdat binary}
SRCDIR=${MUGDAT_SRCDIR:-${1:-$(cd "$(dirname "$0")/../.." && pwd)}}
TESTDATA=${MUGDAT_TESTDATA:-$SRCDIR/../shared}
BROWSER_DIR=$SRCDIR/tests/browser
CHROMIUM=${CHROMIUM:-/usr/bin/chromium}
# A word of the sample data that many resources of different kinds hold
WORD=${MUGDAT_BROWSER_WORD:-microscopy}
skip_all() {
  echo "SKIP: $*" >&2
  echo "0 passed, 0 failed, 1 skipped"
  exit 0
}
command -v node >/dev/null 2>&1 || skip_all "node is not installed (apt-get install nodejs npm)"
[ -x "$CHROMIUM" ] || skip_all "Chromium is not installed at $CHROMIUM (apt-get install chromium)"
if [ ! -f "$BROWSER_DIR/node_modules/playwright-core/package.json" ]; then
  command -v npm >/dev/null 2>&1 || skip_all "npm is not installed and $BROWSER_DIR/node_modules is missing (apt-get install npm)"
  if ! PLAYWRIGHT_SKIP_BROWSER_DOWNLOAD=1 timeout 300 npm ci --prefix "$BROWSER_DIR" --no-audit --no-fund \
      >"${TMPDIR:-/tmp}/mugdat-npm-browser.log" 2>&1; then
    skip_all "npm ci --prefix tests/browser failed (no registry access?): $(tail -n 1 "${TMPDIR:-/tmp}/mugdat-npm-browser.log")"
  fi
fi

T=$(mktemp -d "${TMPDIR:-/tmp}/mugdat-browser.XXXXXX")
SPID=""
cleanup() {
  [ -n "$SPID" ] && kill "$SPID" 2>/dev/null
  wait 2>/dev/null
  rm -rf "$T"
}
trap cleanup EXIT
fail_all() { echo "FAIL: $*"; echo "0 passed, 1 failed"; exit 1; }

S=$TESTDATA/samples
"$MUGDAT" init --db "$T/db" >/dev/null 2>&1 || fail_all "mugdat init"
"$MUGDAT" ingest --db "$T/db" --keep-going \
  "$S/idr/idr0011-study.txt" "$S/idr/idr0036-study.txt" "$S/idr/idr0038-study.txt" \
  "$S/rembi" "$S/ro-crate" "$S/ome-xml" "$S/bids-micr" "$S/arc" \
  >"$T/ingest.log" 2>&1 || { tail -n 5 "$T/ingest.log"; fail_all "ingesting the samples"; }
# A resource whose text is markup: the page must show it as text
cat >"$T/hostile.ttl" <<'EOF'
<http://example.org/hostile> a <https://schema.org/Dataset> ;
  <https://schema.org/name> "Quokkaset <img src=x onerror=\"window.mugdatPwned=1\"> <b>bold</b>" ;
  <https://schema.org/description> "quokka <script>window.mugdatPwned=2</script> &amp; <i>x</i>" .
EOF
"$MUGDAT" load --db "$T/db" --graph urn:mugdat:test:hostile "$T/hostile.ttl" >/dev/null 2>&1 || fail_all "loading hostile.ttl"
for f in "$SRCDIR"/ontologies/*.ttl; do
  [ -f "$f" ] && "$MUGDAT" load --db "$T/db" --graph "urn:mugdat:ontology:$(basename "$f")" "$f" >/dev/null 2>&1
done

"$MUGDAT" serve --db "$T/db" --port 0 --bind 127.0.0.1 --www "$SRCDIR/www" 2>"$T/serve.log" &
SPID=$!
port=$(wait_port "$T/serve.log")
[ -n "$port" ] || { cat "$T/serve.log"; fail_all "the server did not start"; }

cd "$BROWSER_DIR" || fail_all "no $BROWSER_DIR"
# A phrase of the samples whose words also occur apart, in other texts
PHRASE=${MUGDAT_BROWSER_PHRASE:-'"light microscopy"'}
# A word only an IRI of the samples holds (the fly RO-Crate's directory)
IRI_WORD=${MUGDAT_BROWSER_IRI_WORD:-ngff}
CHROMIUM=$CHROMIUM MUGDAT_BROWSER_HOSTILE=quokkaset MUGDAT_BROWSER_PHRASE=$PHRASE \
  MUGDAT_BROWSER_IRI_WORD=$IRI_WORD \
  timeout 600 node search_page.mjs "http://127.0.0.1:$port/" "$WORD"
