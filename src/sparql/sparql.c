// Copyright 2026 The MUGDAT authors
// SPDX-License-Identifier: Apache-2.0

// Accessors of prepared queries. Parsing is in parse.c, running in eval.c.

#include "sparql/sparql_impl.h"

#include "base/alloc.h"

void
mgd_sparql_query_free(MgdSparqlQuery* const query)
{
  if (query) {
    mgd_arena_clear(&query->arena);
    mgd_free(query);
  }
}

MgdSparqlForm
mgd_sparql_query_form(const MgdSparqlQuery* const query)
{
  return query->form;
}

size_t
mgd_sparql_query_n_columns(const MgdSparqlQuery* const query)
{
  return query->form == MGD_SPARQL_SELECT ? query->n_proj : 0U;
}

MgdStr
mgd_sparql_query_column(const MgdSparqlQuery* const query, const size_t i)
{
  return i < query->n_proj ? query->var_names[query->proj[i]]
                           : mgd_str_n(NULL, 0U);
}

size_t
mgd_sparql_query_n_from(const MgdSparqlQuery* const query, const bool named)
{
  return named ? query->n_from_named : query->n_from;
}

MgdTerm
mgd_sparql_query_from(const MgdSparqlQuery* const query, const bool named,
                      const size_t i)
{
  if (named) {
    return i < query->n_from_named ? query->from_named[i] : mgd_term_none();
  }
  return i < query->n_from ? query->from[i] : mgd_term_none();
}

void
mgd_sparql_update_free(MgdSparqlUpdate* const update)
{
  if (update) {
    mgd_arena_clear(&update->q.arena);
    mgd_free(update);
  }
}
