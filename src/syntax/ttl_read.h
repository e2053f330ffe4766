// Copyright 2026 The MUGDAT authors
// SPDX-License-Identifier: Apache-2.0

/// MUGDAT's own streaming readers for N-Triples, N-Quads, Turtle and TriG
/// (RDF 1.1), used by rdf_read.c for those four syntaxes.
///
/// Push-style: make a reader, feed it chunks of any size (a token may
/// straddle chunks), finish it. The reader keeps only the unfinished part
/// of the current statement in memory (plus the chunk being parsed): one line
/// for N-Triples/N-Quads; for Turtle/TriG the statement since its start or
/// since its last complete top-level object (so `:s :p :o1, :o2, ...` of any
/// length streams), and a TriG `{ }` block is read statement by statement.
/// A single statement whose unfinished part grows beyond 16 x max_term_bytes
/// (deep `[ ]` or `( )` nesting of huge size) fails with MGD_BAD_LIMIT.
/// Feeding a document one byte at a time gives the same quads, in the same
/// order, and the same diagnostics as feeding it whole.
///
/// Every term is checked with mgd_term_check() before it reaches the sink.
/// Errors go to the diagnostic sink as `source:line:col` (1-based line, 1-based
/// column counted in bytes) and the first one is returned; later calls return
/// it again. Quads before the error have already reached the sink.
///
/// Blank node labels are passed on as written. Anonymous nodes (`[]`,
/// collections) get labels "_bN"; a written label that starts with "_b" is
/// passed on as "_b-" + label, so the two never clash.
///
/// N-Triples/N-Quads can also be read in parallel: hold the document in
/// memory (e.g. mmap), split it at line boundaries (mgd_nq_split()), then run
/// mgd_nq_read_range() on each part on its own thread with its own sink.
/// Blank node labels are passed on as written in both formats, so the parts
/// agree on them as long as the sinks share one label scope (one load).

#ifndef MGD_SYNTAX_TTL_READ_H
#define MGD_SYNTAX_TTL_READ_H

#include "base/status.h"
#include "rdf/sink.h"
#include "syntax/rdf_read.h"

#include <stddef.h>

typedef struct MgdTtlReaderImpl MgdTtlReader;

/// Start reading a document. `options->format` must be MGD_FORMAT_NTRIPLES,
/// _NQUADS, _TURTLE or _TRIG (else MGD_BAD_ARG); `options->base` (may be
/// NULL) is the initial base IRI for Turtle/TriG. `options` (and the strings
/// it points to) and `sink` are borrowed for the reader's life. The reader
/// never calls the sink's on_end. Owned by caller, free with
/// mgd_ttl_reader_free(). MGD_BAD_ALLOC or MGD_BAD_ARG on failure (then
/// `*reader` is NULL).
MgdStatus
mgd_ttl_reader_new(const MgdReadOptions* options, const MgdSink* sink,
                   MgdTtlReader** reader);

/// Feed the next `n` bytes. Complete statements are parsed and their quads
/// sent to the sink now; an unfinished one waits for more bytes. Returns the
/// first error (MGD_BAD_SYNTAX, MGD_BAD_DATA, MGD_BAD_LIMIT, MGD_BAD_ALLOC or
/// a sink error), reported once to the diagnostic sink.
MgdStatus
mgd_ttl_reader_feed(MgdTtlReader* reader, const char* bytes, size_t n);

/// End of document: parse what is left (a final line without newline, a
/// final token) and check that nothing is unfinished. Same statuses as
/// mgd_ttl_reader_feed().
MgdStatus
mgd_ttl_reader_finish(MgdTtlReader* reader);

/// Number of quads sent to the sink so far.
size_t
mgd_ttl_reader_count(const MgdTtlReader* reader);

/// Free a reader (NULL is fine).
void
mgd_ttl_reader_free(MgdTtlReader* reader);

/// Parse N-Triples or N-Quads (`options->format`) held in `bytes[0..n)`,
/// which must start at a line boundary of the whole document, numbering
/// lines from `first_line` (1 for the first part) in diagnostics. The range
/// is read as a complete document (a last line without newline is fine).
/// Reentrant: several calls may run on different threads at once, each with
/// its own sink (the diagnostic sink must then be thread-safe). Does not
/// call on_end. `*n_quads` (may be NULL) receives the number of quads sent.
/// Returns like mgd_ttl_reader_finish().
MgdStatus
mgd_nq_read_range(const char* bytes, size_t n, unsigned first_line,
                  const MgdReadOptions* options, const MgdSink* sink,
                  size_t* n_quads);

/// Find where to split `bytes[0..n)` for parallel reading: the offset just
/// after the first newline at or after `want` (or `n` if there is none),
/// and in `*line` (may be NULL) the 1-based line number that starts there.
/// Parts [0, off) and [off, n) can then go to mgd_nq_read_range() with
/// first lines 1 and `*line`.
size_t
mgd_nq_split(const char* bytes, size_t n, size_t want, unsigned* line);

#endif // MGD_SYNTAX_TTL_READ_H
