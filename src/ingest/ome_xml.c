// Copyright 2026 The MUGDAT authors
// SPDX-License-Identifier: Apache-2.0

// OME-XML -> quads, streaming with the libxml2 SAX2 push parser.
//
// Why SAX and not xmlTextReader: the push parser hands character data over
// in small chunks, so a 2 GB BinData block never has to sit in memory, and
// we feed it the same buffers we hash for provenance (one pass over the
// file). Memory is bounded by the nesting limit times the longest attribute
// or text value we keep (both limited by MgdLimits).
//
// Security: OME-XML never needs a DTD. The parser runs with XML_PARSE_NONET
// and without XML_PARSE_NOENT/DTDLOAD, and the first DOCTYPE stops it with
// MGD_BAD_ACCESS before any entity declaration is even read, which refuses
// billion-laughs bombs and external entities (XXE) alike.
//
// The element/attribute -> term mapping is the table in mappings/ome-xml.tsv
// (see its header). Each element is one stack frame; a frame either is an RDF
// node (root, node, bindata), adds to its parent's node (merge, text, flag,
// ref, container) or is skipped/captured (skip, xml).

#include "ingest/ingest_impl.h"

#include "base/alloc.h"

#include <libxml/parser.h>
#include <libxml/parserInternals.h>
#include <libxml/SAX2.h>

#include <stdarg.h>
#include <stdint.h>
#include <stdio.h>
#include <string.h>

typedef enum {
  EK_ROOT,
  EK_NODE,
  EK_CONTAINER,
  EK_TEXT,
  EK_REF,
  EK_MERGE,
  EK_FLAG,
  EK_BINDATA,
  EK_XML,
  EK_SKIP,
} ElemKind;

typedef struct {
  ElemKind         kind;     ///< What the element does
  const MgdMapRow* row;      ///< Its element row, or NULL if unmapped
  const MgdMapRow* text_row; ///< Its #text row, or NULL
  const MgdMapRow* id_row;   ///< Its ID attribute row, or NULL
  MgdBuf           name;     ///< Local name
  const char*      key;      ///< Local name as interned by libxml2
  MgdBuf           iri;      ///< Node IRI (root, node, bindata)
  MgdBuf           text;     ///< Collected character data
  MgdBuf           counts;   ///< Packed child-name counters
  MgdBuf           link;     ///< Container: link property for children
  MgdBuf           transfer; ///< CommentAnnotation target (transfer.xml)
  MgdBuf           term;     ///< Text/flag/ref property (expanded)
  MgdBuf           dt;       ///< Text datatype IRI
  size_t           subject;  ///< Frame index of the node attributes go to
  unsigned         index;    ///< 1-based index among same-named siblings
  unsigned         line;     ///< Line of the start tag
  bool             has_text; ///< Element has a #text row (M, UUID)
  uint64_t         n_data;   ///< BinData: payload characters seen
} Frame;

/// Slots per name cache (a power of two).
#define NAME_SLOTS 512

/// What the mapping says about a pair of names: (element, attribute) for
/// attributes, (parent, element) for elements. Looked up once per distinct
/// pair, so converting an element costs no hashing of built keys. Names are
/// keyed by address: libxml2 interns element and attribute names in its
/// parser dictionary, which lives as long as the parse (and the caches), so
/// one address always holds one name.
typedef struct {
  const char*      a;    ///< First name (NULL for none)
  const char*      b;    ///< Second name (NULL: empty slot)
  const MgdMapRow* row;  ///< Attribute row / element row (NULL: unmapped)
  const MgdMapRow* text; ///< Element: its #text row, or NULL
  const MgdMapRow* id;   ///< Element: its ID attribute row, or NULL
  bool             unit; ///< Attribute: the unit of a quantity attribute
} NameSlot;

typedef struct {
  MgdIngester*     ing;
  MgdEmit*         e;
  xmlParserCtxtPtr ctxt;
  Frame*           frames;     ///< Stack, max_nesting frames
  size_t           n_frames;   ///< Allocated frames
  size_t           depth;      ///< Frames in use
  MgdStatus        status;     ///< First error
  size_t           skip_depth; ///< >0 inside a skipped subtree
  size_t           xml_depth;  ///< >0 inside an XMLLiteral (1 = Value)
  MgdBuf           xml;        ///< XMLLiteral being built
  MgdBuf           tmp;        ///< Scratch
  MgdBuf           tmp2;       ///< Scratch
  MgdBuf           path;       ///< XPath scratch
  MgdBuf           cli_path;   ///< CLITransferServerPath/Path text
  int              cli_state; ///< 0 none, 1 in CLITransferServerPath, 2 in Path
  bool             transfer;  ///< Converting an omero-cli-transfer package
  MgdArena         attr_arena; ///< Decoded attribute values of one element
  NameSlot*        attr_cache; ///< NAME_SLOTS (element, attribute) plans
  NameSlot*        elem_cache; ///< NAME_SLOTS (parent, element) plans
  const xmlChar*   ome_uri;    ///< Last namespace found to be OME's
} OmeState;

static const char* const ome_ns_prefix =
  "http://www.openmicroscopy.org/Schemas/";

// --------------------------------------------------------------------------
// Helpers

static MgdStatus
ome_fail(OmeState* const s, const MgdStatus st)
{
  if (!s->status) {
    s->status = st;
  }
  if (s->ctxt) {
    xmlStopParser(s->ctxt);
  }
  return s->status;
}

static unsigned
ome_line(const OmeState* const s)
{
  return s->ctxt ? (unsigned)xmlSAX2GetLineNumber(s->ctxt) : 0U;
}

static unsigned
ome_col(const OmeState* const s)
{
  return s->ctxt ? (unsigned)xmlSAX2GetColumnNumber(s->ctxt) : 0U;
}

/// Build the XPath of the current element (+ "/@attr" if given) in s->path.
static const char*
ome_xpath(OmeState* const s, const char* const attr)
{
  mgd_buf_reset(&s->path);
  for (size_t i = 0; i < s->depth; ++i) {
    mgd_buf_printf(&s->path, "/%s[%u]", s->frames[i].name.data,
                   s->frames[i].index);
  }
  if (attr) {
    mgd_buf_printf(&s->path, "/@%s", attr);
  }
  return s->path.data ? s->path.data : "/";
}

static MgdStatus ome_warn(OmeState* const s, const char* const attr,
                          const char* const fmt, ...)
  __attribute__((format(printf, 3, 4)));

static MgdStatus
ome_warn(OmeState* const s, const char* const attr, const char* const fmt, ...)
{
  va_list args;
  va_start(args, fmt);
  MgdEmit* const e = s->e;
  ++e->n_warnings;
  mgd_diagv(e->diag, MGD_BAD_DATA,
            e->strict ? MGD_LEVEL_ERROR : MGD_LEVEL_WARNING, e->source,
            ome_line(s), ome_col(s), ome_xpath(s, attr), fmt, args);
  va_end(args);
  return e->strict ? ome_fail(s, MGD_BAD_DATA) : MGD_SUCCESS;
}

/// Children of one element may use at most this many different names. OME
/// elements have a handful; the counters are scanned linearly, so a hostile
/// document with millions of distinct names must not make that quadratic.
#define MAX_CHILD_NAMES 1024

/// Bump the counter of child `name` in `parent` and return its new value
/// (MGD_BAD_LIMIT past MAX_CHILD_NAMES names).
static MgdStatus
counts_bump(MgdBuf* const counts, const char* const name, unsigned* const n)
{
  const size_t len     = strlen(name);
  size_t       off     = 0;
  size_t       n_names = 0;
  while (off < counts->len) {
    ++n_names;
    unsigned c  = 0;
    size_t   nl = 0;
    memcpy(&c, counts->data + off, sizeof(c));
    memcpy(&nl, counts->data + off + sizeof(c), sizeof(nl));
    const char* const nm = counts->data + off + sizeof(c) + sizeof(nl);
    if (nl == len && !memcmp(nm, name, len)) {
      ++c;
      memcpy(counts->data + off, &c, sizeof(c));
      *n = c;
      return MGD_SUCCESS;
    }
    off += sizeof(c) + sizeof(nl) + nl;
  }
  if (n_names >= MAX_CHILD_NAMES) {
    return MGD_BAD_LIMIT;
  }
  const unsigned one = 1;
  MgdStatus      st  = mgd_buf_append(counts, &one, sizeof(one));
  st                 = st ? st : mgd_buf_append(counts, &len, sizeof(len));
  st                 = st ? st : mgd_buf_append(counts, name, len);
  *n                 = 1;
  return st;
}

/// Codes of the kind column of mappings/ome-xml.tsv (MgdMapRow.tag), set
/// once when the table is loaded so that no element or attribute compares
/// kind names.
enum {
  TAG_NONE = 0, ///< Unknown kind: elements become nodes, attributes strings
  TAG_ROOT,
  TAG_NODE,
  TAG_CONTAINER,
  TAG_TEXT,
  TAG_REF,
  TAG_MERGE,
  TAG_FLAG,
  TAG_BINDATA,
  TAG_XML,
  TAG_SKIP,
  TAG_ID,
  TAG_STRING,
  TAG_INTEGER,
  TAG_DOUBLE,
  TAG_BOOLEAN,
  TAG_DATETIME,
  TAG_QUANTITY,
  TAG_ENUM,
  TAG_ENUMLIST,
  TAG_IGNORE,
  TAG_COUNT,
};

static const char* const tag_names[TAG_COUNT] = {
  "",        "root",    "node",    "container", "text",     "ref",
  "merge",   "flag",    "bindata", "xml",       "skip",     "id",
  "string",  "integer", "double",  "boolean",   "dateTime", "quantity",
  "enum",    "enumlist", "ignore",
};

void
mgd_ingest_ome_prepare(MgdMapTable* const table)
{
  for (size_t i = 0; i < table->n_rows; ++i) {
    MgdMapRow* const r = &table->rows[i];
    r->tag             = TAG_NONE;
    for (unsigned k = 1; k < TAG_COUNT; ++k) {
      if (mgd_str_eqc(r->f[2], tag_names[k])) {
        r->tag = (unsigned char)k;
        break;
      }
    }
  }
}

static ElemKind
kind_from_tag(const unsigned tag)
{
  switch (tag) {
    case TAG_ROOT:
      return EK_ROOT;
    case TAG_CONTAINER:
      return EK_CONTAINER;
    case TAG_TEXT:
      return EK_TEXT;
    case TAG_REF:
      return EK_REF;
    case TAG_MERGE:
      return EK_MERGE;
    case TAG_FLAG:
      return EK_FLAG;
    case TAG_BINDATA:
      return EK_BINDATA;
    case TAG_XML:
      return EK_XML;
    case TAG_SKIP:
      return EK_SKIP;
    default:
      return EK_NODE;
  }
}

/// Literal types of attribute and text values.
typedef enum {
  VT_STRING,
  VT_INTEGER,
  VT_DOUBLE,
  VT_BOOLEAN,
  VT_DATETIME,
} ValueType;

static const char* const vt_names[] = { "string", "integer", "double",
                                        "boolean", "dateTime" };

static ValueType
vt_from_tag(const unsigned tag)
{
  switch (tag) {
    case TAG_INTEGER:
      return VT_INTEGER;
    case TAG_DOUBLE:
      return VT_DOUBLE;
    case TAG_BOOLEAN:
      return VT_BOOLEAN;
    case TAG_DATETIME:
      return VT_DATETIME;
    default:
      return VT_STRING;
  }
}

static ValueType
vt_from_name(const MgdStr name)
{
  for (size_t i = 1; i < sizeof(vt_names) / sizeof(vt_names[0]); ++i) {
    if (mgd_str_eqc(name, vt_names[i])) {
      return (ValueType)i;
    }
  }
  return VT_STRING;
}

static bool
is_ome_ns(OmeState* const s, const xmlChar* const uri)
{
  if (uri && uri == s->ome_uri) {
    return true; // interned, like names
  }
  const bool ok =
    uri && !strncmp((const char*)uri, ome_ns_prefix, strlen(ome_ns_prefix));
  if (ok) {
    s->ome_uri = uri;
  }
  return ok;
}

static MgdStr
attr_value(const xmlChar** const attrs, const int i)
{
  const char* const b = (const char*)attrs[i * 5 + 3];
  const char* const e = (const char*)attrs[i * 5 + 4];
  return mgd_str_n(b, (size_t)(e - b));
}

/// Find attribute `name` (no namespace) among `attrs`.
static bool
attr_find(const int n, const xmlChar** const attrs, const char* const name,
          MgdStr* const value)
{
  for (int i = 0; i < n; ++i) {
    if (!attrs[i * 5 + 2] && !strcmp((const char*)attrs[i * 5], name)) {
      *value = attr_value(attrs, i);
      return true;
    }
  }
  return false;
}

/// Find attribute `attr` + "Unit" among `attrs` without building its name,
/// starting after `attr`'s own index `from` (writers put the unit next).
static bool
attr_find_unit(const int n, const xmlChar** const attrs, const char* const attr,
               const int from, MgdStr* const value)
{
  const size_t alen = strlen(attr);
  for (int k = 1; k <= n; ++k) {
    const int         i    = (from + k) % n;
    const char* const name = (const char*)attrs[i * 5];
    if (!attrs[i * 5 + 2] && name[0] == attr[0] && !strncmp(name, attr, alen) &&
        !strcmp(name + alen, "Unit")) {
      *value = attr_value(attrs, i);
      return true;
    }
  }
  return false;
}

static const MgdMapRow*
ome_row(const OmeState* const s, const char* const elem, const char* const attr)
{
  const MgdMapRow* r =
    mgd_ingest_table_get(&s->ing->ome, mgd_str(elem), mgd_str(attr));
  return r ? r
           : mgd_ingest_table_get(&s->ing->ome, mgd_str("*"), mgd_str(attr));
}

/// The slot for interned names (a, b): `*hit` tells whether it already
/// holds them; if not, it is claimed for them (the caller fills it in).
static NameSlot*
name_slot(NameSlot* const cache, const char* const a, const char* const b,
          bool* const hit)
{
  const uint64_t h = ((uint64_t)(uintptr_t)a * 0x9E3779B97F4A7C15ULL) ^
                     ((uint64_t)(uintptr_t)b * 0xC2B2AE3D27D4EB4FULL);
  NameSlot* const slot = &cache[(h >> 40U) & (NAME_SLOTS - 1U)];
  *hit                 = slot->a == a && slot->b == b;
  if (!*hit) {
    slot->a = a;
    slot->b = b;
  }
  return slot;
}

/// How attribute `name` of element `elem` is converted: its row (NULL if
/// unmapped) and whether it is the unit of a quantity attribute (read with
/// that attribute, so skipped on its own).
static const MgdMapRow*
attr_plan(OmeState* const s, const char* const elem, const char* const name,
          bool* const unit)
{
  bool            hit  = false;
  NameSlot* const slot = name_slot(s->attr_cache, elem, name, &hit);
  if (hit) {
    *unit = slot->unit;
    return slot->row;
  }
  *unit             = false;
  const size_t nlen = strlen(name);
  if (nlen > 4 && !strcmp(name + nlen - 4, "Unit")) {
    char base[128];
    snprintf(base, sizeof(base), "%.*s", (int)(nlen - 4), name);
    const MgdMapRow* const b = ome_row(s, elem, base);
    *unit                    = b && b->tag == TAG_QUANTITY;
  }
  const MgdMapRow* const row = ome_row(s, elem, name);
  slot->row  = row;
  slot->unit = *unit;
  return row;
}

/// Write the IRI of enumeration value `v` of OME core enum `en` into `out`.
static MgdStatus
enum_iri(const MgdStr en, const MgdStr v, MgdBuf* const out)
{
  mgd_buf_reset(out);
  MgdStatus st = mgd_buf_appendc(out, MGD_NS_OME);
  st           = st ? st : mgd_buf_append(out, en.ptr, en.len);
  st           = st ? st : mgd_buf_putc(out, '#');
  for (size_t i = 0; i < v.len && !st; ++i) {
    // The OME core ontology writes spaces in enum values as '+'.
    st = v.ptr[i] == ' ' ? mgd_buf_putc(out, '+')
                         : mgd_ingest_pct(mgd_str_n(v.ptr + i, 1), out);
  }
  return st;
}

/// True if `id` matches the OME ID pattern for `prefix`:
/// (urn:lsid:([\w\-\.]+\.[\w\-\.]+)+:P:\S+)|(P:\S+)
static bool
id_matches(const MgdStr id, const MgdStr prefix)
{
  size_t i = 0;
  if (mgd_str_has_prefix(id, "urn:lsid:")) {
    i = 9;
    // Authority: up to the ':' that precedes "P:".
    bool dot = false;
    while (i < id.len && id.ptr[i] != ':') {
      dot = dot || id.ptr[i] == '.';
      ++i;
    }
    if (!dot || i == id.len) {
      return false;
    }
    ++i;
  }
  if (id.len - i <= prefix.len + 1 ||
      memcmp(id.ptr + i, prefix.ptr, prefix.len) ||
      id.ptr[i + prefix.len] != ':') {
    return false;
  }
  for (size_t j = i + prefix.len + 1; j < id.len; ++j) {
    if (id.ptr[j] == ' ' || id.ptr[j] == '\t' || id.ptr[j] == '\n' ||
        id.ptr[j] == '\r') {
      return false;
    }
  }
  return true;
}

static MgdStr
trim(MgdStr v)
{
  while (v.len && (v.ptr[0] == ' ' || v.ptr[0] == '\t' || v.ptr[0] == '\n' ||
                   v.ptr[0] == '\r')) {
    ++v.ptr;
    --v.len;
  }
  while (v.len && (v.ptr[v.len - 1] == ' ' || v.ptr[v.len - 1] == '\t' ||
                   v.ptr[v.len - 1] == '\n' || v.ptr[v.len - 1] == '\r')) {
    --v.len;
  }
  return v;
}

// --------------------------------------------------------------------------
// Typed values

/// Emit `value` as a literal of type `vt`, warning (and falling back to a
/// plain string) when it is not valid.
static MgdStatus
emit_typed(OmeState* const s, const MgdStr subj, const MgdStr prop,
           const ValueType vt, MgdStr value, const char* const attr)
{
  const char* dt = NULL;
  bool        ok = true;
  switch (vt) {
    case VT_INTEGER:
      value = trim(value);
      dt    = MGD_XSD_INTEGER;
      ok    = mgd_ingest_lex_is_integer(value);
      break;
    case VT_DOUBLE:
      value = trim(value);
      dt    = MGD_XSD_DOUBLE;
      ok    = mgd_ingest_lex_is_double(value);
      break;
    case VT_BOOLEAN:
      value = trim(value);
      dt    = MGD_XSD_BOOLEAN;
      ok    = mgd_ingest_lex_is_boolean(value);
      break;
    case VT_DATETIME:
      value = trim(value);
      dt    = MGD_XSD_DATETIME;
      ok    = mgd_ingest_lex_is_datetime(value);
      break;
    case VT_STRING:
      break;
  }
  if (!value.len) {
    return MGD_SUCCESS;
  }
  if (!ok) {
    MgdBuf shown = { 0 };
    mgd_buf_append(&shown, value.ptr, value.len > 60 ? 60 : value.len);
    const MgdStatus st = ome_warn(
      s, attr, "value \"%s\" is not a valid xsd:%s; kept as a plain string",
      shown.data ? shown.data : "", vt_names[vt]);
    mgd_buf_clear(&shown);
    if (st) {
      return st;
    }
    dt = NULL;
  }
  return mgd_ingest_emit_lit(s->e, subj, prop, value, mgd_str(dt));
}

/// Emit a quantity: the number and its unit IRI (term + "_unit").
static MgdStatus
emit_quantity(OmeState* const s, const MgdStr subj, const MgdMapRow* const row,
              const MgdStr value, const int n_attrs,
              const xmlChar** const attrs, const int index,
              const char* const attr)
{
  MgdStatus st = emit_typed(s, subj, row->f[3], VT_DOUBLE, value, attr);
  if (st || !trim(value).len) {
    return st;
  }
  // arg = Units<Dim>:<default symbol>
  const MgdStr arg   = row->f[4];
  const char*  colon = memchr(arg.ptr, ':', arg.len);
  MgdStr       en = colon ? mgd_str_n(arg.ptr, (size_t)(colon - arg.ptr)) : arg;
  MgdStr       sym = colon
                       ? mgd_str_n(colon + 1, arg.len - (size_t)(colon - arg.ptr) - 1)
                       : mgd_str_n("", 0);
  MgdStr given = { 0 };
  if (attr_find_unit(n_attrs, attrs, attr, index, &given) && given.len) {
    sym = given;
  }
  if (!sym.len) {
    return MGD_SUCCESS;
  }
  const MgdMapRow* const u   = mgd_ingest_table_get(&s->ing->units, en, sym);
  MgdBuf* const          iri = &s->tmp2;
  if (u) {
    mgd_buf_reset(iri);
    st = mgd_buf_append(iri, u->f[2].ptr, u->f[2].len);
  } else {
    char unit_attr[128];
    snprintf(unit_attr, sizeof(unit_attr), "%sUnit", attr);
    MgdBuf shown = { 0 };
    mgd_buf_append(&shown, sym.ptr, sym.len > 40 ? 40 : sym.len);
    st = ome_warn(s, unit_attr, "unknown unit \"%s\" for %.*s", shown.data,
                  (int)en.len, en.ptr);
    mgd_buf_clear(&shown);
    st = st ? st : enum_iri(en, sym, iri);
  }
  MgdBuf* const prop = &s->tmp;
  mgd_buf_reset(prop);
  st = st ? st : mgd_buf_append(prop, row->f[3].ptr, row->f[3].len);
  st = st ? st : mgd_buf_append(prop, "_unit", 5);
  return st ? st
            : mgd_ingest_emit_iri(s->e, subj, mgd_buf_str(prop),
                                  mgd_buf_str(iri));
}

static MgdStatus
emit_enum(OmeState* const s, const MgdStr subj, const MgdMapRow* const row,
          const MgdStr value, const bool list)
{
  MgdStatus st = MGD_SUCCESS;
  size_t    i  = 0;
  while (i < value.len && !st) {
    size_t j = i;
    if (list) {
      while (j < value.len && value.ptr[j] != ' ') {
        ++j;
      }
    } else {
      j = value.len;
    }
    const MgdStr one = trim(mgd_str_n(value.ptr + i, j - i));
    if (one.len) {
      st = enum_iri(row->f[4], one, &s->tmp2);
      st =
        st ? st
           : mgd_ingest_emit_iri(s->e, subj, row->f[3], mgd_buf_str(&s->tmp2));
    }
    i = j + 1;
  }
  return st;
}

/// Emit the attributes of element `elem` (its interned name) onto `subj`.
static MgdStatus
emit_attrs(OmeState* const s, const char* const elem, const MgdStr subj,
           const int n, const xmlChar** const attrs)
{
  MgdStatus st = MGD_SUCCESS;
  for (int i = 0; i < n && !st; ++i) {
    if (attrs[i * 5 + 2]) {
      continue; // xsi:schemaLocation and other namespaced attributes
    }
    const char* const      name  = (const char*)attrs[i * 5];
    const MgdStr           value = attr_value(attrs, i);
    bool                   unit  = false;
    const MgdMapRow* const row   = attr_plan(s, elem, name, &unit);
    if (unit) {
      continue; // read together with its value
    }
    if (!row) {
      MgdBuf prop = { 0 };
      st          = mgd_buf_appendc(&prop, MGD_NS_OME);
      st          = st ? st : mgd_ingest_snake(mgd_str(name), &prop);
      if (!st && value.len) {
        st = mgd_ingest_emit_lit(s->e, subj, mgd_buf_str(&prop), value,
                                 mgd_str(NULL));
      }
      mgd_buf_clear(&prop);
      mgd_diag(s->e->diag, MGD_SUCCESS, MGD_LEVEL_NOTE, s->e->source,
               ome_line(s), 0, ome_xpath(s, name),
               "unmapped attribute kept as ome:<snake_case> string");
      continue;
    }
    const unsigned k = row->tag;
    if (k == TAG_ID) {
      st = mgd_ingest_emit_lit(s->e, subj, row->f[3], value, mgd_str(NULL));
      const MgdStr prefix = row->f[4].len ? row->f[4] : mgd_str(elem);
      if (!st && !id_matches(value, prefix)) {
        MgdBuf shown = { 0 };
        mgd_buf_append(&shown, value.ptr, value.len > 60 ? 60 : value.len);
        st =
          ome_warn(s, name,
                   "ID \"%s\" does not match the OME ID pattern "
                   "%.*s:\\S+ (kept as given)",
                   shown.data ? shown.data : "", (int)prefix.len, prefix.ptr);
        mgd_buf_clear(&shown);
      }
    } else if (k == TAG_REF) {
      if (value.len) {
        st = mgd_ingest_emit_mint(s->e, value, &s->tmp2);
        st = st ? st
                : mgd_ingest_emit_iri(s->e, subj, row->f[3],
                                      mgd_buf_str(&s->tmp2));
      }
    } else if (k == TAG_QUANTITY) {
      st = emit_quantity(s, subj, row, value, n, attrs, i, name);
    } else if (k == TAG_ENUM || k == TAG_ENUMLIST) {
      st = emit_enum(s, subj, row, value, k == TAG_ENUMLIST);
    } else if (k != TAG_IGNORE) {
      st = emit_typed(s, subj, row->f[3], vt_from_tag(k), value, name);
    }
  }
  return st;
}

// --------------------------------------------------------------------------
// XMLLiteral capture

static MgdStatus
xml_escape(MgdBuf* const out, const char* p, const size_t n, const bool attr)
{
  MgdStatus st = MGD_SUCCESS;
  for (size_t i = 0; i < n && !st; ++i) {
    switch (p[i]) {
      case '&':
        st = mgd_buf_appendc(out, "&amp;");
        break;
      case '<':
        st = mgd_buf_appendc(out, "&lt;");
        break;
      case '>':
        st = mgd_buf_appendc(out, "&gt;");
        break;
      case '"':
        st = attr ? mgd_buf_appendc(out, "&quot;") : mgd_buf_putc(out, '"');
        break;
      case '\r':
        st = mgd_buf_appendc(out, "&#xD;");
        break;
      case '\n':
        st = attr ? mgd_buf_appendc(out, "&#xA;") : mgd_buf_putc(out, '\n');
        break;
      case '\t':
        st = attr ? mgd_buf_appendc(out, "&#x9;") : mgd_buf_putc(out, '\t');
        break;
      default:
        st = mgd_buf_putc(out, p[i]);
        break;
    }
  }
  return st;
}

static MgdStatus
xml_start(OmeState* const s, const xmlChar* const local,
          const xmlChar* const prefix, const xmlChar* const uri, const int n_ns,
          const xmlChar** const ns, const int n_attrs,
          const xmlChar** const attrs)
{
  MgdBuf* const out = &s->xml;
  MgdStatus     st  = mgd_buf_putc(out, '<');
  if (prefix) {
    st = st ? st : mgd_buf_appendc(out, (const char*)prefix);
    st = st ? st : mgd_buf_putc(out, ':');
  }
  st            = st ? st : mgd_buf_appendc(out, (const char*)local);
  bool declared = false;
  for (int i = 0; i < n_ns && !st; ++i) {
    const char* const p = (const char*)ns[i * 2];
    const char* const u = (const char*)ns[i * 2 + 1];
    st                  = mgd_buf_appendc(out, p ? " xmlns:" : " xmlns");
    st                  = st ? st : mgd_buf_appendc(out, p ? p : "");
    st                  = st ? st : mgd_buf_appendc(out, "=\"");
    st = st ? st : xml_escape(out, u ? u : "", u ? strlen(u) : 0, true);
    st = st ? st : mgd_buf_putc(out, '"');
    if ((!p && !prefix) || (p && prefix && !strcmp(p, (const char*)prefix))) {
      declared = true;
    }
  }
  // A top-level literal element must carry the namespace it inherited from
  // the OME document, or the literal would change meaning on its own.
  if (!st && s->xml_depth == 2 && !declared && uri) {
    st = mgd_buf_appendc(out, prefix ? " xmlns:" : " xmlns");
    st = st ? st : mgd_buf_appendc(out, prefix ? (const char*)prefix : "");
    st = st ? st : mgd_buf_appendc(out, "=\"");
    st = st ? st
            : xml_escape(out, (const char*)uri, strlen((const char*)uri), true);
    st = st ? st : mgd_buf_putc(out, '"');
  }
  for (int i = 0; i < n_attrs && !st; ++i) {
    const char* const ap = (const char*)attrs[i * 5 + 1];
    const MgdStr      v  = attr_value(attrs, i);
    st                   = mgd_buf_putc(out, ' ');
    if (ap) {
      st = st ? st : mgd_buf_appendc(out, ap);
      st = st ? st : mgd_buf_putc(out, ':');
    }
    st = st ? st : mgd_buf_appendc(out, (const char*)attrs[i * 5]);
    st = st ? st : mgd_buf_appendc(out, "=\"");
    st = st ? st : xml_escape(out, v.ptr, v.len, true);
    st = st ? st : mgd_buf_putc(out, '"');
  }
  st = st ? st : mgd_buf_putc(out, '>');
  if (!st && out->len > s->e->limits->max_term_bytes) {
    st = MGD_BAD_LIMIT;
  }
  // omero-cli-transfer (new layout): <CLITransferServerPath><Path>p</Path>
  if (!strcmp((const char*)local, "CLITransferServerPath")) {
    s->cli_state = 1;
  } else if (s->cli_state == 1 && !strcmp((const char*)local, "Path")) {
    s->cli_state = 2;
    mgd_buf_reset(&s->cli_path);
  }
  return st;
}

static MgdStatus
xml_end(OmeState* const s, const xmlChar* const local,
        const xmlChar* const prefix)
{
  MgdStatus st = mgd_buf_appendc(&s->xml, "</");
  if (prefix) {
    st = st ? st : mgd_buf_appendc(&s->xml, (const char*)prefix);
    st = st ? st : mgd_buf_putc(&s->xml, ':');
  }
  st = st ? st : mgd_buf_appendc(&s->xml, (const char*)local);
  st = st ? st : mgd_buf_putc(&s->xml, '>');
  if (s->cli_state == 2 && !strcmp((const char*)local, "Path")) {
    s->cli_state = 3;
  }
  return st;
}

// --------------------------------------------------------------------------
// SAX callbacks

/// libxml2 without entity substitution hands attribute values over with
/// each '&' written as "&#38;" (whatever the document wrote: &amp;, &#38;).
/// Every '&' is written that way, so replacing them all is exact. Returns
/// `attrs` itself when no value needs it, else a copy (valid until the next
/// element) with decoded values, or NULL when out of memory.
static const xmlChar**
attrs_decode(OmeState* const s, const int n, const xmlChar** const attrs)
{
  bool any = false;
  for (int i = 0; i < n && !any; ++i) {
    const MgdStr v = attr_value(attrs, i);
    for (const char* a = v.len ? memchr(v.ptr, '&', v.len) : NULL; a && !any;
         a = memchr(a + 1, '&', (size_t)(v.ptr + v.len - a - 1))) {
      any = a + 5 <= v.ptr + v.len && !memcmp(a, "&#38;", 5);
    }
  }
  if (!any) {
    return attrs;
  }
  mgd_arena_reset(&s->attr_arena);
  const xmlChar** const out =
    mgd_arena_calloc(&s->attr_arena, (size_t)n * 5, sizeof(xmlChar*));
  if (!out) {
    return NULL;
  }
  for (int i = 0; i < n; ++i) {
    memcpy(&out[i * 5], &attrs[i * 5], 3 * sizeof(xmlChar*));
    const MgdStr v = attr_value(attrs, i);
    char* const  d = mgd_arena_alloc(&s->attr_arena, v.len + 1);
    if (!d) {
      return NULL;
    }
    size_t m = 0;
    for (size_t k = 0; k < v.len; ++k) {
      if (k + 5 <= v.len && !memcmp(v.ptr + k, "&#38;", 5)) {
        d[m++] = '&';
        k += 4;
      } else {
        d[m++] = v.ptr[k];
      }
    }
    d[m]           = '\0';
    out[i * 5 + 3] = (const xmlChar*)d;
    out[i * 5 + 4] = (const xmlChar*)(d + m);
  }
  return out;
}

/// Append `n` in decimal.
static MgdStatus
put_uint(MgdBuf* const out, unsigned n)
{
  char  d[16];
  char* p = d + sizeof(d);
  do {
    *--p = (char)('0' + n % 10U);
    n /= 10U;
  } while (n);
  return mgd_buf_append(out, p, (size_t)(d + sizeof(d) - p));
}

static MgdStatus
frame_push(OmeState* const s, const char* const name, Frame** const out)
{
  if (s->depth >= s->n_frames) {
    return mgd_ingest_emit_error(
      s->e, MGD_BAD_LIMIT, ome_line(s), ome_col(s), ome_xpath(s, NULL),
      "elements nested deeper than the limit of %zu", s->n_frames);
  }
  Frame* const f   = &s->frames[s->depth];
  unsigned     idx = 1;
  if (s->depth > 0) {
    const MgdStatus st =
      counts_bump(&s->frames[s->depth - 1].counts, name, &idx);
    if (st == MGD_BAD_LIMIT) {
      return mgd_ingest_emit_error(
        s->e, st, ome_line(s), ome_col(s), ome_xpath(s, NULL),
        "more than %d different child element names", MAX_CHILD_NAMES);
    }
    if (st) {
      return st;
    }
  }
  mgd_buf_reset(&f->name);
  mgd_buf_reset(&f->iri);
  mgd_buf_reset(&f->text);
  mgd_buf_reset(&f->counts);
  mgd_buf_reset(&f->link);
  mgd_buf_reset(&f->transfer);
  mgd_buf_reset(&f->term);
  mgd_buf_reset(&f->dt);
  f->key      = name;
  f->row      = NULL;
  f->text_row = NULL;
  f->id_row   = NULL;
  f->kind     = EK_NODE;
  f->index    = idx;
  f->line     = ome_line(s);
  f->has_text = false;
  f->n_data   = 0;
  f->subject  = s->depth;
  ++s->depth;
  *out = f;
  return mgd_buf_appendc(&f->name, name);
}

/// Decide what an element does, from its row or, if unmapped, its shape.
static MgdStatus
frame_classify(OmeState* const s, Frame* const f, const Frame* const parent,
               const int n_attrs, const xmlChar** const attrs)
{
  const char* const name = f->name.data;
  const MgdMapRow*  row  = NULL;
  MgdStatus         st   = MGD_SUCCESS;
  bool              hit  = false;
  NameSlot* const   slot =
    name_slot(s->elem_cache, parent ? parent->key : NULL, f->key, &hit);
  if (hit) {
    row         = slot->row;
    f->text_row = slot->text;
    f->id_row   = slot->id;
  } else {
    if (parent) {
      MgdBuf* const key = &s->tmp;
      mgd_buf_reset(key);
      st  = mgd_buf_append(key, parent->name.data, parent->name.len);
      st  = st ? st : mgd_buf_putc(key, '/');
      st  = st ? st : mgd_buf_append(key, name, f->name.len);
      row = st ? NULL
               : mgd_ingest_table_get(&s->ing->ome, mgd_buf_str(key),
                                      mgd_str(""));
    }
    if (!row) {
      row = mgd_ingest_table_get(&s->ing->ome, mgd_str(name), mgd_str(""));
    }
    f->text_row =
      mgd_ingest_table_get(&s->ing->ome, mgd_str(name), mgd_str("#text"));
    f->id_row = ome_row(s, name, "ID");
    slot->row  = row;
    slot->text = f->text_row;
    slot->id   = f->id_row;
    if (st) {
      slot->b = NULL; // not filled in: empty
    }
  }
  f->row = row;
  if (row) {
    f->kind = kind_from_tag(row->tag);
    st      = st ? st : mgd_buf_append(&f->term, row->f[3].ptr, row->f[3].len);
    if (f->kind == EK_TEXT && row->f[4].len) {
      st = st ? st : mgd_buf_appendc(&f->dt, MGD_NS_XSD);
      st = st ? st : mgd_buf_append(&f->dt, row->f[4].ptr, row->f[4].len);
    }
    if (f->kind == EK_CONTAINER) {
      st = st ? st : mgd_buf_append(&f->link, row->f[3].ptr, row->f[3].len);
    }
  } else {
    const size_t len = strlen(name);
    MgdStr       id  = { 0 };
    if (len > 3 && !strcmp(name + len - 3, "Ref")) {
      // FooRef -> mgdv:foo
      f->kind = EK_REF;
      st      = st ? st : mgd_buf_appendc(&f->term, MGD_NS_MGDV);
      st      = st ? st
                   : mgd_buf_putc(&f->term, (char)(name[0] >= 'A' && name[0] <= 'Z'
                                                     ? name[0] - 'A' + 'a'
                                                     : name[0]));
      st      = st ? st : mgd_buf_append(&f->term, name + 1, len - 4);
    } else {
      f->kind = EK_NODE;
      st      = st ? st : mgd_buf_appendc(&f->term, MGD_NS_OME);
      st      = st ? st : mgd_buf_appendc(&f->term, name);
      (void)attr_find(n_attrs, attrs, "ID", &id);
      mgd_diag(s->e->diag, MGD_SUCCESS, MGD_LEVEL_NOTE, s->e->source,
               ome_line(s), 0, ome_xpath(s, NULL),
               "unmapped element converted to a node of class ome:%s", name);
    }
  }
  f->has_text = f->text_row != NULL;
  return st;
}

/// The link property from the parent node to a new node `f`.
static MgdStatus
node_link(OmeState* const s, const Frame* const f, const Frame* const parent,
          MgdBuf* const out)
{
  mgd_buf_reset(out);
  if (f->row && f->row->f[4].len) {
    return mgd_buf_append(out, f->row->f[4].ptr, f->row->f[4].len);
  }
  if (parent && parent->kind == EK_CONTAINER && parent->link.len) {
    return mgd_buf_append(out, parent->link.data, parent->link.len);
  }
  (void)s;
  MgdStatus st = mgd_buf_appendc(out, MGD_NS_OME);
  return st ? st : mgd_ingest_snake(mgd_str(f->name.data), out);
}

static MgdStatus
node_start(OmeState* const s, Frame* const f, Frame* const parent,
           const int n_attrs, const xmlChar** const attrs)
{
  MgdStatus              st     = MGD_SUCCESS;
  MgdStr                 id     = { 0 };
  const MgdMapRow* const id_row = f->id_row;
  if (f->kind == EK_ROOT) {
    st = mgd_ingest_emit_mint(s->e, mgd_str(f->name.data), &f->iri);
  } else if (attr_find(n_attrs, attrs, "ID", &id) && id.len && id_row &&
             mgd_str_eqc(id_row->f[2], "id")) {
    st = mgd_ingest_emit_mint(s->e, id, &f->iri);
  } else {
    const Frame* const ps = &s->frames[parent->subject];
    st                    = mgd_buf_append(&f->iri, ps->iri.data, ps->iri.len);
    st = st ? st : mgd_buf_putc(&f->iri, '/');
    st = st ? st : mgd_buf_append(&f->iri, f->name.data, f->name.len);
    st = st ? st : mgd_buf_putc(&f->iri, '/');
    st = st ? st : put_uint(&f->iri, f->index);
  }
  const MgdStr iri = mgd_buf_str(&f->iri);
  if (!st && f->term.len) {
    st = mgd_ingest_emit_iri(s->e, iri, mgd_str(MGD_RDF_TYPE),
                             mgd_buf_str(&f->term));
  }
  if (!st && parent) {
    st = node_link(s, f, parent, &s->tmp);
    st = st ? st
            : mgd_ingest_emit_iri(s->e,
                                  mgd_buf_str(&s->frames[parent->subject].iri),
                                  mgd_buf_str(&s->tmp), iri);
  }
  return st ? st : emit_attrs(s, f->key, iri, n_attrs, attrs);
}

static void
on_start(void* const ctx, const xmlChar* const local,
         const xmlChar* const prefix, const xmlChar* const uri, const int n_ns,
         const xmlChar** const ns, const int n_attrs, const int n_defaulted,
         const xmlChar** const raw_attrs)
{
  OmeState* const s = (OmeState*)ctx;
  (void)n_defaulted;
  if (s->status) {
    return;
  }
  const xmlChar** const attrs = attrs_decode(s, n_attrs, raw_attrs);
  if (!attrs && raw_attrs) {
    ome_fail(s, MGD_BAD_ALLOC);
    return;
  }
  if (s->xml_depth) {
    ++s->xml_depth;
    const MgdStatus st =
      xml_start(s, local, prefix, uri, n_ns, ns, n_attrs, attrs);
    if (st) {
      ome_fail(s, st == MGD_BAD_LIMIT
                    ? mgd_ingest_emit_error(
                        s->e, st, ome_line(s), ome_col(s), ome_xpath(s, NULL),
                        "XMLAnnotation value longer than the "
                        "literal size limit")
                    : st);
    }
    return;
  }
  if (s->skip_depth) {
    ++s->skip_depth;
    return;
  }
  const char* const name = (const char*)local;
  if (!is_ome_ns(s, uri)) {
    if (s->depth == 0) {
      ome_fail(s, mgd_ingest_emit_error(
                    s->e, MGD_BAD_DATA, ome_line(s), ome_col(s), NULL,
                    "not an OME-XML document: the root element <%s> is not in "
                    "an OME schema namespace (%s...), but in \"%s\"",
                    name, ome_ns_prefix, uri ? (const char*)uri : ""));
      return;
    }
    s->skip_depth = 1;
    if (ome_warn(s, NULL, "element <%s> in foreign namespace \"%s\" skipped",
                 name, uri ? (const char*)uri : "")) {
      return;
    }
    return;
  }
  Frame* const parent = s->depth ? &s->frames[s->depth - 1] : NULL;
  Frame*       f      = NULL;
  MgdStatus    st     = frame_push(s, name, &f);
  st                  = st ? st : frame_classify(s, f, parent, n_attrs, attrs);
  if (!st && !parent && f->kind != EK_ROOT) {
    st =
      mgd_ingest_emit_error(s->e, MGD_BAD_DATA, ome_line(s), ome_col(s), NULL,
                            "not an OME-XML document: root element is <%s>, "
                            "expected <OME>",
                            name);
  }
  if (!st && parent && f->kind == EK_ROOT) {
    f->kind = EK_NODE;
  }
  if (st) {
    ome_fail(s, st);
    return;
  }
  f->subject = parent ? parent->subject : 0;
  switch (f->kind) {
    case EK_ROOT:
    case EK_NODE:
    case EK_BINDATA:
      f->subject = s->depth - 1;
      st         = node_start(s, f, parent, n_attrs, attrs);
      break;
    case EK_MERGE: {
      const MgdStr subj = mgd_buf_str(&s->frames[f->subject].iri);
      if (f->term.len) {
        st = mgd_ingest_emit_iri(s->e, subj, mgd_str(MGD_RDF_TYPE),
                                 mgd_buf_str(&f->term));
      }
      st = st ? st : emit_attrs(s, name, subj, n_attrs, attrs);
      break;
    }
    case EK_REF: {
      MgdStr id = { 0 };
      if (attr_find(n_attrs, attrs, "ID", &id) && id.len) {
        st = mgd_ingest_emit_mint(s->e, id, &s->tmp2);
        st =
          st
            ? st
            : mgd_ingest_emit_iri(s->e, mgd_buf_str(&s->frames[f->subject].iri),
                                  mgd_buf_str(&f->term), mgd_buf_str(&s->tmp2));
      } else {
        st = ome_warn(s, "ID", "reference <%s> without an ID", name);
      }
      break;
    }
    case EK_FLAG:
      st = mgd_ingest_emit_lit(s->e, mgd_buf_str(&s->frames[f->subject].iri),
                               mgd_buf_str(&f->term), mgd_str("true"),
                               mgd_str(MGD_XSD_BOOLEAN));
      break;
    case EK_XML:
      s->xml_depth = 1;
      s->cli_state = 0;
      mgd_buf_reset(&s->xml);
      mgd_buf_reset(&s->cli_path);
      break;
    case EK_SKIP:
      --s->depth;
      s->skip_depth = 1;
      break;
    case EK_CONTAINER:
    case EK_TEXT:
      break;
  }
  // Old transfer.xml layout: the server path is a CommentAnnotation whose
  // Namespace names the image it belongs to ("Image:1678").
  if (!st && s->transfer && !strcmp(name, "CommentAnnotation")) {
    MgdStr nsv = { 0 };
    if (attr_find(n_attrs, attrs, "Namespace", &nsv) &&
        (mgd_str_has_prefix(nsv, "Image:") ||
         mgd_str_has_prefix(nsv, "Plate:"))) {
      st = mgd_buf_append(&f->transfer, nsv.ptr, nsv.len);
    }
  }
  if (st) {
    ome_fail(s, st);
  }
}

static MgdStatus
transfer_path(OmeState* const s, const MgdStr ann, const MgdStr target,
              const MgdStr path)
{
  const MgdStr p  = mgd_str(MGD_NS_MGDV "transferPath");
  MgdStatus    st = mgd_ingest_emit_lit(s->e, ann, p, path, mgd_str(NULL));
  if (!st && target.len) {
    st = mgd_ingest_emit_mint(s->e, target, &s->tmp2);
    st = st ? st
            : mgd_ingest_emit_lit(s->e, mgd_buf_str(&s->tmp2), p, path,
                                  mgd_str(NULL));
  }
  return st;
}

static MgdStatus
text_end(OmeState* const s, Frame* const f)
{
  Frame* const subj = &s->frames[f->subject];
  MgdStr       v    = mgd_buf_str(&f->text);
  if (!trim(v).len) {
    return MGD_SUCCESS;
  }
  ValueType type = VT_STRING;
  if (f->dt.len > strlen(MGD_NS_XSD)) {
    type = vt_from_name(mgd_str(f->dt.data + strlen(MGD_NS_XSD)));
  }
  MgdStatus st = emit_typed(s, mgd_buf_str(&subj->iri), mgd_buf_str(&f->term),
                            type, v, NULL);
  if (!st && s->transfer && subj->transfer.len &&
      !strcmp(f->name.data, "Value")) {
    st = transfer_path(s, mgd_buf_str(&subj->iri), mgd_buf_str(&subj->transfer),
                       trim(v));
  }
  return st;
}

static void
on_end(void* const ctx, const xmlChar* const local, const xmlChar* const prefix,
       const xmlChar* const uri)
{
  OmeState* const s = (OmeState*)ctx;
  (void)uri;
  if (s->status) {
    return;
  }
  if (s->xml_depth > 1) {
    --s->xml_depth;
    const MgdStatus st = xml_end(s, local, prefix);
    if (st) {
      ome_fail(s, st);
    }
    return;
  }
  if (s->skip_depth) {
    --s->skip_depth;
    return;
  }
  if (!s->depth) {
    return;
  }
  Frame* const f  = &s->frames[s->depth - 1];
  MgdStatus    st = MGD_SUCCESS;
  if (s->xml_depth == 1) {
    s->xml_depth            = 0;
    const Frame* const subj = &s->frames[f->subject];
    const MgdStr       lit  = trim(mgd_buf_str(&s->xml));
    if (lit.len) {
      st = mgd_ingest_emit_lit(s->e, mgd_buf_str(&subj->iri),
                               mgd_buf_str(&f->term), lit,
                               mgd_str(MGD_RDF_XMLLITERAL));
    }
    if (!st && s->cli_state == 3 && trim(mgd_buf_str(&s->cli_path)).len) {
      st = transfer_path(s, mgd_buf_str(&subj->iri), mgd_str(NULL),
                         trim(mgd_buf_str(&s->cli_path)));
    }
    s->cli_state = 0;
  } else if (f->kind == EK_BINDATA && f->n_data) {
    // Size only: the payload itself is never stored.
    char n[32];
    snprintf(n, sizeof(n), "%llu", (unsigned long long)f->n_data);
    st = mgd_ingest_emit_lit(s->e, mgd_buf_str(&f->iri),
                             mgd_str(MGD_NS_MGDV "encodedSize"), mgd_str(n),
                             mgd_str(MGD_XSD_INTEGER));
  } else if (f->kind == EK_TEXT) {
    st = text_end(s, f);
  } else if (f->has_text && trim(mgd_buf_str(&f->text)).len) {
    const MgdMapRow* const r = f->text_row;
    st = emit_typed(s, mgd_buf_str(&s->frames[f->subject].iri), r->f[3],
                    vt_from_tag(r->tag), mgd_buf_str(&f->text), "#text");
  }
  --s->depth;
  if (st) {
    ome_fail(s, st);
  }
}

static void
on_chars(void* const ctx, const xmlChar* const ch, const int len)
{
  OmeState* const s = (OmeState*)ctx;
  if (s->status || len <= 0) {
    return;
  }
  MgdStatus st = MGD_SUCCESS;
  if (s->xml_depth) {
    st = xml_escape(&s->xml, (const char*)ch, (size_t)len, false);
    if (s->cli_state == 2) {
      st = st ? st : mgd_buf_append(&s->cli_path, ch, (size_t)len);
    }
    if (!st && s->xml.len > s->e->limits->max_term_bytes) {
      st = mgd_ingest_emit_error(
        s->e, MGD_BAD_LIMIT, ome_line(s), ome_col(s), ome_xpath(s, NULL),
        "XMLAnnotation value longer than the literal size "
        "limit of %zu bytes",
        s->e->limits->max_term_bytes);
    }
  } else if (!s->skip_depth && s->depth) {
    Frame* const f = &s->frames[s->depth - 1];
    if (f->kind == EK_TEXT || f->has_text) {
      st = mgd_buf_append(&f->text, ch, (size_t)len);
      if (!st && f->text.len > s->e->limits->max_term_bytes) {
        st = mgd_ingest_emit_error(
          s->e, MGD_BAD_LIMIT, ome_line(s), ome_col(s), ome_xpath(s, NULL),
          "text longer than the literal size limit of %zu "
          "bytes",
          s->e->limits->max_term_bytes);
      }
    }
    // BinData payloads are only counted; other text (whitespace) dropped.
    if (f->kind == EK_BINDATA) {
      for (int i = 0; i < len; ++i) {
        f->n_data += ch[i] > ' ';
      }
    }
  }
  if (st) {
    ome_fail(s, st);
  }
}

static void
on_dtd(void* const ctx, const xmlChar* const name, const xmlChar* const ext_id,
       const xmlChar* const sys_id)
{
  OmeState* const s = (OmeState*)ctx;
  (void)ext_id;
  if (!s->status) {
    s->status = mgd_ingest_emit_error(
      s->e, MGD_BAD_ACCESS, ome_line(s), ome_col(s), NULL,
      "DOCTYPE declaration refused (<!DOCTYPE %s%s%s>): OME-XML needs no DTD, "
      "and entity declarations (XML bombs) and external entities (XXE) are "
      "not processed",
      name ? (const char*)name : "", sys_id ? " SYSTEM " : "",
      sys_id ? (const char*)sys_id : "");
  }
  xmlStopParser(s->ctxt);
}

static xmlEntityPtr
on_get_entity(void* const ctx, const xmlChar* const name)
{
  (void)ctx;
  (void)name;
  return NULL; // no entities other than the predefined five
}

static void
on_entity_decl(void* const ctx, const xmlChar* const name, const int type,
               const xmlChar* const public_id, const xmlChar* const system_id,
               xmlChar* const content)
{
  OmeState* const s = (OmeState*)ctx;
  (void)type;
  (void)public_id;
  (void)system_id;
  (void)content;
  if (!s->status) {
    s->status = mgd_ingest_emit_error(
      s->e, MGD_BAD_ACCESS, ome_line(s), ome_col(s), NULL,
      "entity declaration \"%s\" refused", name ? (const char*)name : "");
  }
  xmlStopParser(s->ctxt);
}

static void
on_serror(void* const ctx, xmlErrorPtr const err)
{
  OmeState* const s = (OmeState*)ctx;
  if (!err || err->level < XML_ERR_ERROR || s->status) {
    return;
  }
  char msg[512];
  snprintf(msg, sizeof(msg), "%s", err->message ? err->message : "XML error");
  size_t n = strlen(msg);
  while (n && (msg[n - 1] == '\n' || msg[n - 1] == '\r')) {
    msg[--n] = '\0';
  }
  s->status = mgd_ingest_emit_error(
    s->e, MGD_BAD_SYNTAX, err->line > 0 ? (unsigned)err->line : 0U,
    err->int2 > 0 ? (unsigned)err->int2 : 0U, NULL, "malformed XML: %s", msg);
  if (s->ctxt) {
    xmlStopParser(s->ctxt);
  }
}

// --------------------------------------------------------------------------
// Driver

// libxml2 prints some input-layer errors ("encoder error") through its
// generic error handler, which defaults to stderr. Library code never
// prints: the same problems also reach on_serror, so this one is silenced
// for the duration of a parse (the handler is per thread in libxml2).
static void
silent_error(void* const ctx, const char* const msg, ...)
{
  (void)ctx;
  (void)msg;
}

static void
state_clear(OmeState* const s)
{
  if (s->frames) {
    for (size_t i = 0; i < s->n_frames; ++i) {
      Frame* const f = &s->frames[i];
      mgd_buf_clear(&f->name);
      mgd_buf_clear(&f->iri);
      mgd_buf_clear(&f->text);
      mgd_buf_clear(&f->counts);
      mgd_buf_clear(&f->link);
      mgd_buf_clear(&f->transfer);
      mgd_buf_clear(&f->term);
      mgd_buf_clear(&f->dt);
    }
  }
  mgd_free(s->frames);
  mgd_buf_clear(&s->xml);
  mgd_buf_clear(&s->tmp);
  mgd_buf_clear(&s->tmp2);
  mgd_buf_clear(&s->path);
  mgd_buf_clear(&s->cli_path);
  mgd_arena_clear(&s->attr_arena);
  mgd_free(s->attr_cache);
  mgd_free(s->elem_cache);
  if (s->ctxt) {
    xmlFreeParserCtxt(s->ctxt);
  }
}

MgdStatus
mgd_ingest_ome_xml(MgdIngester* const ing, MgdIngestInput* const in,
                   MgdEmit* const e)
{
  OmeState s;
  memset(&s, 0, sizeof(s));
  s.ing      = ing;
  s.e        = e;
  s.transfer = ing->kind == MGD_INGEST_OMERO_TRANSFER;
  mgd_arena_init(&s.attr_arena, 0);
  s.n_frames = ing->limits.max_nesting ? ing->limits.max_nesting : 256;
  s.frames     = mgd_calloc(s.n_frames, sizeof(Frame));
  s.attr_cache = mgd_calloc(NAME_SLOTS, sizeof(NameSlot));
  s.elem_cache = mgd_calloc(NAME_SLOTS, sizeof(NameSlot));
  char*                     chunk         = mgd_malloc(65536);
  MgdStatus                 st            = MGD_SUCCESS;
  xmlGenericErrorFunc const old_error     = xmlGenericError;
  void* const               old_error_ctx = xmlGenericErrorContext;
  xmlSetGenericErrorFunc(NULL, silent_error);
  if (!s.frames || !chunk || !s.attr_cache || !s.elem_cache) {
    st = MGD_BAD_ALLOC;
    goto done;
  }

  xmlSAXHandler sax;
  memset(&sax, 0, sizeof(sax));
  sax.initialized    = XML_SAX2_MAGIC;
  sax.startElementNs = on_start;
  sax.endElementNs   = on_end;
  sax.characters     = on_chars;
  sax.cdataBlock     = on_chars;
  sax.internalSubset = on_dtd;
  sax.externalSubset = on_dtd;
  sax.getEntity      = on_get_entity;
  sax.entityDecl     = on_entity_decl;
  sax.serror         = on_serror;

  size_t got = 0;
  st         = mgd_ingest_input_read(in, chunk, 4, &got);
  if (st) {
    goto done;
  }
  s.ctxt = xmlCreatePushParserCtxt(&sax, &s, chunk, (int)got, e->source);
  if (!s.ctxt) {
    st = MGD_BAD_ALLOC;
    goto done;
  }
  xmlCtxtUseOptions(s.ctxt, XML_PARSE_NONET | XML_PARSE_NOCDATA);
  while (!s.status) {
    st = mgd_ingest_input_read(in, chunk, 65536, &got);
    if (st) {
      goto done;
    }
    const int rc = xmlParseChunk(s.ctxt, chunk, (int)got, got == 0);
    if (rc && !s.status) {
      s.status =
        mgd_ingest_emit_error(e, MGD_BAD_SYNTAX, ome_line(&s), ome_col(&s),
                              NULL, "malformed XML (libxml2 error %d)", rc);
    }
    if (got == 0) {
      break;
    }
  }
  st = s.status;
  if (!st && s.depth) {
    st = mgd_ingest_emit_error(e, MGD_BAD_SYNTAX, ome_line(&s), ome_col(&s),
                               NULL, "malformed XML: document ends inside <%s>",
                               s.frames[s.depth - 1].name.data);
  }
done:
  xmlSetGenericErrorFunc(old_error_ctx, old_error);
  mgd_free(chunk);
  state_clear(&s);
  return st;
}
