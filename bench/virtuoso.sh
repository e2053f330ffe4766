# Copyright 2026 The MUGDAT authors
# SPDX-License-Identifier: Apache-2.0
#
# Virtuoso peer for bench/run.sh (sourced, not run). Starts a private
# Virtuoso Open Source 7 instance with its own generated virtuoso.ini in a
# temporary directory, bound to 127.0.0.1 on non-default ports, bulk loads a
# file with ld_dir + rdf_loader_run(), and answers SPARQL over HTTP /sparql.
#
# Functions: vt_ensure_installed, vt_start DIR DATA_DIR BUFFERS, vt_load FILE,
# vt_count_graphs PREFIX, vt_rss_kb, vt_hwm_kb, vt_stop. Queries go to
# http://127.0.0.1:$VT_HTTP_PORT/sparql (run.sh's http_queries).

VT_SQL_PORT=${BENCH_VIRTUOSO_SQL_PORT:-21111}
VT_HTTP_PORT=${BENCH_VIRTUOSO_HTTP_PORT:-28890}
VT_DIR=
VT_PID=

vt_isql_bin() {
  if command -v isql-vt >/dev/null 2>&1; then
    echo isql-vt
  elif command -v isql-v >/dev/null 2>&1; then
    echo isql-v
  else
    echo ""
  fi
}

# Installs the Debian package when missing and we are root; returns 1 if
# Virtuoso is still unavailable.
vt_ensure_installed() {
  if ! command -v virtuoso-t >/dev/null 2>&1 && [ "$(id -u)" = 0 ] &&
     command -v apt-get >/dev/null 2>&1; then
    echo "bench: installing virtuoso-opensource with apt-get" >&2
    DEBIAN_FRONTEND=noninteractive apt-get install -y -q \
      virtuoso-opensource >&2 || true
  fi
  command -v virtuoso-t >/dev/null 2>&1 && [ -n "$(vt_isql_bin)" ]
}

vt_isql() {
  "$(vt_isql_bin)" "127.0.0.1:$VT_SQL_PORT" dba dba "$@"
}

# vt_start DIR DATA_DIR BUFFERS: a fresh database in DIR. DATA_DIR is where
# the load files live (must be in DirsAllowed). BUFFERS is NumberOfBuffers
# (8 KiB pages); Virtuoso's own guidance is about 2/3 of the RAM given to it.
vt_start() {
  VT_DIR=$1
  local data_dir=$2 buffers=$3
  local dirty=$((buffers * 3 / 4))
  local vsp=/var/lib/virtuoso-opensource-7/vsp
  [ -d "$vsp" ] || vsp=$VT_DIR
  rm -rf "$VT_DIR"
  mkdir -p "$VT_DIR"
  cat > "$VT_DIR/virtuoso.ini" <<EOF
[Database]
DatabaseFile       = $VT_DIR/virtuoso.db
ErrorLogFile       = $VT_DIR/virtuoso.log
LockFile           = $VT_DIR/virtuoso.lck
TransactionFile    = $VT_DIR/virtuoso.trx
xa_persistent_file = $VT_DIR/virtuoso.pxa
ErrorLogLevel      = 7
FileExtend         = 200
MaxCheckpointRemap = 2000
Striping           = 0
TempStorage        = TempDatabase
[TempDatabase]
DatabaseFile       = $VT_DIR/virtuoso-temp.db
TransactionFile    = $VT_DIR/virtuoso-temp.trx
MaxCheckpointRemap = 2000
Striping           = 0
[Parameters]
ServerPort           = 127.0.0.1:$VT_SQL_PORT
DisableUnixSocket    = 1
DisableTcpSocket     = 0
MaxClientConnections = 10
CheckpointInterval   = 0
O_DIRECT             = 0
CaseMode             = 2
MaxStaticCursorRows  = 5000
AllowOSCalls         = 0
DirsAllowed          = ., $data_dir, /usr/share/virtuoso-opensource-7/vad
NumberOfBuffers      = $buffers
MaxDirtyBuffers      = $dirty
MaxQueryMem          = 2G
ThreadsPerQuery      = 2
[HTTPServer]
ServerPort           = 127.0.0.1:$VT_HTTP_PORT
ServerRoot           = $vsp
MaxClientConnections = 4
ServerThreads        = 4
EnabledGzipContent   = 0
[SPARQL]
ResultSetMaxRows           = 100000000
MaxQueryCostEstimationTime = 0
MaxQueryExecutionTime      = 0
EOF
  virtuoso-t +configfile "$VT_DIR/virtuoso.ini" +foreground \
    > "$VT_DIR/stdout" 2>&1 &
  VT_PID=$!
  local i
  for i in $(seq 1 240); do
    if ! kill -0 "$VT_PID" 2>/dev/null; then
      echo "bench: virtuoso exited during start; see $VT_DIR/virtuoso.log" >&2
      VT_PID=
      return 1
    fi
    if vt_isql exec="select 1;" >/dev/null 2>&1 &&
       curl -s -o /dev/null "http://127.0.0.1:$VT_HTTP_PORT/sparql"; then
      return 0
    fi
    sleep 0.5
  done
  echo "bench: virtuoso did not come up in 120 s" >&2
  vt_stop
  return 1
}

# vt_load FILE: bulk load (graph IRIs from the N-Quads; N-Triples go to
# urn:bench:default), then a checkpoint so the data is on disk. Fails if the
# loader recorded an error.
vt_load() {
  local file=$1
  local dir base errs
  dir=$(cd "$(dirname "$file")" && pwd)
  base=$(basename "$file")
  vt_isql exec="ld_dir('$dir', '$base', 'urn:bench:default'); rdf_loader_run(); checkpoint;" \
    > "$VT_DIR/load.out" 2>&1 || return 1
  errs=$(vt_isql exec="select count(*) from DB.DBA.LOAD_LIST where ll_error is not null;" \
    2>/dev/null | awk '/^[0-9]+$/ {print; exit}')
  [ "${errs:-1}" = 0 ]
}

# vt_count_graphs PREFIX: statements in graphs whose IRI starts with PREFIX
# (the default graph also holds Virtuoso's own system triples).
vt_count_graphs() {
  curl -s -G "http://127.0.0.1:$VT_HTTP_PORT/sparql" \
    --data-urlencode "query=SELECT (COUNT(*) AS ?n) WHERE { GRAPH ?g { ?s ?p ?o } FILTER(STRSTARTS(STR(?g), \"$1\")) }" \
    -H 'Accept: text/tab-separated-values' | sed -n 2p
}

vt_rss_kb() {
  awk '/^VmRSS:/ {print $2}' "/proc/$VT_PID/status" 2>/dev/null
}

vt_hwm_kb() {
  awk '/^VmHWM:/ {print $2}' "/proc/$VT_PID/status" 2>/dev/null
}

# Stops the instance this script started (by its pid only).
vt_stop() {
  [ -n "$VT_PID" ] || return 0
  vt_isql exec="shutdown;" >/dev/null 2>&1 || true
  local i
  for i in $(seq 1 60); do
    kill -0 "$VT_PID" 2>/dev/null || break
    sleep 0.5
  done
  if kill -0 "$VT_PID" 2>/dev/null; then
    kill "$VT_PID" 2>/dev/null || true
    sleep 1
  fi
  wait "$VT_PID" 2>/dev/null || true
  VT_PID=
}
