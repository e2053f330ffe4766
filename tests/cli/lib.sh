# Copyright 2026 The MUGDAT authors
# SPDX-License-Identifier: Apache-2.0
#
# Shared helpers for tests/cli/*.sh: `check NAME CMD...` runs CMD and counts
# it; `summary` prints the closing line and sets the exit status. Each
# script gets a scratch directory $T that is removed at exit.
. "$(dirname "${BASH_SOURCE[0]}")/lib_port.sh"
: "${MUGDAT:?set MUGDAT to the mugdat binary}"
: "${MUGDAT_SRCDIR:=$(cd "$(dirname "$0")/../.." && pwd)}"
: "${MUGDAT_TESTDATA:=$MUGDAT_SRCDIR/../shared}"
n_pass=0
n_fail=0
T=$(mktemp -d /tmp/mugdat-test.XXXXXX)
trap 'rm -rf "$T"' EXIT

check() {
  local name=$1; shift
  if "$@" >"$T/.out" 2>&1; then
    n_pass=$((n_pass + 1))
  else
    n_fail=$((n_fail + 1))
    echo "FAIL: $name"
    sed 's/^/    /' "$T/.out" | head -n 20
  fi
}

# expect_exit CODE CMD...: CMD exits with CODE; its stderr is kept in $T/.err
expect_exit() {
  local code=$1; shift
  "$@" >"$T/.stdout" 2>"$T/.err"
  local rc=$?
  if [ "$rc" -ne "$code" ]; then
    echo "expected exit $code, got $rc: $*"; cat "$T/.err"; return 1
  fi
}

# Number of quads in a store.
n_quads() {
  "$MUGDAT" dump --db "$1" --format nq | wc -l
}

# isomorphic A B: two N-Quads files describe the same dataset.
isomorphic() {
  /usr/bin/python3 - "$1" "$2" <<'PY'
import sys
from rdflib import Dataset
from rdflib.compare import isomorphic, to_isomorphic
def load(p):
    d = Dataset()
    d.parse(p, format="nquads", publicID="urn:x-mugdat-test:default")
    return d
a, b = load(sys.argv[1]), load(sys.argv[2])
ga = {str(g.identifier): g for g in a.graphs() if len(g)}
gb = {str(g.identifier): g for g in b.graphs() if len(g)}
ok = set(ga) == set(gb) and all(isomorphic(ga[k], gb[k]) for k in ga)
sys.exit(0 if ok else 1)
PY
}

summary() {
  echo "$n_pass passed, $n_fail failed"
  [ "$n_fail" -eq 0 ]
}
