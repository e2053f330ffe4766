#!/usr/bin/env bash
# Copyright 2026 The MUGDAT authors
# SPDX-License-Identifier: Apache-2.0
#
# kill -9 in the middle of a load leaves the store exactly as it was before
# that file; the next open works without repair. Kills at several moments,
# including late ones that may hit the commit; the store must then hold
# either the old data or the old data plus the whole file.
. "$(dirname "$0")/lib.sh"
M=$MUGDAT
D=$T/db
awk 'BEGIN { for (i = 0; i < 1500000; i++)
  printf "<http://example.org/img%d> <http://example.org/p%d> \"value number %d of the big file\" .\n", i, i % 13, i }' >"$T/big.nt"
printf '<http://example.org/base> <http://example.org/p> "before" .\n' >"$T/base.nt"
"$M" init --db "$D" >/dev/null
check "base load" "$M" load --db "$D" "$T/base.nt"
base=$(n_quads "$D")
"$M" dump --db "$D" | sort >"$T/base.dump"
big=$(wc -l <"$T/big.nt")

for delay in 0.2 0.6 1.2 2.5 4; do
  "$M" load --db "$D" "$T/big.nt" >/dev/null 2>&1 &
  pid=$!
  sleep "$delay"
  was_running=0
  kill -0 "$pid" 2>/dev/null && was_running=1
  kill -9 "$pid" 2>/dev/null
  wait "$pid" 2>/dev/null
  n=$(n_quads "$D")
  if [ "$n" -eq "$base" ]; then
    check "kill -9 after ${delay}s: store unchanged" cmp -s "$T/base.dump" <("$M" dump --db "$D" | sort)
  else
    # The load finished before the kill: then all of it must be there.
    check "kill -9 after ${delay}s: the whole file or nothing ($n quads)" test "$n" -eq $((base + big))
    check "reset after a completed load" sh -c "rm -rf '$D' && '$M' init --db '$D' && '$M' load --db '$D' '$T/base.nt'"
  fi
  [ "$delay" = 0.6 ] && check "the load was still running at 0.6s (the test kills mid-load)" test "$was_running" -eq 1
done
check "store opens and loads after the kills" "$M" load --db "$D" "$T/base.nt"
check "a full load after the kills works" "$M" load --db "$D" "$T/big.nt"
check "all quads present" test "$(n_quads "$D")" -eq $((base + big))
summary
