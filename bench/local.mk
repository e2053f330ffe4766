# Benchmarks: make bench (never part of make check).
# bench/run.sh generates synthetic bioimaging metadata with bench/gen_bioimage,
# loads it into MUGDAT and peer stores (Virtuoso, Oxigraph) and runs
# bench/queries/*.rq against each. See bench/README.md.
noinst_PROGRAMS += bench/gen_bioimage
bench_gen_bioimage_SOURCES = bench/gen_bioimage.c
# libc only and always optimised: the generator must not be slowed down by a
# sanitizer build, and must not depend on the code it measures.
bench_gen_bioimage_CFLAGS = $(WARN_CFLAGS) -O2
bench_gen_bioimage_LDFLAGS =
bench_gen_bioimage_LDADD =

EXTRA_DIST += bench/run.sh bench/oxigraph_bench.mjs bench/virtuoso.sh bench/summarize.py \
  bench/package.json bench/package-lock.json bench/README.md \
  bench/queries/q01_image_description.rq bench/queries/q02_facets.rq \
  bench/queries/q03_conjunctive_facets.rq bench/queries/q04_pixel_size_range.rq \
  bench/queries/q05_text_contains.rq bench/queries/q06_chain_5hop.rq \
  bench/queries/q07_optional_listing.rq bench/queries/q08_subclass_path.rq \
  bench/queries/q09_having.rq bench/queries/q10_multimodal.rq \
  bench/queries/q11_deep_pagination.rq bench/queries/q12_count.rq \
  bench/queries/q13_construct.rq

# BENCH_SIZES (e.g. 1000000) and BENCH_REPS pass through the environment.
bench: src/mugdat bench/gen_bioimage
	MUGDAT="$(abs_builddir)/src/mugdat" \
	GEN_BIOIMAGE="$(abs_builddir)/bench/gen_bioimage" \
	BENCH_OUT="$${BENCH_OUT:-$(abs_builddir)/bench/out}" \
	$(SHELL) "$(srcdir)/bench/run.sh"
.PHONY: bench
bench-extra: src/mugdat bench/gen_bioimage src/libmgd_syntax.a src/libmgd_rdf.a src/libmgd_base.a ; MUGDAT="$(abs_builddir)/src/mugdat" GEN_BIOIMAGE="$(abs_builddir)/bench/gen_bioimage" MGD_BUILDDIR="$(abs_builddir)" MGD_EXT_LIBS="$(MGD_EXT_LIBS)" CC="$(CC)" BX_OUT="$${BX_OUT:-$(abs_builddir)/bench/out}" $(SHELL) "$(abs_srcdir)/bench/extra/run.sh"
