// Copyright 2026 The MUGDAT authors
// SPDX-License-Identifier: Apache-2.0

/// Term ids: u64 with a type tag in the high 4 bits (DESIGN.md §2).
///
/// Small literals are inlined in the id and never touch a dictionary:
/// xsd:integer in canonical form within ±2^59 (order-preserving, so an
/// integer range is an id range), xsd:decimal in canonical form ("1.0",
/// "-0.25": no exponent, no leading or trailing zeros) with at most 9
/// fractional digits and |value| < 2^59 / 10^9 (also order-preserving),
/// xsd:dateTime and xsd:date in canonical form (years 0001-9999, at most
/// millisecond precision, zone "Z" or a quarter-hour offset, or none;
/// ordered by instant), xsd:boolean, and simple xsd:string
/// literals of at most 7 bytes without NUL. Everything else is a dictionary
/// id whose tag still says IRI, blank node or literal, so isIRI() and friends
/// need no lookup. Equal ids mean identical RDF terms; inlining only
/// canonical forms keeps that true.
///
/// Tag MGD_TAG_LOCAL is free for engines that must name terms that are not
/// in the store (computed BIND values, CONSTRUCT templates): the store never
/// hands them out.

#ifndef MGD_RDF_TERMID_H
#define MGD_RDF_TERMID_H

#include "rdf/term.h"

#include <stdbool.h>
#include <stdint.h>

typedef uint64_t MgdId;

#define MGD_ID_NONE ((MgdId)0)          ///< Unbound / wildcard
#define MGD_ID_DEFAULT_GRAPH ((MgdId)1) ///< The graph of quads without one

#define MGD_ID_TAG_SHIFT 60U
#define MGD_ID_PAYLOAD_MASK ((((MgdId)1) << MGD_ID_TAG_SHIFT) - 1U)

typedef enum {
  MGD_TAG_SPECIAL = 0x0, ///< MGD_ID_NONE, MGD_ID_DEFAULT_GRAPH
  MGD_TAG_IRI     = 0x1, ///< Dictionary IRI
  MGD_TAG_BLANK   = 0x2, ///< Dictionary blank node
  MGD_TAG_LITERAL = 0x3, ///< Dictionary literal
  MGD_TAG_INTEGER = 0x4, ///< Inline xsd:integer (payload = value + 2^59)
  MGD_TAG_BOOLEAN = 0x5, ///< Inline xsd:boolean (payload 0 or 1)
  MGD_TAG_SSTRING = 0x6, ///< Inline simple literal, up to 7 bytes
  MGD_TAG_DECIMAL = 0x7, ///< Inline xsd:decimal (payload = value*10^9 + 2^59)
  MGD_TAG_DATETIME = 0x8, ///< Inline xsd:dateTime (UTC ms << 7 | zone)
  MGD_TAG_DATE    = 0x9, ///< Inline xsd:date (days << 7 | zone)
  MGD_TAG_LOCAL   = 0xF, ///< Engine-local, never stored
} MgdIdTag;

/// The tag of `id`.
static inline MgdIdTag
mgd_id_tag(const MgdId id)
{
  return (MgdIdTag)(id >> MGD_ID_TAG_SHIFT);
}

/// Make an id from a tag and a payload (payload must fit in 60 bits).
static inline MgdId
mgd_id_make(const MgdIdTag tag, const uint64_t payload)
{
  return ((MgdId)tag << MGD_ID_TAG_SHIFT) | (payload & MGD_ID_PAYLOAD_MASK);
}

/// True for inline literal ids.
static inline bool
mgd_id_is_inline(const MgdId id)
{
  const MgdIdTag tag = mgd_id_tag(id);
  return tag == MGD_TAG_INTEGER || tag == MGD_TAG_BOOLEAN ||
         tag == MGD_TAG_SSTRING || tag == MGD_TAG_DECIMAL ||
         tag == MGD_TAG_DATETIME || tag == MGD_TAG_DATE;
}

/// The term kind of a stored or inline id (MGD_TERM_NONE for special and
/// local ids, whose kind only their owner knows).
MgdTermKind
mgd_id_kind(MgdId id);

/// If `term` can be inlined, store its id in `*id` and return true.
bool
mgd_id_inline(const MgdTerm* term, MgdId* id);

/// Scratch space for decoding an inline id.
typedef struct {
  char bytes[32]; ///< Lexical form storage
} MgdIdScratch;

/// Decode an inline id into `*term`, whose strings point into `scratch` or
/// static storage. MGD_BAD_ARG if `id` is not inline.
MgdStatus
mgd_id_inline_term(MgdId id, MgdIdScratch* scratch, MgdTerm* term);

/// For an inline integer id, its value.
int64_t
mgd_id_integer(MgdId id);

/// Fractional digits of an inline decimal.
#define MGD_ID_DECIMAL_DIGITS 9U

/// For an inline decimal id, its value times 10^MGD_ID_DECIMAL_DIGITS.
int64_t
mgd_id_decimal_units(MgdId id);

#endif // MGD_RDF_TERMID_H
