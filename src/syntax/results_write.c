// Copyright 2026 The MUGDAT authors
// SPDX-License-Identifier: Apache-2.0

// Streaming writers for the SPARQL result formats. Each format is a small
// table of hooks (header, row, boolean, footer) over one output buffer.

#include "syntax/results.h"

#include "base/alloc.h"
#include "syntax/results_impl.h"
#include "base/utf8.h"

#include <stdio.h>
#include <string.h>
#include <strings.h>

typedef enum {
  STATE_NEW,     ///< Nothing written
  STATE_SELECT,  ///< Header written, rows may follow
  STATE_BOOLEAN, ///< Boolean written
  STATE_DONE,    ///< Document closed
} WriterState;

struct MgdResultsWriterImpl {
  MgdResultsFormat format;
  MgdWriteFunc     write;
  void*            handle;
  MgdStatus        error;   ///< First failure; sticky
  WriterState      state;
  size_t           n_vars;  ///< Columns of the SELECT
  MgdStr*          vars;    ///< Copies of the names (JSON/XML need them per row)
  char*            names;   ///< Storage of the copies; owned
  size_t           n_rows;  ///< Rows written so far
  size_t           len;     ///< Bytes used in buf
  char             buf[MGD_RESULTS_BUFFER_BYTES];
};

// ---------------------------------------------------------------------------
// Format names

typedef struct {
  const char*      name;
  MgdResultsFormat format;
} FormatName;

static const FormatName k_names[] = {
  {"json", MGD_RESULTS_JSON},
  {"srj", MGD_RESULTS_JSON},
  {"application/sparql-results+json", MGD_RESULTS_JSON},
  {"application/json", MGD_RESULTS_JSON},
  {"xml", MGD_RESULTS_XML},
  {"srx", MGD_RESULTS_XML},
  {"application/sparql-results+xml", MGD_RESULTS_XML},
  {"application/xml", MGD_RESULTS_XML},
  {"text/xml", MGD_RESULTS_XML},
  {"csv", MGD_RESULTS_CSV},
  {"text/csv", MGD_RESULTS_CSV},
  {"tsv", MGD_RESULTS_TSV},
  {"text/tab-separated-values", MGD_RESULTS_TSV},
};

MgdResultsFormat
mgd_results_format_from_name(const char* const name)
{
  if (!name) {
    return MGD_RESULTS_UNKNOWN;
  }
  size_t start = 0;
  while (name[start] == ' ' || name[start] == '\t') {
    ++start;
  }
  size_t end = start;
  while (name[end] && name[end] != ';') {
    ++end;
  }
  while (end > start && (name[end - 1] == ' ' || name[end - 1] == '\t')) {
    --end;
  }
  for (size_t i = 0; i < sizeof(k_names) / sizeof(k_names[0]); ++i) {
    if (strlen(k_names[i].name) == end - start &&
        !strncasecmp(k_names[i].name, name + start, end - start)) {
      return k_names[i].format;
    }
  }
  return MGD_RESULTS_UNKNOWN;
}

const char*
mgd_results_format_name(const MgdResultsFormat format)
{
  switch (format) {
  case MGD_RESULTS_UNKNOWN:
    break;
  case MGD_RESULTS_JSON:
    return "json";
  case MGD_RESULTS_XML:
    return "xml";
  case MGD_RESULTS_CSV:
    return "csv";
  case MGD_RESULTS_TSV:
    return "tsv";
  }
  return NULL;
}

const char*
mgd_results_format_media_type(const MgdResultsFormat format)
{
  switch (format) {
  case MGD_RESULTS_UNKNOWN:
    break;
  case MGD_RESULTS_JSON:
    return "application/sparql-results+json";
  case MGD_RESULTS_XML:
    return "application/sparql-results+xml";
  case MGD_RESULTS_CSV:
    return "text/csv; charset=utf-8";
  case MGD_RESULTS_TSV:
    return "text/tab-separated-values; charset=utf-8";
  }
  return NULL;
}

// ---------------------------------------------------------------------------
// Output buffer

static MgdStatus
out_flush(MgdResultsWriter* const w)
{
  if (w->error) {
    return w->error;
  }
  if (w->len) {
    const MgdStatus st = w->write(w->handle, w->buf, w->len);
    w->len             = 0;
    if (st) {
      w->error = st;
    }
  }
  return w->error;
}

static MgdStatus
out_bytes(MgdResultsWriter* const w, const char* bytes, size_t n)
{
  while (n && !w->error) {
    if (w->len == sizeof(w->buf) && out_flush(w)) {
      break;
    }
    const size_t room = sizeof(w->buf) - w->len;
    const size_t k    = n < room ? n : room;
    memcpy(w->buf + w->len, bytes, k);
    w->len += k;
    bytes += k;
    n -= k;
  }
  return w->error;
}

static MgdStatus
out_str(MgdResultsWriter* const w, const char* const s)
{
  return out_bytes(w, s, strlen(s));
}

static MgdStatus
out_c(MgdResultsWriter* const w, const char c)
{
  if (w->len < sizeof(w->buf)) {
    w->buf[w->len++] = c;
    return w->error;
  }
  return out_bytes(w, &c, 1);
}

// ---------------------------------------------------------------------------
// Escaping

// JSON string body (RFC 8259 §7): quote, backslash and C0 controls.
static void
esc_json(MgdResultsWriter* const w, const MgdStr s)
{
  static const char k_hex[] = "0123456789abcdef";
  for (size_t i = 0; i < s.len; ++i) {
    const unsigned char c = (unsigned char)s.ptr[i];
    switch (c) {
    case '"':
      out_str(w, "\\\"");
      break;
    case '\\':
      out_str(w, "\\\\");
      break;
    case '\n':
      out_str(w, "\\n");
      break;
    case '\r':
      out_str(w, "\\r");
      break;
    case '\t':
      out_str(w, "\\t");
      break;
    default:
      if (c < 0x20) {
        const char u[6] = {'\\', 'u', '0', '0', k_hex[c >> 4], k_hex[c & 15]};
        out_bytes(w, u, 6);
      } else {
        out_c(w, (char)c);
      }
    }
  }
}

// XML 1.0 character data or attribute value. XML 1.0 has no way to write
// C0 controls other than tab, LF and CR, nor U+FFFE/U+FFFF, so those become
// U+FFFD.
static void
esc_xml(MgdResultsWriter* const w, const MgdStr s, const bool is_attr)
{
  for (size_t i = 0; i < s.len; ++i) {
    const unsigned char c = (unsigned char)s.ptr[i];
    switch (c) {
    case '&':
      out_str(w, "&amp;");
      break;
    case '<':
      out_str(w, "&lt;");
      break;
    case '>':
      out_str(w, "&gt;");
      break;
    case '"':
      out_str(w, is_attr ? "&quot;" : "\"");
      break;
    case '\r':
      out_str(w, "&#13;"); // a raw CR would be normalised away
      break;
    case '\n':
      out_str(w, is_attr ? "&#10;" : "\n");
      break;
    case '\t':
      out_str(w, is_attr ? "&#9;" : "\t");
      break;
    default:
      if (c < 0x20 || c == 0x7F) {
        out_str(w, c == 0x7F ? "&#127;" : "\xEF\xBF\xBD");
      } else if (c == 0xEF && i + 2 < s.len && s.ptr[i + 1] == '\xBF' &&
                 (s.ptr[i + 2] == '\xBE' || s.ptr[i + 2] == '\xBF')) {
        out_str(w, "\xEF\xBF\xBD"); // U+FFFE, U+FFFF: not XML characters
        i += 2;
      } else {
        out_c(w, (char)c);
      }
    }
  }
}

// CSV field (RFC 4180): quoted when it holds a quote, comma, CR or LF.
static void
esc_csv(MgdResultsWriter* const w, const MgdStr s)
{
  bool quote = false;
  for (size_t i = 0; i < s.len && !quote; ++i) {
    quote = strchr("\",\r\n", s.ptr[i]) != NULL && s.ptr[i] != '\0';
  }
  if (!quote) {
    out_bytes(w, s.ptr, s.len);
    return;
  }
  out_c(w, '"');
  for (size_t i = 0; i < s.len; ++i) {
    if (s.ptr[i] == '"') {
      out_c(w, '"');
    }
    out_c(w, s.ptr[i]);
  }
  out_c(w, '"');
}

// ---------------------------------------------------------------------------
// TSV terms (N-Triples / Turtle syntax)

static bool
all_digits(const char* const s, const size_t n)
{
  if (!n) {
    return false;
  }
  for (size_t i = 0; i < n; ++i) {
    if (s[i] < '0' || s[i] > '9') {
      return false;
    }
  }
  return true;
}

bool
mgd_results_turtle_bare(const MgdStr lex, const MgdStr dt)
{
  const char*  s = lex.ptr;
  size_t       n = lex.len;
  if (mgd_str_eqc(dt, MGD_XSD_BOOLEAN)) {
    return mgd_str_eqc(lex, "true") || mgd_str_eqc(lex, "false");
  }
  if (n && (s[0] == '+' || s[0] == '-')) {
    ++s;
    --n;
  }
  const char* const dot = memchr(s, '.', n);
  if (mgd_str_eqc(dt, MGD_XSD_INTEGER)) {
    return all_digits(s, n);
  }
  if (mgd_str_eqc(dt, MGD_XSD_DECIMAL)) {
    return dot && (dot == s || all_digits(s, (size_t)(dot - s))) &&
           all_digits(dot + 1, n - (size_t)(dot - s) - 1);
  }
  if (mgd_str_eqc(dt, MGD_XSD_DOUBLE)) {
    const char* e = memchr(s, 'e', n);
    if (!e) {
      e = memchr(s, 'E', n);
    }
    if (!e) {
      return false;
    }
    const size_t n_mant = (size_t)(e - s);
    const char*  x      = e + 1;
    size_t       n_x    = n - n_mant - 1;
    if (n_x && (x[0] == '+' || x[0] == '-')) {
      ++x;
      --n_x;
    }
    if (!all_digits(x, n_x)) {
      return false;
    }
    const char* const d = memchr(s, '.', n_mant);
    if (!d) {
      return all_digits(s, n_mant);
    }
    const size_t n_int  = (size_t)(d - s);
    const size_t n_frac = n_mant - n_int - 1;
    return (n_int || n_frac) && (!n_int || all_digits(s, n_int)) &&
           (!n_frac || all_digits(d + 1, n_frac));
  }
  return false;
}

static bool
blank_label_ok(const MgdStr label)
{
  if (!label.len || label.ptr[label.len - 1] == '.') {
    return false;
  }
  for (size_t i = 0; i < label.len; ++i) {
    const char c = label.ptr[i];
    if (!((c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') ||
          (c >= '0' && c <= '9') || c == '_' || (i && (c == '-' || c == '.')))) {
      return false;
    }
  }
  return true;
}

static void
write_blank_label(MgdResultsWriter* const w, const MgdStr label)
{
  if (blank_label_ok(label)) {
    out_bytes(w, label.ptr, label.len);
    return;
  }
  // Labels Turtle cannot spell are hex-encoded (distinct labels stay
  // distinct, and a second round trip is stable).
  static const char k_hex[] = "0123456789abcdef";
  out_str(w, "x");
  for (size_t i = 0; i < label.len; ++i) {
    const unsigned char c = (unsigned char)label.ptr[i];
    out_c(w, k_hex[c >> 4]);
    out_c(w, k_hex[c & 15]);
  }
}

static MgdStatus
write_tsv_term(MgdResultsWriter* const w, const MgdTerm* const t)
{
  switch (t->kind) {
  case MGD_TERM_NONE:
    return w->error;
  case MGD_TERM_BLANK:
    out_str(w, "_:");
    write_blank_label(w, t->value);
    return w->error;
  case MGD_TERM_IRI:
  case MGD_TERM_LITERAL:
    break;
  }
  if (t->kind == MGD_TERM_LITERAL && !t->lang.len &&
      mgd_results_turtle_bare(t->value, t->datatype)) {
    return out_bytes(w, t->value.ptr, t->value.len);
  }
  MgdBuf    tmp;
  mgd_buf_init(&tmp);
  MgdTerm   plain = *t;
  if (t->kind == MGD_TERM_LITERAL && mgd_str_eqc(t->datatype, MGD_XSD_STRING)) {
    plain.datatype = mgd_str(""); // xsd:string is the simple literal
  }
  MgdStatus st = mgd_term_write_nt(&tmp, &plain);
  if (!st) {
    // N-Triples keeps a raw tab in literals; TSV must not.
    for (size_t i = 0; i < tmp.len && !w->error; ++i) {
      if (tmp.data[i] == '\t') {
        out_str(w, "\\t");
      } else {
        out_c(w, tmp.data[i]);
      }
    }
    st = w->error;
  }
  mgd_buf_clear(&tmp);
  if (st && !w->error) {
    w->error = st;
  }
  return st;
}

// ---------------------------------------------------------------------------
// Per-format parts

static void
write_head(MgdResultsWriter* const w)
{
  switch (w->format) {
  case MGD_RESULTS_UNKNOWN:
    break;
  case MGD_RESULTS_JSON:
    out_str(w, "{\"head\":{\"vars\":[");
    for (size_t i = 0; i < w->n_vars; ++i) {
      out_str(w, i ? ",\"" : "\"");
      esc_json(w, w->vars[i]);
      out_c(w, '"');
    }
    out_str(w, "]},\"results\":{\"bindings\":[");
    break;
  case MGD_RESULTS_XML:
    out_str(w, "<?xml version=\"1.0\"?>\n"
               "<sparql xmlns=\"http://www.w3.org/2005/sparql-results#\">\n"
               "<head>");
    for (size_t i = 0; i < w->n_vars; ++i) {
      out_str(w, "<variable name=\"");
      esc_xml(w, w->vars[i], true);
      out_str(w, "\"/>");
    }
    out_str(w, "</head>\n<results>\n");
    break;
  case MGD_RESULTS_CSV:
    for (size_t i = 0; i < w->n_vars; ++i) {
      if (i) {
        out_c(w, ',');
      }
      esc_csv(w, w->vars[i]);
    }
    out_str(w, "\r\n");
    break;
  case MGD_RESULTS_TSV:
    for (size_t i = 0; i < w->n_vars; ++i) {
      out_str(w, i ? "\t?" : "?");
      out_bytes(w, w->vars[i].ptr, w->vars[i].len);
    }
    out_c(w, '\n');
    break;
  }
}

static void
write_json_term(MgdResultsWriter* const w, const MgdTerm* const t)
{
  switch (t->kind) {
  case MGD_TERM_NONE:
    return;
  case MGD_TERM_IRI:
    out_str(w, "{\"type\":\"uri\",\"value\":\"");
    break;
  case MGD_TERM_BLANK:
    out_str(w, "{\"type\":\"bnode\",\"value\":\"");
    break;
  case MGD_TERM_LITERAL:
    out_str(w, "{\"type\":\"literal\",\"value\":\"");
    break;
  }
  esc_json(w, t->value);
  out_c(w, '"');
  if (t->kind == MGD_TERM_LITERAL) {
    if (t->lang.len) {
      out_str(w, ",\"xml:lang\":\"");
      esc_json(w, t->lang);
      out_c(w, '"');
    } else if (t->datatype.len && !mgd_str_eqc(t->datatype, MGD_XSD_STRING)) {
      out_str(w, ",\"datatype\":\"");
      esc_json(w, t->datatype);
      out_c(w, '"');
    }
  }
  out_c(w, '}');
}

static void
write_xml_term(MgdResultsWriter* const w, const MgdTerm* const t)
{
  switch (t->kind) {
  case MGD_TERM_NONE:
    return;
  case MGD_TERM_IRI:
    out_str(w, "<uri>");
    esc_xml(w, t->value, false);
    out_str(w, "</uri>");
    return;
  case MGD_TERM_BLANK:
    out_str(w, "<bnode>");
    esc_xml(w, t->value, false);
    out_str(w, "</bnode>");
    return;
  case MGD_TERM_LITERAL:
    break;
  }
  if (t->lang.len) {
    out_str(w, "<literal xml:lang=\"");
    esc_xml(w, t->lang, true);
    out_str(w, "\">");
  } else if (t->datatype.len && !mgd_str_eqc(t->datatype, MGD_XSD_STRING)) {
    out_str(w, "<literal datatype=\"");
    esc_xml(w, t->datatype, true);
    out_str(w, "\">");
  } else {
    out_str(w, "<literal>");
  }
  esc_xml(w, t->value, false);
  out_str(w, "</literal>");
}

static void
write_row(MgdResultsWriter* const w, const MgdTerm* const values)
{
  switch (w->format) {
  case MGD_RESULTS_UNKNOWN:
    break;
  case MGD_RESULTS_JSON: {
    out_str(w, w->n_rows ? ",\n{" : "\n{");
    bool first = true;
    for (size_t i = 0; i < w->n_vars; ++i) {
      if (values[i].kind == MGD_TERM_NONE) {
        continue;
      }
      out_str(w, first ? "\"" : ",\"");
      first = false;
      esc_json(w, w->vars[i]);
      out_str(w, "\":");
      write_json_term(w, &values[i]);
    }
    out_c(w, '}');
    break;
  }
  case MGD_RESULTS_XML:
    out_str(w, "<result>");
    for (size_t i = 0; i < w->n_vars; ++i) {
      if (values[i].kind == MGD_TERM_NONE) {
        continue;
      }
      out_str(w, "<binding name=\"");
      esc_xml(w, w->vars[i], true);
      out_str(w, "\">");
      write_xml_term(w, &values[i]);
      out_str(w, "</binding>");
    }
    out_str(w, "</result>\n");
    break;
  case MGD_RESULTS_CSV:
    for (size_t i = 0; i < w->n_vars; ++i) {
      if (i) {
        out_c(w, ',');
      }
      if (values[i].kind == MGD_TERM_BLANK) {
        out_str(w, "_:");
        write_blank_label(w, values[i].value);
      } else if (values[i].kind != MGD_TERM_NONE) {
        esc_csv(w, values[i].value);
      }
    }
    out_str(w, "\r\n");
    break;
  case MGD_RESULTS_TSV:
    for (size_t i = 0; i < w->n_vars; ++i) {
      if (i) {
        out_c(w, '\t');
      }
      write_tsv_term(w, &values[i]);
    }
    out_c(w, '\n');
    break;
  }
}

static void
write_boolean(MgdResultsWriter* const w, const bool value)
{
  const char* const v = value ? "true" : "false";
  switch (w->format) {
  case MGD_RESULTS_UNKNOWN:
    break;
  case MGD_RESULTS_JSON:
    out_str(w, "{\"head\":{},\"boolean\":");
    out_str(w, v);
    out_str(w, "}\n");
    break;
  case MGD_RESULTS_XML:
    out_str(w, "<?xml version=\"1.0\"?>\n"
               "<sparql xmlns=\"http://www.w3.org/2005/sparql-results#\">\n"
               "<head></head>\n<boolean>");
    out_str(w, v);
    out_str(w, "</boolean>\n</sparql>\n");
    break;
  case MGD_RESULTS_CSV:
    out_str(w, "_askResult\r\n");
    out_str(w, v);
    out_str(w, "\r\n");
    break;
  case MGD_RESULTS_TSV:
    out_str(w, "?_askResult\n");
    out_str(w, v);
    out_c(w, '\n');
    break;
  }
}

static void
write_tail(MgdResultsWriter* const w)
{
  switch (w->format) {
  case MGD_RESULTS_UNKNOWN:
  case MGD_RESULTS_CSV:
  case MGD_RESULTS_TSV:
    break;
  case MGD_RESULTS_JSON:
    out_str(w, "\n]}}\n");
    break;
  case MGD_RESULTS_XML:
    out_str(w, "</results>\n</sparql>\n");
    break;
  }
}

// ---------------------------------------------------------------------------
// Public API

MgdStatus
mgd_results_writer_new(const MgdResultsFormat format, const MgdWriteFunc write,
                       void* const handle, MgdResultsWriter** const writer)
{
  *writer = NULL;
  if (!write || !mgd_results_format_name(format)) {
    return MGD_BAD_ARG;
  }
  MgdResultsWriter* const w = mgd_calloc(1, sizeof(*w));
  if (!w) {
    return MGD_BAD_ALLOC;
  }
  w->format = format;
  w->write  = write;
  w->handle = handle;
  *writer   = w;
  return MGD_SUCCESS;
}

void
mgd_results_writer_free(MgdResultsWriter* const writer)
{
  if (writer) {
    mgd_free(writer->vars);
    mgd_free(writer->names);
    mgd_free(writer);
  }
}

MgdStatus
mgd_results_writer_begin(MgdResultsWriter* const w, const MgdStr* const vars,
                         const size_t n_vars)
{
  if (w->error) {
    return w->error;
  }
  if (w->state != STATE_NEW) {
    return MGD_BAD_ARG;
  }
  size_t total = 0;
  for (size_t i = 0; i < n_vars; ++i) {
    total += vars[i].len + 1;
  }
  w->vars  = mgd_calloc(n_vars ? n_vars : 1, sizeof(MgdStr));
  w->names = mgd_malloc(total + 1);
  if (!w->vars || !w->names) {
    return w->error = MGD_BAD_ALLOC;
  }
  char* p = w->names;
  for (size_t i = 0; i < n_vars; ++i) {
    if (vars[i].len) {
      memcpy(p, vars[i].ptr, vars[i].len);
    }
    p[vars[i].len] = '\0';
    w->vars[i]     = mgd_str_n(p, vars[i].len);
    p += vars[i].len + 1;
  }
  w->n_vars = n_vars;
  w->state  = STATE_SELECT;
  write_head(w);
  return w->error;
}

MgdStatus
mgd_results_writer_row(MgdResultsWriter* const w, const MgdTerm* const values)
{
  if (w->error) {
    return w->error;
  }
  if (w->state != STATE_SELECT) {
    return MGD_BAD_ARG;
  }
  write_row(w, values);
  ++w->n_rows;
  return w->error;
}

MgdStatus
mgd_results_writer_boolean(MgdResultsWriter* const w, const bool value)
{
  if (w->error) {
    return w->error;
  }
  if (w->state != STATE_NEW) {
    return MGD_BAD_ARG;
  }
  w->state = STATE_BOOLEAN;
  write_boolean(w, value);
  return w->error;
}

MgdStatus
mgd_results_writer_end(MgdResultsWriter* const w)
{
  if (w->error) {
    return w->error;
  }
  if (w->state == STATE_DONE) {
    return MGD_BAD_ARG;
  }
  if (w->state == STATE_NEW) {
    MgdStatus st = mgd_results_writer_begin(w, NULL, 0);
    if (st) {
      return st;
    }
  }
  if (w->state == STATE_SELECT) {
    write_tail(w);
  }
  w->state = STATE_DONE;
  return out_flush(w);
}

MgdStatus
mgd_results_writer_flush(MgdResultsWriter* const w)
{
  return out_flush(w);
}
