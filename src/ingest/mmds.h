// Copyright 2026 The MUGDAT authors
// SPDX-License-Identifier: Apache-2.0

/// Hooks of the REMBI / RO-Crate / BIDS / ARC ingesters into the ingest
/// front end (ingest.c): detection, names, and dispatch. Each source kind
/// handled here becomes one named graph like every other source.
///
/// - MGD_INGEST_REMBI_PAGETAB: BioStudies PageTab JSON (BioImage Archive
///   submissions, templates BioImages.v4/v5 or none) -> REMBI vocabulary
///   (ontologies/rembi.ttl), organisms as NCBITaxon IRIs, imaging methods as
///   FBbi IRIs, licences as IRIs (mappings/*.tsv).
/// - MGD_INGEST_REMBI_XLSX: REMBI spreadsheet templates (key-value rows).
/// - MGD_INGEST_ROCRATE: `ro-crate-metadata.json` (file or crate directory),
///   RO-Crate 1.1/1.2, BIA crates with csvw file lists, ARC RO-Crates;
///   contexts resolved offline from ontologies/contexts; OME-Zarr metadata
///   of zarr directories inside the crate.
/// - MGD_INGEST_BIDS: a BIDS dataset directory (dataset_description.json):
///   participants, samples, sessions, entity-named files, sidecars, OME-Zarr;
///   an `assays/` folder with ISA assay workbooks joins the same samples.
/// - MGD_INGEST_ARC: an ARC directory (isa.investigation.xlsx).
///
/// Directory walks never follow symbolic links to directories (no loops),
/// never read data files (only stat them, and hash them when
/// MgdIngestOptions.checksums is set), and treat a file that vanishes or
/// cannot be read as a warning naming its path. Without
/// MgdIngestOptions.keep_going a broken metadata file (JSON, TSV, XLSX) fails
/// the whole source (nothing is written); with it, the file is skipped with
/// an error diagnostic and the rest is ingested.

/// Decisions on messy real-world input (each reported as a warning with the
/// file and a JSON path ($.section.subsections[3].attributes[1]), a cell
/// (Sheet!B12, or row:col) or a line:col, unless marked "note"):
/// - Keys and attribute names with leading/trailing spaces ("ZStep ",
///   "Title ", "sample_info "): trimmed and read; warned.
/// - Misspelt sidecar keys within edit distance 2 of a known key
///   ("PixelSizeUnit"): kept as schema:additionalProperty, warned with the
///   likely key; other unknown keys kept silently the same way.
/// - Units inside strings ("2.2 mm", "93 keV"): a schema:PropertyValue with
///   schema:value 2.2 and schema:unitText "mm" (+ schema:unitCode when
///   mappings/ome-units.tsv knows the symbol); warned.
/// - "n/a" (BIDS "not applicable") and "None" (BioStudies): no triple in
///   tables and PageTab; kept as the literal "n/a" for sidecar properties.
/// - Organisms, imaging methods and licences not in the mapping tables:
///   kept as text (rembi:organismName, rembi:imagingMethodName, literal
///   licence); warned, so a steward can add a row.
/// - Undeclared CURIE prefixes in RO-Crate ids ("NCBI:txid7227"): known OBO
///   prefixes rewritten to OBO IRIs, others kept as IRIs; warned once per
///   prefix. Undefined JSON-LD terms are dropped by the processor (warned
///   with their path); the few that matter (fbbi_id, resultOf,
///   organism_classification) are read from the JSON (mappings/rocrate.tsv).
/// - Associations naming a module no section has as title: warned, the link
///   is left out.
/// - OME-Zarr axes with "units" instead of "unit": read; warned. A sidecar
///   PixelSize that differs from the OME-Zarr scale: both kept; warned.
/// - A BIDS sidecar that applies to no data file (its own data file is
///   missing, or no file below it has its suffix and entities): ignored;
///   warned with its path.
/// - Sample names that differ only in ASCII letter case ("Sample1" in an ISA
///   study sheet, "sample1" in the assay sheet; "sample-a" in a BIDS file
///   name, "sample-A" in samples.tsv): one sample node, named as first met;
///   warned once per other spelling. (Real sheets are typed by hand; two
///   samples told apart only by case were not seen in practice.)
/// - RO-Crate contexts map schema.org terms to http://schema.org/: rewritten
///   to https://schema.org/, which every ingester writes, so one query joins
///   crates with BIDS, ARC and REMBI graphs (note, not warned).
/// - BIDS file names whose sub-/ses- contradict their folders: the folders
///   win; warned. Rows with a different field count than the header: read;
///   warned. PageTab attributes without a REMBI mapping: kept as
///   schema:additionalProperty (note).
/// - Broken JSON / TSV / XLSX, a DTD in an XLSX part: error with line:col
///   (or the XLSX part); the source fails whole unless keep_going, which
///   skips that file (error diagnostic) and ingests the rest. The dataset's
///   own dataset_description.json / isa.investigation.xlsx is never skipped.

#ifndef MGD_INGEST_MMDS_H
#define MGD_INGEST_MMDS_H

#include "ingest/ingest_impl.h"

#include <stdbool.h>

/// Recognise `path` (a directory when `is_dir`): one of the kinds above, or
/// MGD_INGEST_UNKNOWN (the caller goes on with its own detection).
MgdIngestKind mgd_mmds_detect(const char* path, bool is_dir);

/// Short name of a kind handled here, or NULL.
const char* mgd_mmds_kind_name(MgdIngestKind kind);

/// Media type recorded in provenance for a kind handled here, or NULL.
const char* mgd_mmds_media_type(MgdIngestKind kind);

/// For a directory source of a kind handled here, append "/<main file>"
/// (dataset_description.json, isa.investigation.xlsx,
/// ro-crate-metadata.json) to `file`, the file that is hashed for
/// provenance. No-op for other kinds and for files.
MgdStatus mgd_mmds_main_file(MgdIngestKind kind, const char* path,
                             MgdBuf* file);

/// Convert a source of a kind handled here (dispatched from ingest.c).
/// `in` is the source file (the main file of a directory source); its
/// unread bytes are hashed by the caller.
MgdStatus mgd_ingest_mmds(MgdIngester* ing, MgdIngestKind kind,
                          MgdIngestInput* in, MgdEmit* e);

#endif // MGD_INGEST_MMDS_H
