// Copyright 2026 The MUGDAT authors
// SPDX-License-Identifier: Apache-2.0

#include "test.h"

#include <stdio.h>

#include "rdf/memstore.h"
#include "rdf/term.h"
#include "rdf/termid.h"

#include <string.h>

static MgdTerm
lit(const char* v, const char* dt)
{
  return mgd_term_literal(mgd_str(v), mgd_str(dt), mgd_str(NULL));
}

static void
test_inline_integer_order(void)
{
  MgdId a = 0U, b = 0U, c = 0U;
  CHECK(mgd_id_inline(&(MgdTerm){MGD_TERM_LITERAL, mgd_str("-5"),
                                  mgd_str(MGD_XSD_INTEGER), mgd_str(NULL)}, &a));
  MgdTerm t = lit("3", MGD_XSD_INTEGER);
  CHECK(mgd_id_inline(&t, &b));
  t = lit("1000000", MGD_XSD_INTEGER);
  CHECK(mgd_id_inline(&t, &c));
  CHECK(a < b && b < c);
  t = lit("03", MGD_XSD_INTEGER); // not canonical: must stay distinct from 3
  CHECK(!mgd_id_inline(&t, &a));
  t = lit("-0", MGD_XSD_INTEGER);
  CHECK(!mgd_id_inline(&t, &a));
  MgdIdScratch scratch;
  MgdTerm      back;
  CHECK(!mgd_id_inline_term(c, &scratch, &back));
  CHECK(mgd_str_eqc(back.value, "1000000") &&
        mgd_str_eqc(back.datatype, MGD_XSD_INTEGER));
}

static MgdTerm
decimal(const char* lexical)
{
  return mgd_term_literal(mgd_str(lexical), mgd_str(MGD_XSD_DECIMAL), mgd_str(NULL));
}

static void
test_inline_decimal(void)
{
  // Canonical forms inline, round-trip exactly and sort by value.
  static const char* const sorted[] = {
    "-576460751.999999999", "-2.5", "-0.1", "0.0", "0.000000001", "0.05",
    "0.1", "0.11", "1.0", "10.25", "999999.5", "576460751.999999999"};
  MgdId prev = 0U;
  for (size_t i = 0U; i < sizeof(sorted) / sizeof(sorted[0]); ++i) {
    const MgdTerm t  = decimal(sorted[i]);
    MgdId         id = 0U;
    CHECK(mgd_id_inline(&t, &id));
    CHECK(mgd_id_tag(id) == MGD_TAG_DECIMAL && mgd_id_is_inline(id));
    CHECK(mgd_id_kind(id) == MGD_TERM_LITERAL);
    CHECK(i == 0U || prev < id);
    prev = id;
    MgdIdScratch scratch;
    MgdTerm      back;
    CHECK(!mgd_id_inline_term(id, &scratch, &back));
    CHECK(mgd_str_eqc(back.value, sorted[i]));
    CHECK(mgd_str_eqc(back.datatype, MGD_XSD_DECIMAL) && !back.lang.len);
  }
  // Other spellings of a value stay in the dictionary (equal ids must mean
  // identical terms), as do values out of range or precision.
  static const char* const kept[] = {
    "1", "01.5", "1.50", "-0.0", ".5", "1.", "+1.5", "0.1234567891",
    "1e3", "576460752.5", "1000000000.5", "1.5 ", "", "-", "1.2.3"};
  for (size_t i = 0U; i < sizeof(kept) / sizeof(kept[0]); ++i) {
    const MgdTerm t  = decimal(kept[i]);
    MgdId         id = 0U;
    if (mgd_id_inline(&t, &id)) {
      fprintf(stderr, "inlined %s\n", kept[i]);
    }
    CHECK(!mgd_id_inline(&t, &id));
  }
}

static void
check_time_sorted(const char* dt, const char* const* sorted, size_t n)
{
  MgdId prev = 0U;
  for (size_t i = 0U; i < n; ++i) {
    const MgdTerm t  = mgd_term_literal(mgd_str(sorted[i]), mgd_str(dt), mgd_str(NULL));
    MgdId         id = 0U;
    if (!mgd_id_inline(&t, &id)) {
      fprintf(stderr, "not inlined: %s\n", sorted[i]);
    }
    CHECK(mgd_id_inline(&t, &id) && mgd_id_is_inline(id));
    CHECK(mgd_id_kind(id) == MGD_TERM_LITERAL);
    CHECK(i == 0U || prev < id);
    prev = id;
    MgdIdScratch scratch;
    MgdTerm      back;
    CHECK(!mgd_id_inline_term(id, &scratch, &back));
    CHECK(mgd_str_eqc(back.value, sorted[i]) && mgd_str_eqc(back.datatype, dt));
  }
}

static void
check_time_kept(const char* dt, const char* const* kept, size_t n)
{
  for (size_t i = 0U; i < n; ++i) {
    const MgdTerm t  = mgd_term_literal(mgd_str(kept[i]), mgd_str(dt), mgd_str(NULL));
    MgdId         id = 0U;
    if (mgd_id_inline(&t, &id)) {
      fprintf(stderr, "inlined: %s\n", kept[i]);
    }
    CHECK(!mgd_id_inline(&t, &id));
  }
}

static void
test_inline_dates(void)
{
  // Canonical dateTimes inline, round-trip and sort by instant (zones
  // included: 10:00+02:00 is 08:00Z).
  static const char* const times[] = {
    "0001-01-01T00:00:00+14:00", "0001-01-01T00:00:00", "1969-12-31T23:59:59.999Z",
    "2020-02-29T10:00:00+02:00", "2020-02-29T09:00:00Z", "2020-02-29T09:00:00.5Z",
    "2020-02-29T09:00:00.51Z", "2020-02-29T09:00:00.512Z", "2020-02-29T05:30:01-05:45",
    "9999-12-31T23:59:59.999-14:00"};
  check_time_sorted(MGD_XSD_DATETIME, times, sizeof(times) / sizeof(times[0]));
  static const char* const dates[] = {"0001-01-01", "1900-02-28", "2000-02-29Z",
                                      "2024-12-31+05:30", "9999-12-31"};
  check_time_sorted(MGD_XSD_DATE, dates, sizeof(dates) / sizeof(dates[0]));
  // Other spellings, invalid values and what is out of range stay in the
  // dictionary.
  static const char* const bad_times[] = {
    "2020-02-29T09:00:00.500Z", "2020-02-29T09:00:00+00:00", "2020-02-29T24:00:00",
    "2021-02-29T09:00:00", "0000-01-01T00:00:00", "-0001-01-01T00:00:00",
    "10000-01-01T00:00:00", "2020-02-29T09:00", "2020-02-29T09:00:00.1234Z",
    "2020-02-29T09:00:00+05:20", "2020-02-29T09:00:00+14:15", "2020-2-29T09:00:00",
    "2020-02-29 09:00:00", "2020-02-29T09:00:00z", "2020-13-01T00:00:00", ""};
  check_time_kept(MGD_XSD_DATETIME, bad_times, sizeof(bad_times) / sizeof(bad_times[0]));
  static const char* const bad_dates[] = {"2020-02-30", "2020-02-29T00:00:00",
                                          "2020-01-01-00:00", "20-01-01", "2020-04-31"};
  check_time_kept(MGD_XSD_DATE, bad_dates, sizeof(bad_dates) / sizeof(bad_dates[0]));
}

static void
test_inline_string(void)
{
  MgdId   id = 0U;
  MgdTerm t  = lit("abc", NULL);
  CHECK(mgd_id_inline(&t, &id));
  MgdId id2 = 0U;
  t         = lit("abc", MGD_XSD_STRING);
  CHECK(mgd_id_inline(&t, &id2) && id2 == id);
  MgdIdScratch scratch;
  MgdTerm      back;
  CHECK(!mgd_id_inline_term(id, &scratch, &back));
  CHECK(mgd_str_eqc(back.value, "abc") && !back.datatype.len);
  t = lit("abcdefgh", NULL); // 8 bytes: dictionary
  CHECK(!mgd_id_inline(&t, &id));
  t = mgd_term_literal(mgd_str("ab"), mgd_str(NULL), mgd_str("en"));
  CHECK(!mgd_id_inline(&t, &id));
}

static void
test_term_check(void)
{
  char    why[256];
  MgdTerm t = mgd_term_iri(mgd_str("http://ex.org/a b"));
  CHECK(mgd_term_check(&t, NULL, why, sizeof(why)) == MGD_BAD_DATA);
  CHECK(strstr(why, "invalid IRI") != NULL);
  t = mgd_term_iri(mgd_str("relative/path"));
  CHECK(mgd_term_check(&t, NULL, why, sizeof(why)) == MGD_BAD_DATA);
  t = mgd_term_literal(mgd_str("x"), mgd_str(NULL), mgd_str("en-"));
  CHECK(mgd_term_check(&t, NULL, why, sizeof(why)) == MGD_BAD_DATA);
  t = mgd_term_literal(mgd_str("x"), mgd_str(NULL), mgd_str("de-CH-1996"));
  CHECK(!mgd_term_check(&t, NULL, why, sizeof(why)));
  t = mgd_term_literal(mgd_str("bad\xFF"), mgd_str(NULL), mgd_str(NULL));
  CHECK(mgd_term_check(&t, NULL, why, sizeof(why)) == MGD_BAD_DATA);
  MgdLimits limits      = mgd_limits_default();
  limits.max_term_bytes = 4U;
  t = lit("too long", NULL);
  CHECK(mgd_term_check(&t, &limits, why, sizeof(why)) == MGD_BAD_LIMIT);
}

static void
test_write_nt(void)
{
  MgdBuf buf;
  mgd_buf_init(&buf);
  const MgdQuad q = {
    mgd_term_blank(mgd_str("b0")),
    mgd_term_iri(mgd_str("http://ex.org/p")),
    mgd_term_literal(mgd_str("a\"b\n"), mgd_str(NULL), mgd_str("en")),
    mgd_term_iri(mgd_str("http://ex.org/g")),
  };
  CHECK(!mgd_quad_write_nq(&buf, &q));
  CHECK(!strcmp(buf.data, "_:b0 <http://ex.org/p> \"a\\\"b\\n\"@en "
                          "<http://ex.org/g> .\n"));
  mgd_buf_clear(&buf);
}

// Every ASCII byte inside an IRI and inside a string, written between two
// plain characters: the N-Triples grammar's escapes and nothing else.
static void
test_write_nt_escapes(void)
{
  MgdBuf buf;
  mgd_buf_init(&buf);
  unsigned wrong = 0U;
  for (unsigned c = 1U; c < 128U; ++c) {
    char text[4] = {'a', (char)c, 'b', 0};
    char want[16];
    // IRIREF excludes controls, space, <>"{}|^`\ (and DEL is escaped too).
    const bool iri_esc = c < 0x20U || c == 0x7FU || strchr("<>\"{}|^`\\ ", (int)c);
    if (iri_esc) {
      snprintf(want, sizeof(want), "<a\\u%04Xb>", c);
    } else {
      snprintf(want, sizeof(want), "<a%cb>", (int)c);
    }
    mgd_buf_reset(&buf);
    const MgdTerm iri = mgd_term_iri(mgd_str_n(text, 3U));
    wrong += mgd_term_write_nt(&buf, &iri) || strcmp(buf.data, want);
    // STRING_LITERAL_QUOTE: ECHAR for " \\ \n \r, \\uXXXX for other controls.
    if (c == '"' || c == '\\' || c == '\n' || c == '\r') {
      snprintf(want, sizeof(want), "\"a\\%cb\"",
               c == '\n' ? 'n' : c == '\r' ? 'r' : (int)c);
    } else if (c < 0x20U || c == 0x7FU) {
      snprintf(want, sizeof(want), "\"a\\u%04Xb\"", c);
    } else {
      snprintf(want, sizeof(want), "\"a%cb\"", (int)c);
    }
    mgd_buf_reset(&buf);
    const MgdTerm lit = mgd_term_literal(mgd_str_n(text, 3U), mgd_str(NULL), mgd_str(NULL));
    wrong += mgd_term_write_nt(&buf, &lit) || strcmp(buf.data, want);
  }
  CHECK(wrong == 0U);
  mgd_buf_reset(&buf);
  const MgdTerm utf8 = mgd_term_literal(mgd_str("\xc2\xb5m \xe2\x80\x94 ok"), mgd_str(NULL), mgd_str(NULL));
  CHECK(!mgd_term_write_nt(&buf, &utf8) && !strcmp(buf.data, "\"\xc2\xb5m \xe2\x80\x94 ok\""));
  mgd_buf_clear(&buf);
}

// A quad decoder gives the same quads as decoding every id, through runs
// of repeated subjects, predicates and graphs, the default graph, and with
// graph names dropped.
static void
test_quad_decoder(void)
{
  MgdMemStore* const store = mgd_memstore_new();
  const MgdSink      sink  = mgd_memstore_sink(store);
  const char* const  names[] = {"http://ex.org/a", "http://ex.org/b", "http://ex.org/g"};
  for (unsigned i = 0U; i < 60U; ++i) {
    char text[32];
    snprintf(text, sizeof(text), "value number %u", i % 7U);
    const MgdQuad q = {mgd_term_iri(mgd_str(names[i % 2U])),
                       mgd_term_iri(mgd_str(names[(i / 2U) % 2U])), lit(text, NULL),
                       i % 3U ? mgd_term_iri(mgd_str(names[2])) : mgd_term_none()};
    CHECK(!mgd_sink_quad(&sink, &q));
  }
  const MgdSource src = mgd_memstore_source(store);
  const MgdIdQuad all = {0U, 0U, 0U, 0U};
  MgdQuadDecoder  dec;
  MgdArena        arena;
  mgd_quad_decoder_init(&dec);
  mgd_arena_init(&arena, 0U);
  unsigned n = 0U, same = 0U;
  for (int with_graph = 0; with_graph < 2; ++with_graph) {
    MgdIter*  it = NULL;
    MgdIdQuad ids;
    CHECK(!src.vt->match(src.handle, &all, &it));
    while (!src.vt->next(it, &ids)) {
      MgdQuad got, want;
      mgd_arena_reset(&arena);
      CHECK(!mgd_quad_decode(&dec, &src, &ids, with_graph, &got));
      CHECK(!mgd_source_term(&src, ids.s, &arena, &want.s) &&
            !mgd_source_term(&src, ids.p, &arena, &want.p) &&
            !mgd_source_term(&src, ids.o, &arena, &want.o));
      want.g = mgd_term_none();
      if (with_graph && ids.g != MGD_ID_DEFAULT_GRAPH) {
        CHECK(!mgd_source_term(&src, ids.g, &arena, &want.g));
      }
      same += mgd_term_eq(&got.s, &want.s) && mgd_term_eq(&got.p, &want.p) &&
              mgd_term_eq(&got.o, &want.o) && got.g.kind == want.g.kind &&
              (want.g.kind == MGD_TERM_NONE || mgd_term_eq(&got.g, &want.g));
      ++n;
    }
    src.vt->iter_free(it);
  }
  CHECK(n == 2U * mgd_memstore_size(store) && n > 20U && same == n);
  mgd_quad_decoder_clear(&dec);
  mgd_arena_clear(&arena);
  mgd_memstore_free(store);
}

static void
test_memstore(void)
{
  MgdMemStore* const store = mgd_memstore_new();
  const MgdSink      sink  = mgd_memstore_sink(store);
  const MgdTerm      s     = mgd_term_iri(mgd_str("http://ex.org/s"));
  const MgdTerm      p     = mgd_term_iri(mgd_str("http://ex.org/p"));
  const MgdTerm      o1    = lit("a long string value", NULL);
  const MgdTerm      o2    = lit("7", MGD_XSD_INTEGER);
  MgdQuad            q     = {s, p, o1, mgd_term_none()};
  CHECK(!mgd_sink_quad(&sink, &q));
  CHECK(!mgd_sink_quad(&sink, &q)); // duplicate
  q.o = o2;
  CHECK(!mgd_sink_quad(&sink, &q));
  CHECK(mgd_memstore_size(store) == 2U);

  const MgdSource src = mgd_memstore_source(store);
  MgdId           pid = 0U;
  CHECK(!mgd_source_lookup(&src, &p, &pid));
  const MgdIdQuad pat  = {0U, pid, 0U, 0U};
  MgdIter*        it   = NULL;
  MgdIdQuad       got  = {0U, 0U, 0U, 0U};
  int             n    = 0;
  MgdArena        arena;
  mgd_arena_init(&arena, 0U);
  CHECK(!src.vt->match(src.handle, &pat, &it));
  while (!src.vt->next(it, &got)) {
    MgdTerm t;
    CHECK(!mgd_source_term(&src, got.o, &arena, &t));
    CHECK(mgd_term_eq(&t, &o1) || mgd_term_eq(&t, &o2));
    CHECK(got.g == MGD_ID_DEFAULT_GRAPH);
    ++n;
  }
  src.vt->iter_free(it);
  CHECK(n == 2);
  const MgdTerm absent = mgd_term_iri(mgd_str("http://ex.org/none"));
  MgdId         aid    = 0U;
  CHECK(mgd_source_lookup(&src, &absent, &aid) == MGD_FAILURE);
  // Remove, then add again: the quad is back.
  MgdIdQuad ids = {0U, 0U, 0U, MGD_ID_DEFAULT_GRAPH};
  CHECK(!mgd_source_lookup(&src, &s, &ids.s) && !mgd_source_lookup(&src, &o2, &ids.o));
  ids.p = pid;
  CHECK(!mgd_memstore_remove(store, &ids));
  CHECK(mgd_memstore_size(store) == 1U);
  CHECK(mgd_memstore_remove(store, &ids) == MGD_FAILURE);
  bool added = false;
  CHECK(!mgd_memstore_add(store, &q, &added) && added);
  CHECK(mgd_memstore_size(store) == 2U);
  mgd_arena_clear(&arena);
  mgd_memstore_free(store);
  mgd_memstore_free(NULL);
}

int
main(void)
{
  RUN(test_inline_integer_order);
  RUN(test_inline_string);
  RUN(test_inline_decimal);
  RUN(test_inline_dates);
  RUN(test_term_check);
  RUN(test_write_nt);
  RUN(test_write_nt_escapes);
  RUN(test_memstore);
  RUN(test_quad_decoder);
  return TEST_SUMMARY();
}
