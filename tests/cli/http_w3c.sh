#!/usr/bin/env bash
# Copyright 2026 The MUGDAT authors
# SPDX-License-Identifier: Apache-2.0
#
# W3C SPARQL 1.1 Protocol and Graph Store Protocol (indirect identification)
# suites against `mugdat serve`, one count per W3C test, by
# tests/http/w3c_protocol.py (Python 3 + rdflib). Test data comes from
# ${MUGDAT_TESTDATA:-<srcdir>/../shared}/conformance/sparql11. Needs $MUGDAT
# and $MUGDAT_SRCDIR (or $1). Skips (one skipped) without rdflib or data.

set -u
MUGDAT=${MUGDAT:-./src/mugdat}
SRCDIR=${MUGDAT_SRCDIR:-${1:-$(dirname "$0")/../..}}
DATA=${MUGDAT_TESTDATA:-$SRCDIR/../shared}
PY=/usr/bin/python3
if ! "$PY" -c 'import rdflib' 2>/dev/null ||
   [ ! -f "$DATA/conformance/sparql11/protocol/manifest.ttl" ]; then
  echo "0 passed, 0 failed, 1 skipped"
  exit 0
fi
case "$MUGDAT" in /*) ;; *) MUGDAT="$PWD/$MUGDAT" ;; esac
exec "$PY" "$SRCDIR/tests/http/w3c_protocol.py" "$MUGDAT" "$DATA"
