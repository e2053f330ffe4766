// Copyright 2026 The MUGDAT authors
// SPDX-License-Identifier: Apache-2.0

/// Content negotiation and form decoding for the HTTP layer.
///
/// Accept handling follows RFC 9110 §12.5.1: media ranges with q-values and
/// the wildcards `type/*` and `*/*`; the most specific range that matches an
/// offered type gives its quality; q=0 means "not acceptable". Parameters
/// other than q are ignored. Among equally good offers the server's order
/// wins, so callers list their preferred type first.
///
/// Form decoding handles application/x-www-form-urlencoded bodies and URL
/// query strings the same way (WHATWG URL §5.1): `&`-separated pairs, `+` is
/// a space, `%XX` is a byte. Repeated keys are kept in order (SPARQL 1.1
/// Protocol sends one `named-graph-uri` per graph). All decoded strings live
/// in the caller's arena and are NUL-terminated (they may also contain NUL
/// bytes, so use the lengths).

#ifndef MGD_HTTP_CONNEG_H
#define MGD_HTTP_CONNEG_H

#include "base/arena.h"
#include "base/status.h"
#include "base/str.h"

#include <stdbool.h>
#include <stddef.h>

/// Most media ranges considered in one Accept header; later ones are ignored
/// so a hostile header costs bounded work.
#define MGD_CONNEG_MAX_RANGES 64U

/// Most fields decoded from one form or query string (MGD_BAD_LIMIT beyond).
#define MGD_FORM_MAX_FIELDS 1024U

/// Choose among `n_offered` media types (lower-case `type/subtype` strings,
/// in the server's order of preference) given the value of an Accept header.
/// A NULL or blank header accepts anything (returns 0). Returns the index of
/// the chosen type, or -1 when none is acceptable (answer 406).
int mgd_conneg_choose(const char*        accept,
                      const char* const* offered,
                      size_t             n_offered);

/// The quality (0..1000, thousandths) that `accept` gives `type` through
/// its most specific matching range; 1000 for a NULL/blank header.
/// `explicit_only` ignores the wildcard ranges (then 0 if not named).
unsigned mgd_conneg_quality(const char* accept,
                            const char* type,
                            bool        explicit_only);

/// True if `accept` lists `coding` (e.g. "gzip", case-insensitive) with a
/// nonzero q-value, as in Accept-Encoding (RFC 9110 §12.5.3; `*` counts).
bool mgd_conneg_accepts_coding(const char* accept_encoding, const char* coding);

/// The media type of a Content-Type value, without parameters, lower-cased,
/// copied into `arena`. The empty view if `value` is NULL or malformed.
MgdStr mgd_conneg_media_type(MgdArena* arena, const char* value);

/// The value of parameter `name` (lower case) in a Content-Type value, e.g.
/// the boundary of multipart/form-data, unquoted, copied into `arena`.
/// False if absent (or out of memory).
bool mgd_conneg_param(MgdArena*   arena,
                      const char* value,
                      const char* name,
                      MgdStr*     out);

/// True unless the Content-Type value `value` names a charset other than
/// UTF-8 (or its alias "utf8"), case-insensitively. No charset is fine.
bool mgd_conneg_charset_is_utf8(const char* value);

/// One decoded form field; both views NUL-terminated, in the arena.
typedef struct {
  MgdStr key;   ///< Decoded name
  MgdStr value; ///< Decoded value (empty if the pair had no `=`)
} MgdFormField;

/// A decoded form: fields in input order.
typedef struct {
  MgdFormField* fields;   ///< Array in the arena
  size_t        n_fields; ///< Number of fields
} MgdForm;

/// Decode `n` bytes of urlencoded `text` into `form`, allocating from
/// `arena`. Returns MGD_BAD_SYNTAX for a bad `%` escape (with `form`
/// unspecified), MGD_BAD_LIMIT past MGD_FORM_MAX_FIELDS fields and
/// MGD_BAD_ALLOC when the arena is exhausted. Empty pairs (`a&&b`) are
/// skipped.
MgdStatus mgd_form_parse(MgdArena*   arena,
                         const char* text,
                         size_t      n,
                         MgdForm*    form);

/// Percent-decode `n` bytes of `text` into the arena (`+` becomes a space
/// only when `plus_is_space`). MGD_BAD_SYNTAX on a bad escape.
MgdStatus mgd_form_decode(MgdArena*   arena,
                          const char* text,
                          size_t      n,
                          bool        plus_is_space,
                          MgdStr*     out);

/// Number of fields named `key`.
size_t mgd_form_count(const MgdForm* form, const char* key);

/// The value of the first field named `key`, or NULL.
const MgdStr* mgd_form_get(const MgdForm* form, const char* key);

/// True if some field is named `key`.
bool mgd_form_has(const MgdForm* form, const char* key);

#endif // MGD_HTTP_CONNEG_H
