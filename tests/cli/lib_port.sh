# Copyright 2026 The MUGDAT authors
# SPDX-License-Identifier: Apache-2.0
#
# wait_port LOG: wait up to 30 s (a sanitizer build starts slowly) for
# `mugdat serve --port 0` to write its "listening on" line to LOG, then
# print the port it picked (nothing if it never did).
wait_port() {
  local p="" i
  for i in $(seq 1 300); do
    p=$(sed -n 's|^mugdat: listening on http://127\.0\.0\.1:\([0-9]*\)/.*|\1|p' "$1" 2>/dev/null)
    [ -n "$p" ] && break
    sleep 0.1
  done
  echo "$p"
}
