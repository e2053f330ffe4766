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
