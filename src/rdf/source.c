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

void
mgd_quad_decoder_init(MgdQuadDecoder* const dec)
{
  for (unsigned i = 0U; i < 4U; ++i) {
    dec->last[i] = MGD_ID_NONE;
    dec->term[i] = mgd_term_none();
    mgd_arena_init(&dec->arena[i], 0U);
  }
}

void
mgd_quad_decoder_clear(MgdQuadDecoder* const dec)
{
  for (unsigned i = 0U; i < 4U; ++i) {
    mgd_arena_clear(&dec->arena[i]);
  }
}

MgdStatus
mgd_quad_decode(MgdQuadDecoder* const  dec,
                const MgdSource* const source,
                const MgdIdQuad* const ids,
                const bool             with_graph,
                MgdQuad* const         out)
{
  const MgdId want[4] = {ids->s, ids->p, ids->o,
                         with_graph ? ids->g : MGD_ID_DEFAULT_GRAPH};
  MgdStatus   st      = MGD_SUCCESS;
  for (unsigned i = 0U; !st && i < 4U; ++i) {
    if (want[i] == dec->last[i] && want[i] != MGD_ID_NONE) {
      continue;
    }
    mgd_arena_reset(&dec->arena[i]);
    dec->last[i] = MGD_ID_NONE;
    if (i == 3U && want[i] == MGD_ID_DEFAULT_GRAPH) {
      dec->term[i] = mgd_term_none();
    } else {
      st = mgd_source_term(source, want[i], &dec->arena[i], &dec->term[i]);
    }
    dec->last[i] = st ? MGD_ID_NONE : want[i];
  }
  if (!st) {
    out->s = dec->term[0];
    out->p = dec->term[1];
    out->o = dec->term[2];
    out->g = dec->term[3];
  }
  return st;
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
