// Copyright 2026 The MUGDAT authors
// SPDX-License-Identifier: Apache-2.0

/// Internals of the REMBI / FAIR Image Object / mmDS ingesters (not a public
/// header): the TSV and XLSX readers, the shared mapping tables and term
/// resolvers, and one converter per source family:
///
/// - rembi.c    BioStudies PageTab JSON (BioImages.v4/v5/untemplated) and
///              REMBI spreadsheet templates (key-value XLSX)
/// - rocrate.c  RO-Crate 1.1/1.2 metadata (via the JSON-LD processor), BIA
///              csvw file lists, OME-Zarr/NGFF attributes (zarr.c)
/// - bids.c     BIDS directories (core + microscopy BEP031)
/// - arc.c      ARC directories (ISA-XLSX investigation/study/assay)
/// - mmds.c     detection, dispatch, the file-tree walk and helpers
///
/// All vocabulary choices live in mappings/*.tsv; the C code only knows the
/// kinds of mapping rows ("lit", "term", "quantity", ...).

#ifndef MGD_INGEST_MMDS_IMPL_H
#define MGD_INGEST_MMDS_IMPL_H

#include "ingest/ingest_impl.h"

#include "base/arena.h"
#include "base/hash.h"

#include <jansson.h>

#include <stdbool.h>
#include <stdint.h>
#include <sys/stat.h>
#include <sys/types.h>

#define MGD_NS_REMBI "https://w3id.org/mugdat/rembi#"
#define MGD_NS_BIOSCHEMAS "https://bioschemas.org/"
#define MGD_NS_EDAM "http://edamontology.org/"
#define MGD_NS_SKOS "http://www.w3.org/2004/02/skos/core#"

/// Largest metadata file (JSON, TSV, XLSX part) read into memory.
#define MGD_MMDS_MAX_DOC (64U * 1024U * 1024U)

// ---------------------------------------------------------------------------
// TSV (tsv.c)

/// A parsed tab-separated table. Fields point into `text` (owned copy).
typedef struct {
  char*     text;     ///< NUL-separated copy of the input; owned
  MgdStr*   fields;   ///< All fields, row-major; owned
  size_t*   row_off;  ///< Index of each row's first field; owned
  size_t*   row_n;    ///< Fields in each row; owned
  unsigned* row_line; ///< Source line of each row; owned
  size_t    n_rows;   ///< Rows (header included)
} MgdTsv;

/// Parse tab-separated `bytes` (LF or CRLF lines, a UTF-8 BOM skipped,
/// blank lines and lines starting with '#' dropped; no quoting, as in BIDS).
/// MGD_BAD_SYNTAX for a NUL byte or invalid UTF-8 (`*bad_line` set),
/// MGD_BAD_ALLOC. Clear with mgd_tsv_clear().
MgdStatus mgd_tsv_parse(const char* bytes, size_t n, MgdTsv* tsv,
                        unsigned* bad_line);

/// Free a table (NULL is fine).
void mgd_tsv_clear(MgdTsv* tsv);

/// Field `col` of row `row`, or an empty view past the row's end.
MgdStr mgd_tsv_get(const MgdTsv* tsv, size_t row, size_t col);

// ---------------------------------------------------------------------------
// XLSX (xlsx.c): libarchive unzips, libxml2 reads the parts (no network, no
// entities, no DTD).

/// One non-empty cell (0-based row and column).
typedef struct {
  uint32_t row; ///< Row (0 = spreadsheet row 1)
  uint32_t col; ///< Column (0 = A)
  MgdStr   v;   ///< Text (shared strings resolved, numbers as written)
} MgdXlsxCell;

/// One worksheet: cells sorted by row then column.
typedef struct {
  char*        name;    ///< Sheet name from workbook.xml; arena-owned
  MgdXlsxCell* cells;   ///< Cells; owned
  size_t       n_cells; ///< Cells
} MgdXlsxSheet;

/// A workbook read whole into memory.
typedef struct {
  MgdArena      arena;    ///< Strings
  MgdXlsxSheet* sheets;   ///< Sheets in workbook order; owned
  size_t        n_sheets; ///< Sheets
} MgdXlsxBook;

/// Read an XLSX file held in memory. Errors go to `diag` with `name`:
/// MGD_BAD_SYNTAX (not a zip, broken XML, missing workbook),
/// MGD_BAD_ACCESS (a DTD), MGD_BAD_LIMIT (a part over MGD_MMDS_MAX_DOC or
/// too many cells), MGD_BAD_ALLOC. Clear with mgd_xlsx_clear().
MgdStatus mgd_xlsx_read(const char* bytes, size_t n, const char* name,
                        const MgdDiagSink* diag, MgdXlsxBook* book);

/// Free a workbook (NULL is fine).
void mgd_xlsx_clear(MgdXlsxBook* book);

/// The cell at (row, col) or an empty view.
MgdStr mgd_xlsx_get(const MgdXlsxSheet* sheet, uint32_t row, uint32_t col);

/// Number of rows (last used row + 1).
uint32_t mgd_xlsx_rows(const MgdXlsxSheet* sheet);

/// Spreadsheet name of a cell ("B12") into `out` (at least 16 bytes).
void mgd_xlsx_ref(uint32_t row, uint32_t col, char* out);

// ---------------------------------------------------------------------------
// Shared state of one mmDS/REMBI/RO-Crate ingest (mmds.c)

/// Mapping tables of this family (mappings/*.tsv), loaded per ingest.
typedef struct {
  MgdMapTable fbbi;    ///< fbbi-labels.tsv: name -> FBbi IRI
  MgdMapTable taxon;   ///< ncbitaxon.tsv: name -> NCBITaxon IRI
  MgdMapTable license; ///< licenses.tsv: name -> licence IRI
  MgdMapTable formats; ///< file-formats.tsv: extension -> EDAM, media type
  MgdMapTable pagetab; ///< rembi-pagetab.tsv: (module, attribute) -> rule
  MgdMapTable sidecar; ///< bids.tsv: (context, key) -> rule
  MgdMapTable rocrate; ///< rocrate.tsv: source term -> REMBI term
  MgdMapTable isa;     ///< isa.tsv: (section, key) -> rule
} MgdMmdsTables;

/// Converter context.
typedef struct {
  MgdIngester*  ing;           ///< Ingester (units table, options)
  MgdEmit*      e;             ///< Emitter of the source graph
  MgdMmdsTables t;             ///< Mapping tables
  const char*   root;          ///< Path of the source (file or directory)
  const char*   file;          ///< File being read (diagnostics)
  MgdBuf        iri[4];        ///< Scratch IRIs
  MgdBuf        tmp;           ///< Scratch text
  size_t        n_files;       ///< Files seen by the walk
  size_t        n_errors;      ///< Files skipped after errors (keep-going)
  double        zarr_scale[3]; ///< Last OME-Zarr x/y/z scale (0: none)
  void*         samples;       ///< Sample name index of the dataset (bids.c)
  /// Base IRI of file nodes (an RO-Crate's root); NULL: `graph/file/`.
  const char* file_base;
  MgdHashMap  terms;      ///< Prefixed name -> MgdStr* of its IRI
  MgdArena    term_arena; ///< Those IRIs
  size_t      n_terms;    ///< Names in `terms` (bounded)
  MgdBuf      term_buf;   ///< A name expanded past the bound
  MgdBuf      obj_buf;    ///< An object IRI being expanded
  /// mgd_mmds_sample() is resolving a name read from a file name (such
  /// names are remembered up to a bound; table names always).
  bool sample_from_file;
  /// Cell ("Sheet!B12") and its 1-based row/column that helpers such as
  /// mgd_mmds_sample() name in warnings; NULL: none. Set around the call.
  const char* where;
  unsigned    where_line, where_col;
} MgdMmds;

/// Load the tables from the ingester's data dir.
MgdStatus mgd_mmds_init(MgdMmds* m, MgdIngester* ing, MgdEmit* e,
                        const char* root);

/// Free the context (tables, scratch).
void mgd_mmds_clear(MgdMmds* m);

/// Mint `graph/<kind>/<pct id>` into `out` (reset first).
MgdStatus mgd_mmds_mint(MgdMmds* m, const char* kind, MgdStr id, MgdBuf* out);

/// Mint `graph/file/<path segments pct-encoded>` into `out`.
MgdStatus mgd_mmds_mint_path(MgdMmds* m, MgdStr rel, MgdBuf* out);

/// Emit helpers (prefixed names allowed for p and o-IRIs: rembi:, ome:, ...).
MgdStatus mgd_mmds_iri(MgdMmds* m, MgdStr s, const char* p, MgdStr o);
MgdStatus mgd_mmds_type(MgdMmds* m, MgdStr s, const char* cls);
MgdStatus mgd_mmds_lit(MgdMmds* m, MgdStr s, const char* p, MgdStr lex);
MgdStatus mgd_mmds_typed(MgdMmds* m, MgdStr s, const char* p, MgdStr lex,
                         const char* dt);
/// A literal typed from its lexical form: xsd:integer, xsd:double,
/// xsd:boolean, else a plain string. Empty and "n/a" are skipped.
MgdStatus mgd_mmds_auto(MgdMmds* m, MgdStr s, const char* p, MgdStr lex);

/// Warning at the current file (`m->file`) with a JSON path / cell.
MgdStatus mgd_mmds_warn(MgdMmds* m, unsigned line, unsigned col,
                        const char* path, const char* fmt, ...)
  __attribute__((format(printf, 5, 6)));

/// Resolve an organism name or taxon id ("Mus musculus (mouse)", "9606",
/// "NCBITaxon_9606", "NCBI:txid7227", an IRI) to an NCBITaxon IRI in `out`.
/// MGD_FAILURE if unknown.
MgdStatus mgd_mmds_taxon(MgdMmds* m, MgdStr v, MgdBuf* out);

/// Resolve an imaging method name or id ("FBbi:00000243", "confocal
/// microscopy", an IRI) to an FBbi IRI. MGD_FAILURE if unknown.
MgdStatus mgd_mmds_fbbi(MgdMmds* m, MgdStr v, MgdBuf* out);

/// Resolve a licence name ("CC BY 4.0", "CC0", a URL). MGD_FAILURE if
/// unknown.
MgdStatus mgd_mmds_license(MgdMmds* m, MgdStr v, MgdBuf* out);

/// Expand a CURIE/OBO id ("obo:X_1", "NCBITaxon:9606", "FBbi:0001",
/// "UO:0000017", "http://...") into an absolute IRI. MGD_FAILURE if it is
/// not one.
MgdStatus mgd_mmds_curie(MgdStr v, MgdBuf* out);

/// Unit symbol ("um", "µm", "mm", "nm", "s", "keV", ...) to a QUDT IRI
/// (mappings/ome-units.tsv, any dimension). MGD_FAILURE if unknown.
MgdStatus mgd_mmds_unit(MgdMmds* m, MgdStr sym, MgdBuf* out);

/// Emit `s` `p` value-with-unit text ("2.2 mm"): a schema:PropertyValue
/// blank-free node minted under `s` with schema:value and schema:unitText /
/// schema:unitCode. Returns MGD_FAILURE if `lex` is not "<number> <unit>".
MgdStatus mgd_mmds_quantity_text(MgdMmds* m, MgdStr node, MgdStr lex);

/// Emit a JSON value as literal(s) of `p` (arrays give one per item;
/// objects are skipped).
MgdStatus mgd_mmds_json(MgdMmds* m, MgdStr s, const char* p, json_t* v);

/// Read a whole file (bounded by MGD_MMDS_MAX_DOC) into `out`.
/// MGD_BAD_IO / MGD_BAD_LIMIT with a diagnostic.
MgdStatus mgd_mmds_slurp(MgdMmds* m, const char* path, MgdBuf* out);

/// Load a JSON file; NULL after a diagnostic (syntax error with line:col).
json_t* mgd_mmds_json_load(MgdMmds* m, const char* path, const char* text,
                           size_t n);

/// Lower-case, trim and collapse white space of `v` into `out`.
MgdStatus mgd_mmds_norm(MgdStr v, MgdBuf* out);

/// Trim ASCII white space and NBSP.
MgdStr mgd_mmds_trim(MgdStr v);

/// Emit a file node for `rel` (relative to the root), with size, format,
/// and (if `checksums`) sha256. `out` receives its IRI.
MgdStatus mgd_mmds_file_node(MgdMmds* m, const char* abs, MgdStr rel,
                             const struct stat* sb, MgdBuf* out);

// ---------------------------------------------------------------------------
// Converters

/// PageTab JSON (file input already slurped into `text`).
MgdStatus mgd_rembi_pagetab(MgdMmds* m, const char* text, size_t n);

/// REMBI spreadsheet template (XLSX bytes).
MgdStatus mgd_rembi_xlsx(MgdMmds* m, const char* bytes, size_t n);

/// RO-Crate: `path` is the metadata file; `dir` the crate root.
MgdStatus mgd_rocrate_read(MgdMmds* m, const char* path, const char* dir);

/// OME-Zarr/NGFF metadata of the zarr directory `zdir`, describing the image
/// node `image`.
MgdStatus mgd_zarr_read(MgdMmds* m, const char* zdir, MgdStr image);

/// BIDS dataset at m->root.
MgdStatus mgd_bids_read(MgdMmds* m);

/// ARC at m->root (isa.investigation.xlsx and studies/assays).
MgdStatus mgd_arc_read(MgdMmds* m);

/// ISA assay/study workbook at `path` (for ARCs and mmDS assays folders).
MgdStatus mgd_arc_isa_tables(MgdMmds* m, const char* path, MgdStr parent,
                             const char* kind);

/// IRI of the sample called `name` in this dataset (BIDS samples.tsv, an
/// ISA Sample/Material/Extract Name, or an entity in a file name), minting
/// `graph/sample/<name>` when unknown. A name that matches a known sample
/// only when ASCII letter case is ignored ("Sample1" vs "sample1", common
/// between ISA study and assay sheets) is that sample: one node, and a
/// warning naming both spellings, once per spelling (see mmds.h).
MgdStatus mgd_mmds_sample(MgdMmds* m, MgdStr name, MgdBuf* out);

/// Free the sample index (mgd_mmds_clear calls it).
void mgd_mmds_samples_free(MgdMmds* m);

/// Report a broken metadata file: with keep-going an error diagnostic and
/// MGD_SUCCESS (the file is skipped), else `st`.
MgdStatus mgd_mmds_skip(MgdMmds* m, MgdStatus st, const char* path);

/// Called for each regular file (and each `.zarr` directory, `is_zarr`)
/// of a walk, in sorted order, with its absolute and relative paths and its
/// stat (symbolic links to files resolved). Paths are borrowed for the call.
typedef MgdStatus (*MgdMmdsFileFunc)(MgdMmds* m, const char* abs, MgdStr rel,
                                     const struct stat* sb, bool is_zarr,
                                     void* handle);

/// A directory of a walk as its callbacks see it.
typedef struct {
  MgdStr             abs;     ///< Absolute path; borrowed for the call
  MgdStr             rel;     ///< Path relative to the root ("" for it)
  const char* const* names;   ///< Entries sorted by strcmp, hidden ones
                              ///< (".x") left out; valid until the
                              ///< directory's on_leave returns
  size_t   n_names;           ///< Entries
  int      fd;                ///< Open descriptor (openat/fstatat), same life
  unsigned depth;             ///< 0 for the root
} MgdMmdsDir;

/// Called when the walk enters a directory (before its entries) and when it
/// leaves it (after all of them and everything below).
typedef MgdStatus (*MgdMmdsDirFunc)(MgdMmds* m, const MgdMmdsDir* dir,
                                    void* handle);

/// Callbacks of a walk; all but on_file may be NULL.
typedef struct {
  MgdMmdsFileFunc on_file;  ///< Each data file
  MgdMmdsDirFunc  on_enter; ///< Each directory, root included, on entry
  MgdMmdsDirFunc  on_leave; ///< Each directory after its subtree
  /// Entries the converter reads from the listing alone (sidecars): not
  /// stat()ed and not passed to on_file (directories are never skipped
  /// unless their name says so).
  bool (*skip)(const char* name, void* handle);
  void* handle; ///< Passed to every callback
} MgdMmdsWalker;

/// Walk the tree under m->root depth-first in name order. Does not follow
/// symbolic links to directories; a `.zarr` directory is one entry. Memory
/// is the sorted listing of each open directory (the widest directory times
/// the depth), never the number of files. Entries that vanish or cannot be
/// read are warnings with their path. Stops at the first callback error.
MgdStatus mgd_mmds_walk_with(MgdMmds* m, const MgdMmdsWalker* w);

/// mgd_mmds_walk_with() with only a file callback.
MgdStatus mgd_mmds_walk(MgdMmds* m, MgdMmdsFileFunc on_file, void* handle);

/// True if the directory has an entry called `name` (binary search).
bool mgd_mmds_dir_has(const MgdMmdsDir* dir, const char* name);

/// Index of the first entry not sorting before `prefix`: entries starting
/// with `prefix` follow it contiguously.
size_t mgd_mmds_dir_lower(const MgdMmdsDir* dir, MgdStr prefix);

/// mgd_mmds_slurp() of `name` relative to the directory `fd`; `path` names
/// it in diagnostics.
MgdStatus mgd_mmds_slurp_at(MgdMmds* m, int fd, const char* name,
                            const char* path, MgdBuf* out);

#endif // MGD_INGEST_MMDS_IMPL_H
