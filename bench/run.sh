#!/bin/bash
# Copyright 2026 The MUGDAT authors
# SPDX-License-Identifier: Apache-2.0
#
# MUGDAT load and query benchmark (make bench; also runnable alone from the
# source or build directory). For each size it generates synthetic
# bioimaging metadata (bench/gen_bioimage), loads it into MUGDAT, Virtuoso
# and Oxigraph, runs bench/queries/*.rq against each, prints tables and
# writes JSON to $BENCH_OUT.
#
# Environment (all optional):
#   BENCH_SIZES     statements per run          (default "1000000 10000000")
#   BENCH_SEED      generator seed              (default 42)
#   BENCH_REPS      timed repetitions per query (default 5, after BENCH_WARMUP)
#   BENCH_WARMUP    warm-up runs per query      (default 1)
#   BENCH_SYSTEMS   subset of "mugdat virtuoso oxigraph"
#   BENCH_QUERIES   0 to skip the query bench
#   BENCH_OUT       results directory           (default <srcdir>/bench/out)
#   BENCH_WORK      scratch for data and stores (default $BENCH_OUT/work)
#   BENCH_KEEP      1 to keep data files and stores afterwards
#   BENCH_QUERY_TIMEOUT  seconds per query run  (default 300)
#   BENCH_VIRTUOSO_BUFFERS  NumberOfBuffers     (default by size)
#   MUGDAT          path to the mugdat binary   (default ./src/mugdat)
#   GEN_BIOIMAGE    path to gen_bioimage        (default: compile it here)
#
# Network: only loopback (Virtuoso on 127.0.0.1), apt-get and npm registries
# for installing the peers.

set -u
set -o pipefail

BENCH_DIR=$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)
SRCDIR=$(cd "$BENCH_DIR/.." && pwd)
SIZES=${BENCH_SIZES:-"1000000 10000000"}
SEED=${BENCH_SEED:-42}
REPS=${BENCH_REPS:-5}
WARMUP=${BENCH_WARMUP:-1}
SYSTEMS=${BENCH_SYSTEMS:-"mugdat virtuoso oxigraph"}
RUN_QUERIES=${BENCH_QUERIES:-1}
OUT=${BENCH_OUT:-$BENCH_DIR/out}
WORK=${BENCH_WORK:-$OUT/work}
QUERY_TIMEOUT=${BENCH_QUERY_TIMEOUT:-300}
QUERY_DIR=$BENCH_DIR/queries

# shellcheck source=bench/virtuoso.sh
. "$BENCH_DIR/virtuoso.sh"

log() { printf 'bench: %s\n' "$*" >&2; }

has_system() { case " $SYSTEMS " in *" $1 "*) return 0 ;; esac; return 1; }

now() { date +%s.%N; }
elapsed() { awk -v a="$1" -v b="$2" 'BEGIN { printf "%.3f", b - a }'; }

json_str() {
  local s=${1//\\/\\\\}
  s=${s//\"/\\\"}
  s=${s//$'\t'/ }
  s=${s//$'\n'/ }
  printf '"%s"' "$s"
}

mkdir -p "$OUT" "$WORK" || exit 3
OUT=$(cd "$OUT" && pwd)
WORK=$(cd "$WORK" && pwd)

cleanup() {
  mugdat_serve_stop
  vt_stop
  if [ "${BENCH_KEEP:-0}" != 1 ]; then
    rm -rf "$WORK"/bioimage-*.nq "$WORK"/mugdat-* "$WORK"/virtuoso-*
  fi
}
trap cleanup EXIT
trap 'exit 130' INT TERM

# --- tools ------------------------------------------------------------------

if [ -z "${MUGDAT:-}" ]; then
  for c in ./src/mugdat "$SRCDIR/src/mugdat"; do
    if [ -x "$c" ]; then MUGDAT=$c; break; fi
  done
fi
MUGDAT=${MUGDAT:-}
if [ -n "$MUGDAT" ] && [ ! -x "$MUGDAT" ]; then
  log "MUGDAT=$MUGDAT is not executable; MUGDAT is skipped"
  MUGDAT=
fi

GEN=${GEN_BIOIMAGE:-}
if [ -z "$GEN" ]; then
  GEN=$WORK/gen_bioimage
  ${CC:-cc} -O2 -std=c11 -D_POSIX_C_SOURCE=200809L -o "$GEN" \
    "$BENCH_DIR/gen_bioimage.c" || { log "cannot compile gen_bioimage"; exit 3; }
fi

TIME_BIN=/usr/bin/time
[ -x "$TIME_BIN" ] || { log "/usr/bin/time is required (Debian: time)"; exit 3; }

HAVE_VIRTUOSO=0
if has_system virtuoso; then
  if vt_ensure_installed; then HAVE_VIRTUOSO=1; else
    log "Virtuoso not available (Debian package virtuoso-opensource); skipped"
  fi
fi

HAVE_OXIGRAPH=0
if has_system oxigraph; then
  if command -v node >/dev/null 2>&1; then
    if [ ! -f "$BENCH_DIR/node_modules/oxigraph/package.json" ] &&
       command -v npm >/dev/null 2>&1; then
      log "installing oxigraph into $BENCH_DIR/node_modules"
      npm ci --prefix "$BENCH_DIR" --no-audit --no-fund >&2 ||
        npm install --prefix "$BENCH_DIR" --no-audit --no-fund >&2 || true
    fi
    [ -f "$BENCH_DIR/node_modules/oxigraph/package.json" ] && HAVE_OXIGRAPH=1
  fi
  [ "$HAVE_OXIGRAPH" = 1 ] || log "Oxigraph (npm) not available; skipped"
fi

MUGDAT_QUERY=0
if [ -n "$MUGDAT" ] && has_system mugdat; then
  if "$MUGDAT" --help 2>&1 | grep -qE '(^|[[:space:]])query([[:space:]]|$)'; then
    MUGDAT_QUERY=1
  fi
fi

is_construct() {
  sed -e 's/#.*//' -e '/^[[:space:]]*PREFIX/Id' "$1" | grep -qiE '^[[:space:]]*CONSTRUCT'
}

# Rows of a result file: TSV minus its header line, or N-Triples lines.
count_rows() {
  local n
  n=$(grep -c '' "$1" 2>/dev/null || echo 0)
  if [ "$2" = graph ]; then echo "$n"; else echo $((n > 0 ? n - 1 : 0)); fi
}

# First value of the first row of a TSV result, bare lexical form.
first_value() {
  sed -n 2p "$1" | cut -f1 | sed -E 's/^"([^"]*)"(\^\^.*|@.*)?$/\1/'
}

disk_bytes() { du -sb "$1" 2>/dev/null | cut -f1; }

# http_query URL FILE.rq OUT ACCEPT: one SPARQL Protocol GET; writes the body
# to OUT and prints curl's total time in seconds. Fails on non-200.
http_query() {
  local code
  code=$(curl -s -G "$1" --data-urlencode "query@$2" -H "Accept: $4" -o "$3" \
    -w '%{http_code} %{time_total}' --max-time "$QUERY_TIMEOUT") || return 1
  [ "${code%% *}" = 200 ] || return 1
  echo "${code#* }"
}

# http_queries SYSTEM URL SIZE RES: warm-up + timed runs of every query.
http_queries() {
  local system=$1 url=$2 size=$3 res=$4
  local q name kind accept o i ms rows first err s
  for q in "$QUERY_DIR"/*.rq; do
    name=$(basename "$q" .rq)
    if is_construct "$q"; then kind=graph; accept=application/n-triples
    else kind=select; accept=text/tab-separated-values; fi
    o=$WORK/$system-$name.out
    err=
    ms=
    for i in $(seq 1 "$WARMUP"); do
      http_query "$url" "$q" "$o" "$accept" > /dev/null ||
        { err="HTTP error: $(head -c 200 "$o" 2>/dev/null)"; break; }
    done
    if [ -z "$err" ]; then
      for i in $(seq 1 "$REPS"); do
        s=$(http_query "$url" "$q" "$o" "$accept") ||
          { err="HTTP error: $(head -c 200 "$o" 2>/dev/null)"; break; }
        ms="$ms${ms:+,}$(awk -v a="$s" 'BEGIN { printf "%.3f", a * 1000 }')"
      done
    fi
    if [ -n "$err" ]; then
      printf '{"kind":"query","system":"%s","size":%s,"query":"%s","error":%s}\n' \
        "$system" "$size" "$name" "$(json_str "$err")" >> "$res"
      continue
    fi
    rows=$(count_rows "$o" "$kind")
    first=null
    if [ "$kind" = select ] && [ "$rows" = 1 ]; then first=$(json_str "$(first_value "$o")"); fi
    printf '{"kind":"query","system":"%s","size":%s,"query":"%s","rows":%s,"first":%s,"ms":[%s]}\n' \
      "$system" "$size" "$name" "$rows" "$first" "$ms" >> "$res"
  done
}

MUGDAT_SERVE_PID=
mugdat_serve_stop() {
  [ -n "$MUGDAT_SERVE_PID" ] || return 0
  kill "$MUGDAT_SERVE_PID" 2>/dev/null || true
  wait "$MUGDAT_SERVE_PID" 2>/dev/null || true
  MUGDAT_SERVE_PID=
}

# --- MUGDAT -----------------------------------------------------------------

mugdat_bench() {
  local size=$1 file=$2 res=$3
  local db=$WORK/mugdat-$size tv=$OUT/mugdat-load-$size.time.txt
  local t0 t1 rc rss
  rm -rf "$db"
  if ! "$MUGDAT" init --db "$db" > "$OUT/mugdat-init-$size.log" 2>&1; then
    log "mugdat init failed (see $OUT/mugdat-init-$size.log)"
    printf '{"kind":"load","system":"mugdat","size":%s,"ok":false,"error":"init failed"}\n' \
      "$size" >> "$res"
    return
  fi
  log "mugdat: loading $size statements"
  t0=$(now)
  "$TIME_BIN" -v -o "$tv" "$MUGDAT" load --db "$db" "$file" \
    > "$OUT/mugdat-load-$size.log" 2>&1
  rc=$?
  t1=$(now)
  rss=$(awk -F': ' '/Maximum resident set size/ {print $2}' "$tv")
  if [ "$rc" != 0 ]; then
    log "mugdat load failed with exit $rc (see $OUT/mugdat-load-$size.log)"
    printf '{"kind":"load","system":"mugdat","size":%s,"ok":false,"error":%s}\n' \
      "$size" "$(json_str "exit $rc: $(tail -c 300 "$OUT/mugdat-load-$size.log")")" \
      >> "$res"
    return
  fi
  # The store's own count, so a load that drops statements shows.
  local n
  n=$("$MUGDAT" stats --db "$db" 2>/dev/null | awk '$1 == "quads" {print $2; exit}')
  printf '{"kind":"load","system":"mugdat","size":%s,"ok":true,"triples":%s,"load_seconds":%s,"peak_rss_kb":%s,"disk_bytes":%s,"note":"wall time and peak RSS of `mugdat load` (/usr/bin/time -v); du -sb of the db dir; triples from `mugdat stats`"}\n' \
    "$size" "${n:-null}" "$(elapsed "$t0" "$t1")" "${rss:-null}" \
    "$(disk_bytes "$db")" >> "$res"

  [ "$RUN_QUERIES" = 1 ] || return
  if [ "$MUGDAT_QUERY" != 1 ]; then
    log "mugdat has no query command yet: queries are n/a"
    return
  fi
  local q name kind fmt o i ms rows first err
  # In-process (`mugdat`): one `mugdat query --repeat` per query runs it
  # WARMUP + REPS times in one process (parse, read txn, evaluation,
  # formatting; answers after the first are formatted and discarded) and
  # prints each run's ms, like Oxigraph's in-process store.query timing.
  local inproc=0
  if "$MUGDAT" query --db "$db" --repeat 1 'ASK {}' > /dev/null 2>&1; then
    inproc=1
  fi
  for q in "$QUERY_DIR"/*.rq; do
    [ "$inproc" = 1 ] || break
    name=$(basename "$q" .rq)
    if is_construct "$q"; then kind=graph; fmt=nt; else kind=select; fmt=tsv; fi
    o=$WORK/mugdat-$name.out
    err=
    timeout "$QUERY_TIMEOUT" "$MUGDAT" query --db "$db" --format "$fmt" \
      --repeat $((WARMUP + REPS)) "@$q" > "$o" 2> "$o.err" \
      || err="exit $?: $(grep -v '^query-' "$o.err" | head -c 200)"
    if [ -z "$err" ]; then
      ms=$(awk -v skip="$WARMUP" '/^query-ms: / {
             n = split($2, a, ","); s = ""
             for (i = skip + 1; i <= n; i++) s = s (s == "" ? "" : ",") a[i]
             print s }' "$o.err")
      [ -n "$ms" ] || err="no timings: $(head -c 200 "$o.err")"
    fi
    if [ -n "$err" ]; then
      printf '{"kind":"query","system":"mugdat","size":%s,"query":"%s","error":%s}\n' \
        "$size" "$name" "$(json_str "$err")" >> "$res"
      continue
    fi
    rows=$(count_rows "$o" "$kind")
    first=null
    if [ "$kind" = select ] && [ "$rows" = 1 ]; then first=$(json_str "$(first_value "$o")"); fi
    printf '{"kind":"query","system":"mugdat","size":%s,"query":"%s","rows":%s,"first":%s,"ms":[%s]}\n' \
      "$size" "$name" "$rows" "$first" "$ms" >> "$res"
  done

  # One `mugdat query` process per run (`mugdat-cli`: start-up, db open).
  for q in "$QUERY_DIR"/*.rq; do
    name=$(basename "$q" .rq)
    if is_construct "$q"; then kind=graph; fmt=nt; else kind=select; fmt=tsv; fi
    o=$WORK/mugdat-$name.out
    err=
    ms=
    for i in $(seq 1 "$WARMUP"); do
      timeout "$QUERY_TIMEOUT" "$MUGDAT" query --db "$db" --format "$fmt" \
        "@$q" > "$o" 2> "$o.err" || { err="exit $?: $(head -c 200 "$o.err")"; break; }
    done
    if [ -z "$err" ]; then
      for i in $(seq 1 "$REPS"); do
        t0=$(now)
        timeout "$QUERY_TIMEOUT" "$MUGDAT" query --db "$db" --format "$fmt" \
          "@$q" > "$o" 2> "$o.err" || { err="exit $?: $(head -c 200 "$o.err")"; break; }
        t1=$(now)
        ms="$ms${ms:+,}$(awk -v a="$t0" -v b="$t1" 'BEGIN { printf "%.3f", (b - a) * 1000 }')"
      done
    fi
    if [ -n "$err" ]; then
      printf '{"kind":"query","system":"mugdat-cli","size":%s,"query":"%s","error":%s}\n' \
        "$size" "$name" "$(json_str "$err")" >> "$res"
      continue
    fi
    rows=$(count_rows "$o" "$kind")
    first=null
    if [ "$kind" = select ] && [ "$rows" = 1 ]; then first=$(json_str "$(first_value "$o")"); fi
    printf '{"kind":"query","system":"mugdat-cli","size":%s,"query":"%s","rows":%s,"first":%s,"ms":[%s]}\n' \
      "$size" "$name" "$rows" "$first" "$ms" >> "$res"
  done

  # The same queries over HTTP (mugdat serve), timed like Virtuoso's with
  # curl, so neither side pays for process start-up.
  if "$MUGDAT" --help 2>&1 | grep -qE '(^|[[:space:]])serve([[:space:]]|$)'; then
    local port=${BENCH_MUGDAT_HTTP_PORT:-28990}
    "$MUGDAT" serve --db "$db" --bind 127.0.0.1 --port "$port" \
      > "$OUT/mugdat-serve-$size.log" 2>&1 &
    MUGDAT_SERVE_PID=$!
    for i in $(seq 1 100); do
      curl -s -o /dev/null "http://127.0.0.1:$port/health" && break
      sleep 0.2
    done
    if curl -s -o /dev/null "http://127.0.0.1:$port/health"; then
      log "mugdat: queries over HTTP (mugdat serve)"
      http_queries mugdat-http "http://127.0.0.1:$port/sparql" "$size" "$res"
    else
      log "mugdat serve did not come up (see $OUT/mugdat-serve-$size.log)"
    fi
    mugdat_serve_stop
  fi
}

# --- Virtuoso ---------------------------------------------------------------

virtuoso_bench() {
  local size=$1 file=$2 res=$3
  local dir=$WORK/virtuoso-$size buffers t0 t1 rss0 disk0 hwm n
  # Buffer pool sized like Virtuoso's RAM table (8 KiB pages): 170000 for a
  # 2 GB budget, 340000 for 4 GB.
  if [ -n "${BENCH_VIRTUOSO_BUFFERS:-}" ]; then buffers=$BENCH_VIRTUOSO_BUFFERS
  elif [ "$size" -le 2000000 ]; then buffers=170000
  else buffers=340000; fi
  log "virtuoso: starting (NumberOfBuffers=$buffers)"
  if ! vt_start "$dir" "$(dirname "$file")" "$buffers"; then
    printf '{"kind":"load","system":"virtuoso","size":%s,"ok":false,"error":"start failed"}\n' \
      "$size" >> "$res"
    return
  fi
  rss0=$(vt_rss_kb)
  disk0=$(disk_bytes "$dir")
  log "virtuoso: loading $size statements"
  t0=$(now)
  if ! vt_load "$file"; then
    log "virtuoso load failed (see $dir/load.out, $dir/virtuoso.log)"
    printf '{"kind":"load","system":"virtuoso","size":%s,"ok":false,"error":"load failed"}\n' \
      "$size" >> "$res"
    cp "$dir/load.out" "$OUT/virtuoso-load-$size.log" 2>/dev/null
    vt_stop
    return
  fi
  t1=$(now)
  hwm=$(vt_hwm_kb)
  n=$(vt_count_graphs "https://example.org/bia/")
  printf '{"kind":"load","system":"virtuoso","size":%s,"ok":true,"triples":%s,"load_seconds":%s,"peak_rss_kb":%s,"rss_kb_empty":%s,"disk_bytes":%s,"disk_bytes_empty":%s,"buffers":%s,"version":%s,"note":"ld_dir+rdf_loader_run()+checkpoint via isql; server VmHWM; du -sb of its db dir"}\n' \
    "$size" "${n:-null}" "$(elapsed "$t0" "$t1")" "${hwm:-null}" "${rss0:-null}" \
    "$(disk_bytes "$dir")" "${disk0:-null}" "$buffers" \
    "$(json_str "$(virtuoso-t -? 2>&1 | grep -m1 -i version)")" >> "$res"

  if [ "$RUN_QUERIES" = 1 ]; then
    http_queries virtuoso "http://127.0.0.1:$VT_HTTP_PORT/sparql" "$size" "$res"
  fi
  vt_stop
}

# --- Oxigraph ---------------------------------------------------------------

oxigraph_bench() {
  local size=$1 file=$2 res=$3
  local js=$BENCH_DIR/oxigraph_bench.mjs tv=$OUT/oxigraph-load-$size.time.txt
  local rc rss
  # Pass 1: load only, so peak RSS is that of the load.
  log "oxigraph: loading $size statements (in-memory store)"
  "$TIME_BIN" -v -o "$tv" node "$js" --file "$file" --format nq \
    > "$WORK/oxigraph-load-$size.json" 2> "$OUT/oxigraph-load-$size.log"
  rc=$?
  rss=$(awk -F': ' '/Maximum resident set size/ {print $2}' "$tv")
  if [ "$rc" != 0 ]; then
    log "oxigraph load failed with exit $rc (see $OUT/oxigraph-load-$size.log)"
    printf '{"kind":"load","system":"oxigraph","size":%s,"ok":false,"error":%s}\n' \
      "$size" "$(json_str "exit $rc: $(tail -c 300 "$OUT/oxigraph-load-$size.log")")" >> "$res"
    return
  fi
  printf '{"kind":"oxigraph","size":%s,"peak_rss_kb":%s,"load":%s}\n' \
    "$size" "${rss:-null}" "$(cat "$WORK/oxigraph-load-$size.json")" >> "$res"

  [ "$RUN_QUERIES" = 1 ] || return
  # Pass 2: load again and run the queries (the store lives in the process).
  log "oxigraph: queries"
  if node "$js" --file "$file" --format nq --queries "$QUERY_DIR" \
       --reps "$REPS" --warmup "$WARMUP" > "$WORK/oxigraph-q-$size.json" \
       2> "$OUT/oxigraph-query-$size.log"; then
    printf '{"kind":"oxigraph_queries","size":%s,"result":%s}\n' \
      "$size" "$(cat "$WORK/oxigraph-q-$size.json")" >> "$res"
  else
    log "oxigraph query run failed (see $OUT/oxigraph-query-$size.log)"
  fi
}

# --- main -------------------------------------------------------------------

# The tree's commit when the run starts (make bench has just built from it).
COMMIT=$(git -C "$SRCDIR" rev-parse --short HEAD 2>/dev/null || echo unknown)
if [ "$COMMIT" != unknown ] && [ -n "$(git -C "$SRCDIR" status --porcelain -- src 2>/dev/null)" ]; then
  COMMIT="$COMMIT+uncommitted-src"
fi

RESULT_FILES=()
for size in $SIZES; do
  res=$OUT/results-$size.jsonl
  : > "$res"
  RESULT_FILES+=("$res")
  file=$WORK/bioimage-$size.nq
  log "generating $size statements (seed $SEED)"
  t0=$(now)
  "$GEN" -n "$size" -s "$SEED" -f nq -o "$file" || { log "generator failed"; exit 3; }
  t1=$(now)
  printf '{"kind":"generate","size":%s,"seed":%s,"seconds":%s,"bytes":%s,"loadavg":%s,"commit":%s}\n' \
    "$size" "$SEED" "$(elapsed "$t0" "$t1")" "$(stat -c %s "$file")" \
    "$(json_str "$(cut -d' ' -f1-3 /proc/loadavg 2>/dev/null)")" \
    "$(json_str "$COMMIT")" \
    >> "$res"

  if has_system mugdat; then
    if [ -n "$MUGDAT" ]; then mugdat_bench "$size" "$file" "$res"
    else log "no mugdat binary (set MUGDAT=...); skipped"; fi
  fi
  [ "$HAVE_VIRTUOSO" = 1 ] && virtuoso_bench "$size" "$file" "$res"
  [ "$HAVE_OXIGRAPH" = 1 ] && oxigraph_bench "$size" "$file" "$res"
  [ "${BENCH_KEEP:-0}" = 1 ] ||
    rm -rf "$file" "$WORK/mugdat-$size" "$WORK/virtuoso-$size" "$WORK"/*.out "$WORK"/*.out.err
done

python3 "$BENCH_DIR/summarize.py" --out "$OUT" "${RESULT_FILES[@]}"
