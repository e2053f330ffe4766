// Copyright 2026 The MUGDAT authors
// SPDX-License-Identifier: Apache-2.0

#include "source.h"

MgdStatus
mgd_source_term(const MgdSource* const source,
                const MgdId            id,
                MgdArena* const        arena,
                MgdTerm* const         term)
{
  if (mgd_id_is_inline(id)) {
    MgdIdScratch* const scratch =
      (MgdIdScratch*)mgd_arena_alloc(arena, sizeof(MgdIdScratch));
    if (!scratch) {
      return MGD_BAD_ALLOC;
    }
    return mgd_id_inline_term(id, scratch, term);
  }
  return source->vt->term(source->handle, id, arena, term);
}

MgdStatus
mgd_source_lookup(const MgdSource* const source,
                  const MgdTerm* const   term,
                  MgdId* const           id)
{
  if (mgd_id_inline(term, id)) {
    return MGD_SUCCESS;
  }
  return source->vt->lookup(source->handle, term, id);
}
