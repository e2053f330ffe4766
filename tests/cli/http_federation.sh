#!/usr/bin/env bash
# Copyright 2026 The MUGDAT authors
# SPDX-License-Identifier: Apache-2.0
#
# Federation (SERVICE) and the LOAD policy: two `mugdat serve` instances on
# free loopback ports, one querying the other through SERVICE, from the CLI
# (`mugdat query/update --service-allow`) and over HTTP. Endpoints off the
# allow list, userinfo tricks and redirects to other hosts are refused
# WITHOUT a connection: a listener on another loopback port counts the
# connections it sees and must see none. LOAD <file:> only inside
# --load-dir (not /etc/passwd, not through a symlink or ..), LOAD <http:>
# only allow-listed, SILENT honoured, nothing changed on refusal.
#
# Needs $MUGDAT and python3. Prints `N passed, N failed`.

. "$(dirname "$0")/lib_port.sh"
set -u
MUGDAT=${MUGDAT:-./src/mugdat}
T=$(mktemp -d "${TMPDIR:-/tmp}/mugdat-fed.XXXXXX")
pass=0
fail=0
PIDS=()
cleanup() {
  for pid in "${PIDS[@]}"; do
    kill "$pid" 2>/dev/null
  done
  wait 2>/dev/null
  rm -rf "$T"
}
trap cleanup EXIT
ok() { pass=$((pass + 1)); }
bad() { fail=$((fail + 1)); echo "FAIL: $*" >&2; }
check() { local name=$1; shift; if "$@"; then ok; else bad "$name"; fi; }

# start NAME DB ARGS...: start a server, set $B_<NAME> to its base URL
start() {
  local name=$1 db=$2
  shift 2
  "$MUGDAT" serve --db "$db" --port 0 "$@" 2>"$T/$name.log" &
  PIDS+=("$!")
  local port=$(wait_port "$T/$name.log")
  if [ -z "$port" ]; then
    echo "cannot start server $name:" >&2; cat "$T/$name.log" >&2; exit 1
  fi
  eval "B_$name=http://127.0.0.1:$port"
}

# listen NAME [REDIRECT_URL]: a loopback TCP listener that appends one line
# to $T/NAME.conns per connection and answers 302 to REDIRECT_URL (or 500);
# sets $L_<NAME> to its base URL.
listen() {
  local name=$1 redirect=${2:-}
  : >"$T/$name.conns"
  /usr/bin/python3 - "$T/$name.port" "$T/$name.conns" "$redirect" <<'PY' &
import socket, sys
port_file, log, redirect = sys.argv[1], sys.argv[2], sys.argv[3]
s = socket.socket()
s.bind(("127.0.0.1", 0))
s.listen(16)
with open(port_file + ".tmp", "w") as f:
    f.write(str(s.getsockname()[1]))
import os
os.rename(port_file + ".tmp", port_file)
while True:
    c, _ = s.accept()
    with open(log, "a") as f:
        f.write("connection\n")
    c.settimeout(2)
    try:
        c.recv(65536)
        if redirect == "HANG":
            import time
            time.sleep(4)
        elif redirect:
            c.sendall(("HTTP/1.1 302 Found\r\nLocation: %s\r\n"
                       "Content-Length: 0\r\nConnection: close\r\n\r\n"
                       % redirect).encode())
        else:
            c.sendall(b"HTTP/1.1 500 No\r\nContent-Length: 0\r\n"
                      b"Connection: close\r\n\r\n")
    except OSError:
        pass
    c.close()
PY
  PIDS+=("$!")
  for _ in $(seq 1 100); do
    [ -s "$T/$name.port" ] && break
    sleep 0.05
  done
  eval "L_$name=http://127.0.0.1:$(cat "$T/$name.port")"
}
no_conns() { [ ! -s "$T/$1.conns" ]; }
has_conns() { [ -s "$T/$1.conns" ]; }

# q URL QUERY: SPARQL JSON of QUERY at URL into $T/body, code in $CODE
q() {
  CODE=$(curl -s -o "$T/body" -w '%{http_code}' -X POST \
    -H 'Accept: application/sparql-results+json' \
    --data-urlencode "query=$2" "$1/sparql")
}
body_has() { grep -q -- "$1" "$T/body"; }
code_is() { [ "$CODE" = "$1" ]; }
err_has() { grep -q -- "$1" "$T/err"; }
out_has() { grep -q -- "$1" "$T/out"; }
run() { # EXPECTED_EXIT CMD...: output in $T/out, stderr in $T/err
  local want=$1; shift
  "$@" >"$T/out" 2>"$T/err"
  local rc=$?
  [ "$rc" -eq "$want" ] || { echo "exit $rc, wanted $want: $*" >&2; cat "$T/err" >&2; return 1; }
}

P='PREFIX ex: <http://example.org/>'
"$MUGDAT" init --db "$T/a" >/dev/null 2>&1 && "$MUGDAT" init --db "$T/b" >/dev/null 2>&1 \
  || { echo "mugdat init failed" >&2; exit 1; }
"$MUGDAT" update --db "$T/a" "$P INSERT DATA { ex:alice ex:name \"Alice\" . ex:bob ex:name \"Bob\" }" \
  && "$MUGDAT" update --db "$T/b" "$P INSERT DATA { ex:alice ex:age 42 . ex:carol ex:age 7 }" \
  || { echo "cannot fill the stores" >&2; exit 1; }

listen trap
start a "$T/a"
start b "$T/b" --service-allow "$B_a/" --write-token-file <(echo tok)
listen redir "$L_trap/sparql"

JOIN="$P SELECT ?n ?age { ?s ex:age ?age SERVICE <$B_a/sparql> { ?s ex:name ?n } }"

# --- SERVICE over HTTP: b asks a
q "$B_b" "$JOIN"
check "HTTP SERVICE join 200" code_is 200
check "HTTP SERVICE join has Alice" body_has '"Alice"'
check "HTTP SERVICE join has 42" body_has '"42"'
check "HTTP SERVICE join drops Bob (no age)" eval '! body_has Bob'
check "HTTP SERVICE join one row" test "$(grep -o '"n"' "$T/body" | wc -l)" -eq 2
check "a saw the sub-query" grep -q 'POST /sparql' "$T/a.log"

# --- SERVICE from the CLI
check "CLI SERVICE join" run 0 "$MUGDAT" query --db "$T/b" --service-allow "$B_a/" --format csv "$JOIN"
check "CLI SERVICE join result" grep -q '^Alice,42' "$T/out"
check "CLI SERVICE without allow list is refused" run 1 "$MUGDAT" query --db "$T/b" "$JOIN"
check "CLI refusal says why" err_has 'allow list'
check "CLI SERVICE in an update" run 0 "$MUGDAT" update --db "$T/b" --service-allow "$B_a/" \
  "$P INSERT { ?s ex:copied ?n } WHERE { SERVICE <$B_a/sparql> { ?s ex:name ?n } }"
check "update copied both names" run 0 "$MUGDAT" query --db "$T/b" --format csv "$P SELECT ?n { ?s ex:copied ?n } ORDER BY ?n"
check "update copied Alice and Bob" test "$(tr -d '\r' <"$T/out" | tr '\n' ' ')" = "n Alice Bob "

# --- refusals without a connection
TRAPQ="SELECT * { SERVICE <$L_trap/sparql> { ?s ?p ?o } }"
check "CLI off-list endpoint refused" run 1 "$MUGDAT" query --db "$T/b" --service-allow "$B_a/" "$TRAPQ"
check "CLI off-list message" err_has 'not on the service allow list'
q "$B_b" "$TRAPQ"
check "HTTP off-list endpoint 4xx" test "$CODE" -ge 400 -a "$CODE" -lt 500
check "HTTP off-list message" body_has 'allow list'
q "$B_b" "SELECT * { SERVICE SILENT <$L_trap/sparql> { ?s ?p ?o } }"
check "HTTP SERVICE SILENT off-list 200" code_is 200
check "HTTP SERVICE SILENT gives one empty solution" eval 'tr -d " \n" <"$T/body" | grep -q "\"bindings\":\[{}\]"'
check "CLI SERVICE SILENT off-list" run 0 "$MUGDAT" query --db "$T/b" "SELECT * { SERVICE SILENT <$L_trap/sparql> { ?s ?p ?o } }"
check "CLI SERVICE SILENT prints no error" test ! -s "$T/err"
PORT_A=${B_a##*:}
check "userinfo trick refused" run 1 "$MUGDAT" query --db "$T/b" --service-allow "http://127.0.0.1:$PORT_A" \
  "SELECT * { SERVICE <http://127.0.0.1:$PORT_A@127.0.0.1:${L_trap##*:}/sparql> { ?s ?p ?o } }"
check "prefix without slash still matches its own host" run 0 "$MUGDAT" query --db "$T/b" \
  --service-allow "http://127.0.0.1:$PORT_A" "$JOIN"
check "file: endpoint refused" run 1 "$MUGDAT" query --db "$T/b" --service-allow "$B_a/" \
  "SELECT * { SERVICE <file:///etc/passwd> { ?s ?p ?o } }"
check "the trap listener saw no connection" no_conns trap

# --- a redirect to an endpoint off the list is not followed
check "redirect off the list refused" run 1 "$MUGDAT" query --db "$T/b" --service-allow "$L_redir/" \
  "SELECT * { SERVICE <$L_redir/sparql> { ?s ?p ?o } }"
check "redirect refusal message" err_has 'redirects to'
check "the redirector was asked" has_conns redir
check "the redirect target saw no connection" no_conns trap

# --- an allowed endpoint that fails: error, or empty under SILENT
check "failing endpoint is an error" run 1 "$MUGDAT" query --db "$T/b" --service-allow "$L_trap/" "$TRAPQ"
check "failing endpoint message" err_has 'HTTP 500'
check "failing endpoint SILENT" run 0 "$MUGDAT" query --db "$T/b" --service-allow "$L_trap/" \
  "SELECT * { SERVICE SILENT <$L_trap/sparql> { ?s ?p ?o } }"
: >"$T/trap.conns"

# --- time and size limits
listen hang HANG
HANGQ="SELECT * { SERVICE <$L_hang/sparql> { ?s ?p ?o } }"
t0=$(date +%s%N)
check "slow endpoint times out" run 1 "$MUGDAT" query --db "$T/b" --service-allow "$L_hang/" \
  --service-timeout-ms 300 "$HANGQ"
t1=$(date +%s%N)
check "timeout message" err_has 'time limit'
check "timeout came quickly" test $(( (t1 - t0) / 1000000 )) -lt 3000
check "slow endpoint SILENT" run 0 "$MUGDAT" query --db "$T/b" --service-allow "$L_hang/" \
  --service-timeout-ms 300 "SELECT * { SERVICE SILENT <$L_hang/sparql> { ?s ?p ?o } }"
check "answer over --service-max-bytes refused" run 1 "$MUGDAT" query --db "$T/b" --service-allow "$B_a/" \
  --service-max-bytes 40 "$JOIN"
check "size limit message" err_has 'larger than 40 bytes'
check "bad --service-timeout-ms is a usage error" run 2 "$MUGDAT" query --db "$T/b" \
  --service-timeout-ms x "$JOIN"

# --- LOAD policy (CLI)
mkdir -p "$T/in" "$T/out-dir"
printf '<http://example.org/f> <http://example.org/p> "in" .\n' >"$T/in/ok.nt"
printf '<http://example.org/f> <http://example.org/p> "secret" .\n' >"$T/out-dir/secret.nt"
ln -s "$T/out-dir/secret.nt" "$T/in/link.nt"
ln -s /etc/passwd "$T/in/passwd.nt"
count() { "$MUGDAT" query --db "$T/b" --format csv 'SELECT (COUNT(*) AS ?n) { GRAPH ?g { ?s ?p ?o } }' | tail -n 1 | tr -d '\r'; }
N0=$(count)
check "LOAD file inside --load-dir" run 0 "$MUGDAT" update --db "$T/b" --load-dir "$T/in" \
  "LOAD <file://$T/in/ok.nt> INTO GRAPH <http://example.org/lg>"
check "LOAD added one quad" test "$(count)" -eq $((N0 + 1))
N1=$(count)
check "LOAD without --load-dir refused" run 1 "$MUGDAT" update --db "$T/b" "LOAD <file://$T/in/ok.nt>"
check "LOAD refusal message" err_has 'load-dir'
check "LOAD /etc/passwd refused" run 1 "$MUGDAT" update --db "$T/b" --load-dir "$T/in" "LOAD <file:///etc/passwd>"
check "LOAD symlink escape refused" run 1 "$MUGDAT" update --db "$T/b" --load-dir "$T/in" "LOAD <file://$T/in/link.nt>"
check "LOAD symlink to /etc/passwd refused" run 1 "$MUGDAT" update --db "$T/b" --load-dir "$T/in" "LOAD <file://$T/in/passwd.nt>"
check "LOAD .. escape refused" run 1 "$MUGDAT" update --db "$T/b" --load-dir "$T/in" "LOAD <file://$T/in/../out-dir/secret.nt>"
check "LOAD %2e%2e escape refused" run 1 "$MUGDAT" update --db "$T/b" --load-dir "$T/in" "LOAD <file://$T/in/%2e%2e/out-dir/secret.nt>"
check "LOAD SILENT refused succeeds quietly" run 0 "$MUGDAT" update --db "$T/b" --load-dir "$T/in" "LOAD SILENT <file:///etc/passwd>"
check "LOAD SILENT prints nothing" test ! -s "$T/err"
check "refused LOAD in a request changes nothing" run 1 "$MUGDAT" update --db "$T/b" --load-dir "$T/in" \
  "$P INSERT DATA { ex:z ex:p 9 } ; LOAD <file:///etc/passwd>"
printf '<http://example.org/f> <http://example.org/p> "partial" .\n<http://example.org/f> <http://example.org/p> broken\n' >"$T/in/bad.nt"
check "LOAD of a broken file fails" run 1 "$MUGDAT" update --db "$T/b" --load-dir "$T/in" "LOAD <file://$T/in/bad.nt>"
check "LOAD error names the line" err_has 'bad.nt:2:'
check "LOAD SILENT of a broken file succeeds" run 0 "$MUGDAT" update --db "$T/b" --load-dir "$T/in" \
  "$P LOAD SILENT <file://$T/in/bad.nt> ; INSERT DATA { ex:after ex:p 1 }"
check "... and loaded none of it" eval '! "$MUGDAT" dump --db "$T/b" --format nq | grep -q partial'
check "... while the rest of the request ran" eval '"$MUGDAT" dump --db "$T/b" --format nq | grep -q after'
"$MUGDAT" update --db "$T/b" "$P DELETE DATA { ex:after ex:p 1 }"
check "nothing changed by refused LOADs" test "$(count)" -eq "$N1"
check "no secret loaded" eval '! "$MUGDAT" dump --db "$T/b" --format nq | grep -q secret'
check "LOAD of an off-list URL refused" run 1 "$MUGDAT" update --db "$T/b" "LOAD <$L_trap/x.ttl>"
check "LOAD off-list: no connection" no_conns trap
curl -s -o /dev/null -X PUT -H 'Authorization: Bearer tok' -H 'Content-Type: text/turtle' \
  --data-binary '<http://example.org/r> <http://example.org/p> "remote" .' "$B_b/data?graph=http://example.org/src" \
  || true
check "LOAD of an allow-listed URL (Graph Store GET)" run 0 "$MUGDAT" update --db "$T/a" --service-allow "$B_b/" \
  "LOAD <$B_b/data?graph=http://example.org/src> INTO GRAPH <http://example.org/fetched>"
check "LOADed remote triple is there" run 0 "$MUGDAT" query --db "$T/a" --format csv \
  'SELECT ?o { GRAPH <http://example.org/fetched> { ?s ?p ?o } }'
check "LOADed remote content" out_has remote

# --- LOAD over HTTP follows the server's policy (b has no --load-dir)
CODE=$(curl -s -o "$T/body" -w '%{http_code}' -X POST -H 'Authorization: Bearer tok' \
  --data-urlencode "update=LOAD <file://$T/in/ok.nt>" "$B_b/sparql")
check "HTTP LOAD file without --load-dir refused" test "$CODE" -ge 400 -a "$CODE" -lt 500
CODE=$(curl -s -o "$T/body" -w '%{http_code}' -X POST -H 'Authorization: Bearer tok' \
  --data-urlencode "update=LOAD <$B_a/data?default> INTO GRAPH <http://example.org/viahttp>" "$B_b/sparql")
check "HTTP LOAD of an allow-listed URL" code_is 204
check "HTTP LOAD put data there" run 0 "$MUGDAT" query --db "$T/b" --format csv \
  'ASK { GRAPH <http://example.org/viahttp> { ?s ?p "Alice" } }'
check "HTTP LOAD data is Alice" out_has true
check "still no connection to the trap" no_conns trap

echo "$pass passed, $fail failed"
[ "$fail" -eq 0 ]
