#!/bin/bash
# Copyright 2026 The MUGDAT authors
# SPDX-License-Identifier: Apache-2.0
#
# MUGDAT secondary benchmarks (make bench-extra; also runnable alone). See
# bench/extra/README.md. Sections (BX_SECTIONS, default all):
#   jsonld  JSON-LD -> RDF of a ~100 MB RO-Crate: `mugdat load --format
#           jsonld`, parse-only (bench/extra/jsonld_count) vs jsonld.js toRDF
#   omexml  `mugdat ingest` of a 10,000-image OME-XML plate and of 1/10 of it,
#           and the ingester alone into a counting sink (ome_count)
#   shacl   `mugdat validate --db` vs shacl-engine on the 1M-statement
#           gen_bioimage dataset, every shapes/*.ttl
#   mmds    `mugdat ingest` of BIDS-microscopy trees of several sizes
#           (tests/data/gen_mmds.sh), and the ingester alone (mmds_count)
# Peers and MUGDAT run interleaved, BX_REPS times each; tables show medians.
# Raw records: $BX_OUT/extra-raw-<time>.jsonl; summaries: $BX_OUT/extra-<section>.json.
#
# Environment (all optional):
#   BX_SECTIONS      subset of "jsonld omexml shacl mmds"
#   BX_REPS          repetitions (default 3)
#   BX_JSONLD_IMAGES images in the RO-Crate (default 100000: ~101 MB)
#   BX_OME_IMAGES    images on the plate (default 10000: ~179 MB)
#   BX_SHACL_N       gen_bioimage statements (default 1000000)
#   BX_MMDS_IMAGES   BIDS images per tree, a list (default "10000 50000 100000":
#                    20,003 / 100,003 / 200,003 files with sidecars)
#   BX_OUT           results directory (default <srcdir>/bench/out)
#   BX_WORK          scratch (default $BX_OUT/work-extra)
#   BX_KEEP          1 to keep generated data and stores
#   BX_NODE_HEAP_MB  node --max-old-space-size (default 16000)
#   MUGDAT           mugdat binary (default ./src/mugdat)
#   GEN_BIOIMAGE     bench/gen_bioimage binary (default ./bench/gen_bioimage)
#   MGD_BUILDDIR     build dir holding src/libmgd_*.a (jsonld_count, mmds_count)
#   MGD_EXT_LIBS     link flags of the external libraries (from make)
#   CC, BX_CFLAGS    compiler for the generators, jsonld_count and mmds_count
#
# Network: none, except the npm registry when bench/extra/node_modules is
# missing (npm ci --prefix bench/extra).

set -u
set -o pipefail

BX_DIR=$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)
SRCDIR=$(cd "$BX_DIR/../.." && pwd)
SECTIONS=${BX_SECTIONS:-"jsonld omexml shacl mmds"}
REPS=${BX_REPS:-3}
OUT=${BX_OUT:-$SRCDIR/bench/out}
WORK=${BX_WORK:-$OUT/work-extra}
HEAP=${BX_NODE_HEAP_MB:-16000}
CC=${CC:-cc}
CFLAGS_GEN="-O2 -std=c11 -D_POSIX_C_SOURCE=200809L -D_DEFAULT_SOURCE"

log() { printf 'bench-extra: %s\n' "$*" >&2; }
has_section() { case " $SECTIONS " in *" $1 "*) return 0 ;; esac; return 1; }

mkdir -p "$OUT" "$WORK" || exit 3
OUT=$(cd "$OUT" && pwd)
WORK=$(cd "$WORK" && pwd)
RAW=$OUT/extra-raw-$(date -u +%Y%m%dT%H%M%SZ).jsonl
: > "$RAW"

cleanup() {
  if [ "${BX_KEEP:-0}" != 1 ]; then
    rm -rf "$WORK"/db-* "$WORK"/*.jsonld "$WORK"/*.ome.xml "$WORK"/*.nq \
      "$WORK"/mmds-* "$WORK"/out.* "$WORK"/err.* "$WORK"/time.*
  fi
}
trap cleanup EXIT
trap 'exit 130' INT TERM

# --- tools ------------------------------------------------------------------

MUGDAT=${MUGDAT:-./src/mugdat}
[ -x "$MUGDAT" ] || MUGDAT=$SRCDIR/build/src/mugdat
[ -x "$MUGDAT" ] || { log "no mugdat binary (set MUGDAT)"; exit 3; }
MUGDAT=$(cd "$(dirname "$MUGDAT")" && pwd)/$(basename "$MUGDAT")
GEN_BIOIMAGE=${GEN_BIOIMAGE:-$(dirname "$MUGDAT")/../bench/gen_bioimage}
TIME_BIN=/usr/bin/time
[ -x "$TIME_BIN" ] || { log "/usr/bin/time is required (Debian: time)"; exit 3; }
command -v python3 > /dev/null || { log "python3 is required"; exit 3; }
export MUGDAT_SRCDIR=$SRCDIR

for g in gen_rocrate gen_omexml; do
  "$CC" $CFLAGS_GEN ${BX_CFLAGS:-} -o "$WORK/$g" "$BX_DIR/$g.c" ||
    { log "cannot compile $g"; exit 3; }
done

HAVE_NODE=0
if command -v node > /dev/null 2>&1; then
  if [ ! -f "$BX_DIR/node_modules/jsonld/package.json" ] ||
     [ ! -f "$BX_DIR/node_modules/shacl-engine/package.json" ]; then
    if command -v npm > /dev/null 2>&1; then
      log "installing jsonld, shacl-engine, n3 into $BX_DIR/node_modules"
      npm ci --prefix "$BX_DIR" --no-audit --no-fund >&2 ||
        npm install --prefix "$BX_DIR" --no-audit --no-fund >&2 || true
    fi
  fi
  [ -f "$BX_DIR/node_modules/jsonld/package.json" ] &&
    [ -f "$BX_DIR/node_modules/shacl-engine/package.json" ] && HAVE_NODE=1
fi
[ "$HAVE_NODE" = 1 ] || log "node/npm peers not available: MUGDAT figures only"

COMMIT=$(git -C "$SRCDIR" rev-parse --short HEAD 2>/dev/null || echo unknown)

# --- measuring ----------------------------------------------------------------

# measure OUTFILE CMD...: runs CMD under /usr/bin/time with stdout to OUTFILE
# and stderr to $WORK/err.last, sampling the child's RssAnon (heap, not the
# file-backed pages of LMDB's map that peak RSS also counts) every 0.1 s.
# Exit status M_RC_OK (default 0) is not reported as a failure.
# Sets M_RC, M_WALL (s), M_CPU (user+sys s), M_RSS (KB), M_ANON (KB), M_LOAD
# (1-min load). On a busy host CPU time is the steadier figure: wall time
# then mostly measures the share of a CPU the process got.
measure() {
  local out=$1
  shift
  local tf=$WORK/time.last
  M_LOAD=$(cut -d' ' -f1 /proc/loadavg)
  "$TIME_BIN" -f '%e %M %U %S' -o "$tf" "$@" > "$out" 2> "$WORK/err.last" &
  local tp=$! cp= anon=0 k v rest
  while kill -0 "$tp" 2> /dev/null; do
    if [ -z "$cp" ]; then cp=$(pgrep -P "$tp" | head -n1); fi
    if [ -n "$cp" ] && [ -r "/proc/$cp/status" ]; then
      while read -r k v rest; do
        if [ "$k" = RssAnon: ]; then
          [ "$v" -gt "$anon" ] && anon=$v
          break
        fi
      done < "/proc/$cp/status" 2> /dev/null
    fi
    sleep 0.1
  done
  wait "$tp"
  M_RC=$?
  local u sy
  read -r M_WALL M_RSS u sy < <(tail -n1 "$tf")
  M_CPU=$(awk -v a="$u" -v b="$sy" 'BEGIN { printf "%.2f", a + b }')
  M_ANON=$anon
  if [ "$M_RC" != 0 ] && [ "$M_RC" != "${M_RC_OK:-0}" ]; then
    log "exit $M_RC: $*"
    sed 's/^/  /' "$WORK/err.last" | tail -n5 >&2
  fi
}

# record SECTION SYSTEM REP EXTRA_JSON_FIELDS: one raw line for the last measure.
record() {
  printf '{"section":"%s","system":"%s","rep":%s,"rc":%s,"wall_s":%s,"cpu_s":%s,"max_rss_kb":%s,"anon_peak_kb":%s,"load1":%s%s}\n' \
    "$1" "$2" "$3" "$M_RC" "$M_WALL" "$M_CPU" "$M_RSS" "$M_ANON" "$M_LOAD" "${4:+,$4}" >> "$RAW"
}

# JSON value of KEY in the first line of FILE that has it (numbers, bools).
json_get() { python3 -c 'import json,sys
for l in open(sys.argv[1]):
    try: d = json.loads(l)
    except ValueError: continue
    if sys.argv[2] in d: print(json.dumps(d[sys.argv[2]])); break
else: print("null")' "$1" "$2"; }

store_quads() { "$MUGDAT" stats --db "$1" 2> /dev/null | awk '$1 == "quads" { print $2 }'; }

fresh_db() { rm -rf "$1" && "$MUGDAT" init --db "$1" > /dev/null 2>&1; }

# --- JSON-LD ------------------------------------------------------------------

bench_jsonld() {
  local n=${BX_JSONLD_IMAGES:-100000}
  local doc=$WORK/rocrate-$n.jsonld ctx=$SRCDIR/ontologies/contexts
  local count=
  log "jsonld: generating RO-Crate with $n images"
  "$WORK/gen_rocrate" -n "$n" -s 1 -o "$doc" || return 1
  local bytes
  bytes=$(stat -c %s "$doc")
  if [ -n "${MGD_BUILDDIR:-}" ] && [ -f "$MGD_BUILDDIR/src/libmgd_syntax.a" ]; then
    # shellcheck disable=SC2086
    "$CC" $CFLAGS_GEN ${BX_CFLAGS:-} -I"$SRCDIR/src" -o "$WORK/jsonld_count" \
      "$BX_DIR/jsonld_count.c" "$MGD_BUILDDIR/src/libmgd_syntax.a" \
      "$MGD_BUILDDIR/src/libmgd_rdf.a" "$MGD_BUILDDIR/src/libmgd_base.a" \
      ${MGD_EXT_LIBS:-} && count=$WORK/jsonld_count
  fi
  [ -n "$count" ] || log "jsonld: no MGD_BUILDDIR/MGD_EXT_LIBS: parse-only skipped"
  local r
  for r in $(seq 1 "$REPS"); do
    log "jsonld: rep $r/$REPS"
    if [ -n "$count" ]; then
      measure "$WORK/out.count" "$count" "$ctx" "$doc"
      record jsonld mugdat-parse "$r" "\"bytes\":$bytes,\"quads\":$(json_get "$WORK/out.count" quads)"
    fi
    fresh_db "$WORK/db-jsonld"
    measure "$WORK/out.load" "$MUGDAT" load --db "$WORK/db-jsonld" --format jsonld "$doc"
    record jsonld mugdat-load "$r" "\"bytes\":$bytes,\"quads\":$(store_quads "$WORK/db-jsonld"),\"db_bytes\":$(du -sb "$WORK/db-jsonld" | cut -f1)"
    if [ "$HAVE_NODE" = 1 ]; then
      measure "$WORK/out.jsonldjs" node --max-old-space-size="$HEAP" \
        "$BX_DIR/jsonld_bench.mjs" "$ctx" "$doc"
      record jsonld jsonld.js "$r" "\"bytes\":$bytes,\"quads\":$(json_get "$WORK/out.jsonldjs" quads),\"to_rdf_s\":$(json_get "$WORK/out.jsonldjs" to_rdf_s),\"version\":$(json_get "$WORK/out.jsonldjs" version)"
    fi
  done
  rm -f "$doc"
}

# --- OME-XML ------------------------------------------------------------------

bench_omexml() {
  local n=${BX_OME_IMAGES:-10000}
  local small=$((n / 10))
  local big_f=$WORK/plate-$n.ome.xml small_f=$WORK/plate-$small.ome.xml
  local count=
  log "omexml: generating plates of $n and $small images"
  "$WORK/gen_omexml" -n "$n" -s 1 -o "$big_f" || return 1
  "$WORK/gen_omexml" -n "$small" -s 1 -o "$small_f" || return 1
  if [ -n "${MGD_BUILDDIR:-}" ] && [ -f "$MGD_BUILDDIR/src/libmgd_ingest.a" ]; then
    # shellcheck disable=SC2086
    "$CC" $CFLAGS_GEN ${BX_CFLAGS:-} -I"$SRCDIR/src" -o "$WORK/ome_count" \
      "$BX_DIR/ome_count.c" "$MGD_BUILDDIR/src/libmgd_ingest.a" \
      "$MGD_BUILDDIR/src/libmgd_syntax.a" "$MGD_BUILDDIR/src/libmgd_rdf.a" \
      "$MGD_BUILDDIR/src/libmgd_base.a" ${MGD_EXT_LIBS:-} && count=$WORK/ome_count
  fi
  [ -n "$count" ] || log "omexml: no MGD_BUILDDIR/MGD_EXT_LIBS: ingest-only skipped"
  local r f m bytes
  for r in $(seq 1 "$REPS"); do
    for m in "$n:$big_f" "$small:$small_f"; do
      f=${m#*:}
      log "omexml: rep $r/$REPS, ${m%%:*} images"
      bytes=$(stat -c %s "$f")
      fresh_db "$WORK/db-ome"
      measure "$WORK/out.ome" "$MUGDAT" ingest --db "$WORK/db-ome" "$f"
      record omexml "mugdat-ingest-${m%%:*}" "$r" "\"bytes\":$bytes,\"images\":${m%%:*},\"quads\":$(store_quads "$WORK/db-ome")"
      if [ -n "$count" ]; then
        # The ingester alone (same XML reading and conversion, provenance
        # included; quads counted and dropped): the store's share of the
        # time is the difference.
        measure "$WORK/out.omec" "$count" "$SRCDIR" "$f"
        record omexml "mugdat-ingest-only-${m%%:*}" "$r" "\"bytes\":$bytes,\"images\":${m%%:*},\"quads\":$(json_get "$WORK/out.omec" quads)"
      fi
    done
  done
  rm -f "$big_f" "$small_f"
}

# --- SHACL --------------------------------------------------------------------

bench_shacl() {
  local n=${BX_SHACL_N:-1000000}
  local data=$WORK/bioimage-$n.nq db=$WORK/db-shacl
  local shapes=() s r
  for s in "$SRCDIR"/shapes/*.ttl; do shapes+=("$s"); done
  [ -x "$GEN_BIOIMAGE" ] || { log "shacl: no gen_bioimage ($GEN_BIOIMAGE)"; return 1; }
  log "shacl: generating $n statements, loading"
  "$GEN_BIOIMAGE" -n "$n" -s 1 -f nq -o "$data" 2> /dev/null || return 1
  fresh_db "$db"
  measure "$WORK/out.load" "$MUGDAT" load --db "$db" "$data"
  record shacl mugdat-load 1 "\"statements\":$n,\"quads\":$(store_quads "$db"),\"db_bytes\":$(du -sb "$db" | cut -f1)"
  for r in $(seq 1 "$REPS"); do
    log "shacl: rep $r/$REPS"
    for s in "${shapes[@]}"; do
      M_RC_OK=1 measure "$WORK/out.val" "$MUGDAT" validate --db "$db" --shapes "$(basename "$s" .ttl)" --format text
      # exit 1 = does not conform: a successful run.
      [ "$M_RC" = 1 ] && M_RC=0
      local summary results viol warn
      summary=$(grep 'mugdat validate:' "$WORK/err.last" | tail -n1)
      results=$(sed -nE 's/.*: ([0-9]+) results.*/\1/p' <<< "$summary")
      viol=$(sed -nE 's/.*\(([0-9]+) violations.*/\1/p' <<< "$summary")
      warn=$(sed -nE 's/.* ([0-9]+) warnings.*/\1/p' <<< "$summary")
      record shacl mugdat-validate "$r" "\"shapes\":\"$(basename "$s" .ttl)\",\"results\":${results:-null},\"violations\":${viol:-null},\"warnings\":${warn:-null}"
    done
    if [ "$HAVE_NODE" = 1 ]; then
      measure "$WORK/out.shacl" node --max-old-space-size="$HEAP" \
        "$BX_DIR/shacl_bench.mjs" "$data" "${shapes[@]}"
      record shacl shacl-engine-process "$r" "\"parse_data_s\":$(json_get "$WORK/out.shacl" parse_data_s),\"parse_data_cpu_s\":$(json_get "$WORK/out.shacl" parse_data_cpu_s),\"triples\":$(json_get "$WORK/out.shacl" data_triples)"
      python3 - "$WORK/out.shacl" "$r" "$M_LOAD" >> "$RAW" <<'PY'
import json, os, sys
for line in open(sys.argv[1]):
    d = json.loads(line)
    if 'shapes' not in d:
        continue
    print(json.dumps({"section": "shacl", "system": "shacl-engine-validate",
                      "rep": int(sys.argv[2]), "rc": 0, "wall_s": d["validate_s"],
                      "cpu_s": d["validate_cpu_s"],
                      "load1": float(sys.argv[3]),
                      "shapes": os.path.basename(d["shapes"])[:-4],
                      "results": d["results"], "violations": d["violations"],
                      "warnings": d["warnings"]}))
PY
    fi
  done
  rm -f "$data"
}

# --- mmDS ---------------------------------------------------------------------

bench_mmds() {
  local sizes=${BX_MMDS_IMAGES:-"10000 50000 100000"}
  local gen=$SRCDIR/tests/data/gen_mmds.sh count= n tree files r
  [ -f "$gen" ] || { log "mmds: no generator $gen"; return 1; }
  if [ -n "${MGD_BUILDDIR:-}" ] && [ -f "$MGD_BUILDDIR/src/libmgd_ingest.a" ]; then
    # shellcheck disable=SC2086
    "$CC" $CFLAGS_GEN ${BX_CFLAGS:-} -I"$SRCDIR/src" -o "$WORK/mmds_count" \
      "$BX_DIR/mmds_count.c" "$MGD_BUILDDIR/src/libmgd_ingest.a" \
      "$MGD_BUILDDIR/src/libmgd_syntax.a" "$MGD_BUILDDIR/src/libmgd_rdf.a" \
      "$MGD_BUILDDIR/src/libmgd_base.a" ${MGD_EXT_LIBS:-} && count=$WORK/mmds_count
  fi
  # Several tree sizes: files/s and, above all, how memory scales with the
  # number of files (the target is memory independent of it).
  for n in $sizes; do
    tree=$WORK/mmds-$n
    log "mmds: generating a BIDS tree of $n images with $(basename "$gen")"
    rm -rf "$tree"
    bash "$gen" "$n" "$tree" > /dev/null || return 1
    files=$(find "$tree" -type f | wc -l)
    for r in $(seq 1 "$REPS"); do
      log "mmds: $n images, rep $r/$REPS"
      fresh_db "$WORK/db-mmds"
      measure "$WORK/out.mmds" "$MUGDAT" ingest --db "$WORK/db-mmds" "$tree"
      record mmds mugdat-ingest "$r" "\"files\":$files,\"images\":$n,\"quads\":$(store_quads "$WORK/db-mmds")"
      if [ -n "$count" ]; then
        # The ingester alone (same walk and conversion, quads counted and
        # dropped): what the store's share of the time and memory is.
        measure "$WORK/out.mmdsc" "$count" "$tree"
        record mmds mugdat-ingest-only "$r" "\"files\":$files,\"images\":$n,\"quads\":$(json_get "$WORK/out.mmdsc" quads)"
      fi
    done
    rm -rf "$tree"
  done
}

for s in $SECTIONS; do
  case $s in
    jsonld) bench_jsonld ;;
    omexml) bench_omexml ;;
    shacl) bench_shacl ;;
    mmds) bench_mmds ;;
    *) log "unknown section $s" ;;
  esac
  rm -rf "$WORK"/db-*
done

python3 "$BX_DIR/summarize.py" "$RAW" "$OUT" "$COMMIT" "$(nproc)"
