// Copyright 2026 The MUGDAT authors
// SPDX-License-Identifier: Apache-2.0

// Compaction (JSON-LD 1.1 API §6: compaction, inverse context, IRI and
// value compaction, term selection) and flattening (§9.3 flatten()).
//
// The inverse context is built once per active context and cached on it;
// compact-IRI candidates come from a list of prefix terms made at the same
// time, so compacting an IRI does not scan every term of large contexts
// such as schema.org's.
#include "syntax/jsonld_impl.h"

#include "base/alloc.h"

#include <stdlib.h>
#include <string.h>
#include <strings.h>

struct JldInverse {
  json_t*         map;        ///< var → container → @type/@language/@any
  const JldTerm** prefixes;   ///< Terms usable as compact IRI prefixes
  size_t          n_prefixes; ///< Number of prefixes
};

typedef struct {
  JldProc* P;
  bool     compact_arrays;
  bool     relative;
} Compactor;

static json_t* compact(Compactor* C, JldCtx* ctx, const char* prop,
                       json_t* element);

/* ---- inverse context (§4.3) ---- */

static int
cmp_term_order(const void* const a, const void* const b)
{
  const JldTerm* const x  = *(const JldTerm* const*)a;
  const JldTerm* const y  = *(const JldTerm* const*)b;
  const size_t         nx = strlen(x->term);
  const size_t         ny = strlen(y->term);
  if (nx != ny) {
    return nx < ny ? -1 : 1;
  }
  return strcmp(x->term, y->term);
}

static const char*
lower(JldProc* const P, const char* const s)
{
  char* const r = (char*)jld_strdup(P, s);
  for (char* c = r; c && *c; ++c) {
    if (*c >= 'A' && *c <= 'Z') {
      *c = (char)(*c + 32);
    }
  }
  return r;
}

static json_t*
obj_child(json_t* const obj, const char* const key)
{
  json_t* c = json_object_get(obj, key);
  if (!c) {
    c = json_object();
    json_object_set_new(obj, key, c);
  }
  return c;
}

static void
set_if_absent(json_t* const obj, const char* const key, const char* const term)
{
  if (!json_object_get(obj, key)) {
    json_object_set_new(obj, key, json_string(term));
  }
}

static void
container_key(const unsigned c, char* const out, const size_t n)
{
  static const struct {
    unsigned    bit;
    const char* name;
  } order[] = {
    // lexicographic order of the keyword names
    {JLD_C_GRAPH, "@graph"}, {JLD_C_ID, "@id"},   {JLD_C_INDEX, "@index"},
    {JLD_C_LANGUAGE, "@language"}, {JLD_C_LIST, "@list"},
    {JLD_C_SET, "@set"},     {JLD_C_TYPE, "@type"},
  };
  out[0] = '\0';
  for (size_t i = 0U; i < sizeof(order) / sizeof(order[0]); ++i) {
    if (c & order[i].bit) {
      strncat(out, order[i].name, n - strlen(out) - 1U);
    }
  }
  if (!out[0]) {
    snprintf(out, n, "@none");
  }
}

static JldInverse*
inverse_of(JldProc* const P, JldCtx* const ctx)
{
  if (ctx->inverse) {
    return ctx->inverse;
  }
  JldInverse* const inv =
    (JldInverse*)mgd_arena_calloc(&P->arena, 1U, sizeof(JldInverse));
  size_t n = 0U;
  for (size_t i = 0U; i < ctx->n_slots; ++i) {
    n += ctx->slots[i].def ? 1U : 0U;
  }
  const JldTerm** const terms =
    (const JldTerm**)mgd_arena_alloc(&P->arena, (n + 1U) * sizeof(JldTerm*));
  if (!inv || !terms) {
    jld_error(P, "out of memory", "inverse context");
    return NULL;
  }
  size_t k = 0U;
  for (size_t i = 0U; i < ctx->n_slots; ++i) {
    if (ctx->slots[i].def) {
      terms[k++] = ctx->slots[i].def;
    }
  }
  qsort(terms, n, sizeof(JldTerm*), cmp_term_order);
  inv->map      = json_object();
  inv->prefixes = terms; // reused: prefix terms are compacted to the front
  json_array_append_new(P->keep, inv->map);
  const char* const default_lang = ctx->lang ? lower(P, ctx->lang) : "@none";
  size_t            n_prefixes   = 0U;
  for (size_t i = 0U; i < n; ++i) {
    const JldTerm* const d = terms[i];
    if (!d->iri) {
      continue;
    }
    char container[96];
    container_key(d->container, container, sizeof(container));
    json_t* const cmap = obj_child(inv->map, d->iri);
    json_t*       tl   = json_object_get(cmap, container);
    if (!tl) {
      tl = json_pack("{s:{},s:{},s:{s:s}}", "@language", "@type", "@any",
                     "@none", d->term);
      json_object_set_new(cmap, container, tl);
    }
    json_t* const tmap = json_object_get(tl, "@type");
    json_t* const lmap = json_object_get(tl, "@language");
    if (d->reverse) {
      set_if_absent(tmap, "@reverse", d->term);
    } else if (d->type && !strcmp(d->type, "@none")) {
      set_if_absent(lmap, "@any", d->term);
      set_if_absent(tmap, "@any", d->term);
    } else if (d->type) {
      set_if_absent(tmap, d->type, d->term);
    } else if (d->has_lang && d->has_dir) {
      char key[256];
      if (d->lang && d->dir) {
        snprintf(key, sizeof(key), "%s_%s", d->lang, d->dir);
      } else if (d->lang) {
        snprintf(key, sizeof(key), "%s", d->lang);
      } else if (d->dir) {
        snprintf(key, sizeof(key), "_%s", d->dir);
      } else {
        snprintf(key, sizeof(key), "@null");
      }
      set_if_absent(lmap, lower(P, key), d->term);
    } else if (d->has_lang) {
      set_if_absent(lmap, d->lang ? lower(P, d->lang) : "@null", d->term);
    } else if (d->has_dir) {
      char key[64];
      snprintf(key, sizeof(key), "%s%s", d->dir ? "_" : "@none",
               d->dir ? d->dir : "");
      set_if_absent(lmap, key, d->term);
    } else if (ctx->dir) {
      char key[256];
      snprintf(key, sizeof(key), "%s_%s", ctx->lang ? ctx->lang : "",
               ctx->dir);
      set_if_absent(lmap, lower(P, key), d->term);
      set_if_absent(lmap, "@none", d->term);
      set_if_absent(tmap, "@none", d->term);
    } else {
      set_if_absent(lmap, default_lang, d->term);
      set_if_absent(lmap, "@none", d->term);
      set_if_absent(tmap, "@none", d->term);
    }
  }
  for (size_t i = 0U; i < n; ++i) {
    if (terms[i]->prefix && terms[i]->iri) {
      terms[n_prefixes++] = terms[i];
    }
  }
  inv->n_prefixes = n_prefixes;
  ctx->inverse    = inv;
  return inv;
}

/* ---- term selection and IRI compaction (§6.2, §6.3? in 1.1: 4.4, 6.x) */

static const char*
select_term(JldInverse* const inv, const char* const var,
            const char* const* const containers, const size_t n_containers,
            const char* const type_lang, const char* const* const preferred,
            const size_t n_preferred)
{
  json_t* const cmap = json_object_get(inv->map, var);
  for (size_t i = 0U; i < n_containers; ++i) {
    json_t* const tl = json_object_get(cmap, containers[i]);
    if (!tl) {
      continue;
    }
    json_t* const vmap = json_object_get(tl, type_lang);
    for (size_t j = 0U; j < n_preferred; ++j) {
      json_t* const t = json_object_get(vmap, preferred[j]);
      if (t) {
        return json_string_value(t);
      }
    }
  }
  return NULL;
}

static bool
is_graph_obj(const json_t* const v)
{
  if (!json_is_object(v) || !json_object_get(v, "@graph")) {
    return false;
  }
  const char* k;
  json_t*     x;
  json_object_foreach ((json_t*)v, k, x) {
    if (strcmp(k, "@graph") && strcmp(k, "@id") && strcmp(k, "@index")) {
      return false;
    }
  }
  return true;
}

static const char* compact_iri(Compactor* C, JldCtx* ctx, const char* var,
                               json_t* value, bool vocab, bool reverse);

#define PUSH(arr, n, v) ((arr)[(n)++] = (v))

static const char*
compact_iri_vocab(Compactor* const C, JldCtx* const ctx, const char* const var,
                  json_t* const value, const bool reverse,
                  JldInverse* const inv)
{
  JldProc* const P = C->P;
  char           default_lang[256];
  if (ctx->dir) {
    snprintf(default_lang, sizeof(default_lang), "%s_%s",
             ctx->lang ? ctx->lang : "", ctx->dir);
  } else {
    snprintf(default_lang, sizeof(default_lang), "%s",
             ctx->lang ? ctx->lang : "@none");
  }
  for (char* c = default_lang; *c; ++c) {
    *c = (char)((*c >= 'A' && *c <= 'Z') ? *c + 32 : *c);
  }
  const char* containers[24];
  size_t      nc        = 0U;
  const char* type_lang = "@language";
  const char* tl_value  = "@null";
  char        tl_buf[256];
  const bool  has_index = json_is_object(value) && json_object_get(value, "@index");
  if (has_index && !is_graph_obj(value)) {
    PUSH(containers, nc, "@index");
    PUSH(containers, nc, "@index@set");
  }
  if (reverse) {
    type_lang = "@type";
    tl_value  = "@reverse";
    PUSH(containers, nc, "@set");
  } else if (json_is_object(value) && json_object_get(value, "@list")) {
    json_t* const list = json_object_get(value, "@list");
    if (!has_index) {
      PUSH(containers, nc, "@list");
    }
    const char* common_lang = json_array_size(list) == 0U ? default_lang : NULL;
    const char* common_type = NULL;
    char        lang_buf[256];
    size_t      i;
    json_t*     item;
    json_array_foreach (list, i, item) {
      const char* item_lang = "@none";
      const char* item_type = "@none";
      if (json_object_get(item, "@value")) {
        json_t* const dir = json_object_get(item, "@direction");
        json_t* const lng = json_object_get(item, "@language");
        if (dir) {
          snprintf(lang_buf, sizeof(lang_buf), "%s_%s",
                   lng ? json_string_value(lng) : "", json_string_value(dir));
          item_lang = lower(P, lang_buf);
        } else if (lng) {
          item_lang = lower(P, json_string_value(lng));
        } else if (json_object_get(item, "@type")) {
          item_type = json_string_value(json_object_get(item, "@type"));
        } else {
          item_lang = "@null";
        }
      } else {
        item_type = "@id";
      }
      if (!common_lang) {
        common_lang = item_lang;
      } else if (strcmp(item_lang, common_lang) &&
                 json_object_get(item, "@value")) {
        common_lang = "@none";
      }
      if (!common_type) {
        common_type = item_type;
      } else if (strcmp(item_type, common_type)) {
        common_type = "@none";
      }
      if (!strcmp(common_lang, "@none") && !strcmp(common_type, "@none")) {
        break;
      }
    }
    if (!common_lang) {
      common_lang = "@none";
    }
    if (!common_type) {
      common_type = "@none";
    }
    if (strcmp(common_type, "@none")) {
      type_lang = "@type";
      tl_value  = common_type;
    } else {
      tl_value = common_lang;
    }
  } else if (is_graph_obj(value)) {
    const bool gi = json_object_get(value, "@index") != NULL;
    const bool gd = json_object_get(value, "@id") != NULL;
    if (gi) {
      PUSH(containers, nc, "@graph@index");
      PUSH(containers, nc, "@graph@index@set");
    }
    if (gd) {
      PUSH(containers, nc, "@graph@id");
      PUSH(containers, nc, "@graph@id@set");
    }
    PUSH(containers, nc, "@graph");
    PUSH(containers, nc, "@graph@set");
    PUSH(containers, nc, "@set");
    if (!gi) {
      PUSH(containers, nc, "@graph@index");
      PUSH(containers, nc, "@graph@index@set");
    }
    if (!gd) {
      PUSH(containers, nc, "@graph@id");
      PUSH(containers, nc, "@graph@id@set");
    }
    PUSH(containers, nc, "@index");
    PUSH(containers, nc, "@index@set");
    type_lang = "@type";
    tl_value  = "@id";
  } else {
    if (json_is_object(value) && json_object_get(value, "@value")) {
      json_t* const dir = json_object_get(value, "@direction");
      json_t* const lng = json_object_get(value, "@language");
      if (dir && !has_index) {
        snprintf(tl_buf, sizeof(tl_buf), "%s_%s",
                 lng ? json_string_value(lng) : "", json_string_value(dir));
        tl_value = lower(P, tl_buf);
        PUSH(containers, nc, "@language");
        PUSH(containers, nc, "@language@set");
      } else if (lng && !has_index) {
        tl_value = lower(P, json_string_value(lng));
        PUSH(containers, nc, "@language");
        PUSH(containers, nc, "@language@set");
      } else if (json_object_get(value, "@type")) {
        type_lang = "@type";
        tl_value  = json_string_value(json_object_get(value, "@type"));
      }
    } else {
      type_lang = "@type";
      tl_value  = "@id";
      PUSH(containers, nc, "@id");
      PUSH(containers, nc, "@id@set");
      PUSH(containers, nc, "@type");
      PUSH(containers, nc, "@set@type");
    }
    PUSH(containers, nc, "@set");
  }
  PUSH(containers, nc, "@none");
  if (!P->mode10 && !has_index) {
    PUSH(containers, nc, "@index");
    PUSH(containers, nc, "@index@set");
  }
  if (!P->mode10 && json_is_object(value) && json_object_size(value) == 1U &&
      json_object_get(value, "@value")) {
    PUSH(containers, nc, "@language");
    PUSH(containers, nc, "@language@set");
  }
  if (!tl_value) {
    tl_value = "@null";
  }
  const char* preferred[12];
  size_t      np = 0U;
  if (!strcmp(tl_value, "@reverse")) {
    PUSH(preferred, np, "@reverse");
  }
  json_t* const idv = json_is_object(value) ? json_object_get(value, "@id")
                                            : NULL;
  if ((!strcmp(tl_value, "@id") || !strcmp(tl_value, "@reverse")) &&
      json_is_string(idv)) {
    const char* const cid =
      compact_iri(C, ctx, json_string_value(idv), NULL, true, false);
    const JldTerm* const d = cid ? jld_ctx_term(ctx, cid) : NULL;
    if (d && d->iri && !strcmp(d->iri, json_string_value(idv))) {
      PUSH(preferred, np, "@vocab");
      PUSH(preferred, np, "@id");
      PUSH(preferred, np, "@none");
    } else {
      PUSH(preferred, np, "@id");
      PUSH(preferred, np, "@vocab");
      PUSH(preferred, np, "@none");
    }
  } else {
    PUSH(preferred, np, tl_value);
    PUSH(preferred, np, "@none");
    json_t* const l = json_is_object(value) ? json_object_get(value, "@list")
                                            : NULL;
    if (l && json_array_size(l) == 0U) {
      type_lang = "@any";
    }
  }
  PUSH(preferred, np, "@any");
  const size_t np0 = np;
  for (size_t i = 0U; i < np0; ++i) {
    const char* const us = strchr(preferred[i], '_');
    if (us && np < 12U) {
      PUSH(preferred, np, us);
    }
  }
  return select_term(inv, var, containers, nc, type_lang, preferred, np);
}

static const char*
compact_iri(Compactor* const C, JldCtx* const ctx, const char* const var,
            json_t* const value, const bool vocab, const bool reverse)
{
  JldProc* const P = C->P;
  if (!var) {
    return NULL;
  }
  JldInverse* const inv = inverse_of(P, ctx);
  if (!inv) {
    return NULL;
  }
  if (vocab && json_object_get(inv->map, var)) {
    const char* const t = compact_iri_vocab(C, ctx, var, value, reverse, inv);
    if (t) {
      return t;
    }
  }
  const size_t n_var = strlen(var);
  if (vocab && ctx->vocab) {
    const size_t nv = strlen(ctx->vocab);
    if (n_var > nv && !strncmp(var, ctx->vocab, nv) &&
        !jld_ctx_term(ctx, var + nv)) {
      return jld_strdup(P, var + nv);
    }
  }
  const char* best   = NULL;
  size_t      n_best = 0U;
  for (size_t i = 0U; i < inv->n_prefixes; ++i) {
    const JldTerm* const d  = inv->prefixes[i];
    const size_t         ni = strlen(d->iri);
    if (ni >= n_var || strncmp(var, d->iri, ni) != 0) {
      continue;
    }
    const size_t n_cand = strlen(d->term) + 1U + (n_var - ni);
    if (best && (n_cand > n_best)) {
      continue;
    }
    char* const cand = (char*)mgd_arena_alloc(&P->arena, n_cand + 1U);
    if (!cand) {
      jld_error(P, "out of memory", "compact IRI");
      return NULL;
    }
    snprintf(cand, n_cand + 1U, "%s:%s", d->term, var + ni);
    if (best && n_cand == n_best && strcmp(cand, best) >= 0) {
      continue;
    }
    const JldTerm* const cd = jld_ctx_term(ctx, cand);
    if (!cd || (cd->iri && !strcmp(cd->iri, var) && !value)) {
      best   = cand;
      n_best = n_cand;
    }
  }
  if (best) {
    return best;
  }
  const char* const colon = strchr(var, ':');
  if (colon && colon > var && strncmp(colon + 1, "//", 2) != 0) {
    char scheme[256];
    const size_t ns = (size_t)(colon - var);
    if (ns < sizeof(scheme)) {
      memcpy(scheme, var, ns);
      scheme[ns]               = '\0';
      const JldTerm* const sd = jld_ctx_term(ctx, scheme);
      if (sd && sd->prefix) {
        jld_error(P, "IRI confused with prefix", "<%s>", var);
        return NULL;
      }
    }
  }
  if (!vocab && C->relative && ctx->base && !jld_is_bnode(var)) {
    return jld_relativize(P, ctx->base, var);
  }
  return var;
}

/* ---- value compaction (§6.5? Value Compaction) ---- */

static json_t*
compact_value(Compactor* const C, JldCtx* const ctx, const char* const prop,
              json_t* const value)
{
  JldProc* const       P    = C->P;
  const JldTerm* const def  = prop ? jld_ctx_term(ctx, prop) : NULL;
  const char* const    lang = def && def->has_lang ? def->lang : ctx->lang;
  const char* const    dir  = def && def->has_dir ? def->dir : ctx->dir;
  const char* const    type = def ? def->type : NULL;
  json_t* const        idv  = json_object_get(value, "@id");
  const size_t         n    = json_object_size(value);
  if (idv && (n == 1U || (n == 2U && json_object_get(value, "@index")))) {
    if (type && !strcmp(type, "@id")) {
      const char* const c =
        compact_iri(C, ctx, json_string_value(idv), NULL, false, false);
      return c ? json_string(c) : NULL;
    }
    if (type && !strcmp(type, "@vocab")) {
      const char* const c =
        compact_iri(C, ctx, json_string_value(idv), NULL, true, false);
      return c ? json_string(c) : NULL;
    }
  }
  json_t* const v     = json_object_get(value, "@value");
  json_t* const vtype = json_object_get(value, "@type");
  json_t* const index = json_object_get(value, "@index");
  const bool    index_ok =
    !index || (def && (def->container & JLD_C_INDEX));
  json_t* result = NULL;
  if (vtype && type && json_is_string(vtype) &&
      !strcmp(json_string_value(vtype), type)) {
    result = json_incref(v);
  } else if ((type && !strcmp(type, "@none")) || vtype) {
    result = json_copy(value);
    if (vtype && json_is_string(vtype)) {
      const char* const c =
        compact_iri(C, ctx, json_string_value(vtype), NULL, true, false);
      json_object_set_new(result, "@type", json_string(c ? c : ""));
    }
  } else if (v && !json_is_string(v)) {
    result = index_ok ? json_incref(v) : json_copy(value);
  } else if (v) {
    json_t* const vl = json_object_get(value, "@language");
    json_t* const vd = json_object_get(value, "@direction");
    const bool lang_ok =
      (vl && lang && !strcasecmp(json_string_value(vl), lang)) ||
      (!vl && !lang);
    const bool dir_ok =
      (vd && dir && !strcmp(json_string_value(vd), dir)) || (!vd && !dir);
    result = lang_ok && dir_ok && index_ok ? json_incref(v) : json_copy(value);
  } else {
    result = json_copy(value);
  }
  if (json_is_object(result)) {
    json_t* const out = json_object();
    const char*   k;
    json_t*       x;
    json_object_foreach (result, k, x) {
      const char* const ck = compact_iri(C, ctx, k, NULL, true, false);
      json_object_set(out, ck ? ck : k, x);
    }
    json_decref(result);
    result = out;
  }
  (void)P;
  return result;
}

/* ---- compaction (§6.1.2) ---- */

// The spec's "add value" with as array.
static void
add_value(json_t* const obj, const char* const key, json_t* const value,
          const bool as_array)
{
  if (as_array && !json_object_get(obj, key)) {
    json_object_set_new(obj, key, json_array());
  }
  if (json_is_array(value)) {
    size_t  i;
    json_t* v;
    json_array_foreach (value, i, v) {
      add_value(obj, key, v, as_array);
    }
    return;
  }
  json_t* const old = json_object_get(obj, key);
  if (!old) {
    json_object_set(obj, key, value);
  } else if (json_is_array(old)) {
    json_array_append(old, value);
  } else {
    json_object_set_new(obj, key, json_pack("[O,O]", old, value));
  }
}

static int
cmp_cstr(const void* const a, const void* const b)
{
  return strcmp(*(const char* const*)a, *(const char* const*)b);
}

static JldCtx*
ctx_scoped(JldProc* const P, JldCtx* const active, json_t* const local,
           const char* const base, const bool override, const bool propagate)
{
  json_t* const remote = json_array();
  JldCtx* const r =
    jld_ctx_process(P, active, local, base, remote, override, propagate, true);
  json_decref(remote);
  return r;
}

static json_t*
compact_array(Compactor* const C, JldCtx* const ctx, const char* const prop,
              json_t* const element)
{
  json_t* const result = json_array();
  size_t        i;
  json_t*       item;
  json_array_foreach (element, i, item) {
    json_t* const c = compact(C, ctx, prop, item);
    if (C->P->status) {
      json_decref(c);
      json_decref(result);
      return NULL;
    }
    if (c && !json_is_null(c)) {
      json_array_append_new(result, c);
    } else {
      json_decref(c);
    }
  }
  const JldTerm* const def = prop ? jld_ctx_term(ctx, prop) : NULL;
  if (json_array_size(result) != 1U || !C->compact_arrays ||
      (prop && (!strcmp(prop, "@graph") || !strcmp(prop, "@set"))) ||
      (def && (def->container & (JLD_C_LIST | JLD_C_SET)))) {
    return result;
  }
  json_t* const only = json_incref(json_array_get(result, 0U));
  json_decref(result);
  return only;
}

// Where an item goes: result itself or result[nest term].
static json_t*
nest_target(Compactor* const C, JldCtx* const ctx, json_t* const result,
            const char* const item_prop)
{
  const JldTerm* const def = item_prop ? jld_ctx_term(ctx, item_prop) : NULL;
  if (!def || !def->nest) {
    return result;
  }
  const char* const nest = def->nest;
  if (strcmp(nest, "@nest")) {
    const char* const e = jld_expand_iri(C->P, ctx, nest, false, true);
    if (!e || strcmp(e, "@nest")) {
      jld_error(C->P, "invalid @nest value", "\"%s\"", nest);
      return NULL;
    }
  }
  json_t* n = json_object_get(result, nest);
  if (!n) {
    n = json_object();
    json_object_set_new(result, nest, n);
  }
  return n;
}

static void
compact_item(Compactor* const C, JldCtx* const ctx, json_t* const result,
             const char* const eprop, json_t* const item,
             const bool inside_reverse)
{
  JldProc* const    P         = C->P;
  const char* const item_prop =
    compact_iri(C, ctx, eprop, item, true, inside_reverse);
  if (!item_prop) {
    return;
  }
  json_t* const target = nest_target(C, ctx, result, item_prop);
  if (!target) {
    return;
  }
  const JldTerm* const def       = jld_ctx_term(ctx, item_prop);
  const unsigned       container = def ? def->container : 0U;
  const bool           as_array =
    (container & JLD_C_SET) || !strcmp(item_prop, "@graph") ||
    !strcmp(item_prop, "@list") || !C->compact_arrays;
  const bool    is_list  = json_object_get(item, "@list") != NULL;
  const bool    is_graph = is_graph_obj(item);
  json_t* const inner    = is_list    ? json_object_get(item, "@list")
                           : is_graph ? json_object_get(item, "@graph")
                                      : item;
  json_t* compacted = compact(C, ctx, item_prop, inner);
  if (P->status) {
    json_decref(compacted);
    return;
  }
  if (!compacted) {
    compacted = json_null();
  }
  if (is_list) {
    if (!json_is_array(compacted)) {
      compacted = json_pack("[o]", compacted);
    }
    if (!(container & JLD_C_LIST)) {
      const char* const kl = compact_iri(C, ctx, "@list", NULL, true, false);
      json_t* const     lo = json_object();
      json_object_set_new(lo, kl, compacted);
      json_t* const idx = json_object_get(item, "@index");
      if (idx) {
        json_object_set(lo, compact_iri(C, ctx, "@index", NULL, true, false),
                        idx);
      }
      add_value(target, item_prop, lo, as_array);
      json_decref(lo);
    } else {
      json_object_set_new(target, item_prop, compacted);
    }
    return;
  }
  if (is_graph) {
    json_t* const gid  = json_object_get(item, "@id");
    json_t* const gidx = json_object_get(item, "@index");
    if ((container & JLD_C_GRAPH) && (container & JLD_C_ID)) {
      json_t* map = json_object_get(target, item_prop);
      if (!map) {
        map = json_object();
        json_object_set_new(target, item_prop, map);
      }
      const char* const key =
        gid ? compact_iri(C, ctx, json_string_value(gid), NULL, false, false)
            : compact_iri(C, ctx, "@none", NULL, true, false);
      add_value(map, key ? key : "@none", compacted, as_array);
    } else if ((container & JLD_C_GRAPH) && (container & JLD_C_INDEX) &&
               !gid) {
      json_t* map = json_object_get(target, item_prop);
      if (!map) {
        map = json_object();
        json_object_set_new(target, item_prop, map);
      }
      const char* const key =
        gidx ? json_string_value(gidx)
             : compact_iri(C, ctx, "@none", NULL, true, false);
      add_value(map, key, compacted, as_array);
    } else if ((container & JLD_C_GRAPH) && !gid) {
      if (json_is_array(compacted) && json_array_size(compacted) > 1U) {
        json_t* const inc = json_object();
        json_object_set_new(inc,
                            compact_iri(C, ctx, "@included", NULL, true, false),
                            compacted);
        compacted = inc;
      }
      add_value(target, item_prop, compacted, as_array);
    } else {
      json_t* const go = json_object();
      json_object_set_new(go, compact_iri(C, ctx, "@graph", NULL, true, false),
                          compacted);
      if (gid) {
        const char* const c =
          compact_iri(C, ctx, json_string_value(gid), NULL, false, false);
        json_object_set_new(go, compact_iri(C, ctx, "@id", NULL, true, false),
                            json_string(c ? c : ""));
      }
      if (gidx) {
        json_object_set(go, compact_iri(C, ctx, "@index", NULL, true, false),
                        gidx);
      }
      add_value(target, item_prop, go, as_array);
      json_decref(go);
      return;
    }
    json_decref(compacted);
    return;
  }
  if ((container & (JLD_C_LANGUAGE | JLD_C_INDEX | JLD_C_ID | JLD_C_TYPE)) &&
      !(container & JLD_C_GRAPH)) {
    json_t* map = json_object_get(target, item_prop);
    if (!map) {
      map = json_object();
      json_object_set_new(target, item_prop, map);
    }
    const char* const ckw = (container & JLD_C_LANGUAGE) ? "@language"
                            : (container & JLD_C_INDEX)  ? "@index"
                            : (container & JLD_C_ID)     ? "@id"
                                                         : "@type";
    const char*       ckey      = compact_iri(C, ctx, ckw, NULL, true, false);
    const char* const index_key = def && def->index ? def->index : "@index";
    const char*       map_key   = NULL;
    if ((container & JLD_C_LANGUAGE) && json_object_get(item, "@value")) {
      json_t* const v = json_incref(json_object_get(item, "@value"));
      json_decref(compacted);
      compacted = v;
      map_key   = json_string_value(json_object_get(item, "@language"));
    } else if ((container & JLD_C_INDEX) && !strcmp(index_key, "@index")) {
      map_key = json_string_value(json_object_get(item, "@index"));
    } else if (container & JLD_C_INDEX) {
      const char* const e = jld_expand_iri(P, ctx, index_key, false, true);
      ckey = compact_iri(C, ctx, e, NULL, true, false);
      if (!ckey || (json_is_object(compacted) &&
                    !json_object_get(compacted, ckey))) {
        ckey = index_key; // a term whose type mapping is @vocab
      }
      json_t* const vals = json_is_object(compacted)
                             ? json_object_get(compacted, ckey)
                             : NULL;
      if (json_is_array(vals)) {
        json_t* const first = json_array_get(vals, 0U);
        if (json_is_string(first)) {
          map_key = jld_strdup(P, json_string_value(first));
          json_array_remove(vals, 0U);
          if (json_array_size(vals) == 0U) {
            json_object_del(compacted, ckey);
          } else if (json_array_size(vals) == 1U && C->compact_arrays) {
            json_object_set(compacted, ckey, json_array_get(vals, 0U));
          }
        }
      } else if (json_is_string(vals)) {
        map_key = jld_strdup(P, json_string_value(vals));
        json_object_del(compacted, ckey);
      }
    } else if (container & JLD_C_ID) {
      json_t* const v = json_is_object(compacted)
                          ? json_object_get(compacted, ckey)
                          : NULL;
      if (json_is_string(v)) {
        map_key = jld_strdup(P, json_string_value(v));
        json_object_del(compacted, ckey);
      }
    } else {
      json_t* const vals = json_is_object(compacted)
                             ? json_object_get(compacted, ckey)
                             : NULL;
      if (json_is_array(vals)) {
        map_key = jld_strdup(P, json_string_value(json_array_get(vals, 0U)));
        json_array_remove(vals, 0U);
        if (json_array_size(vals) == 0U) {
          json_object_del(compacted, ckey);
        } else if (json_array_size(vals) == 1U) {
          json_object_set(compacted, ckey, json_array_get(vals, 0U));
        }
      } else if (json_is_string(vals)) {
        map_key = jld_strdup(P, json_string_value(vals));
        json_object_del(compacted, ckey);
      }
      if (json_is_object(compacted) && json_object_size(compacted) == 1U) {
        const char* k0 = NULL;
        json_t*     x;
        const char* k;
        json_object_foreach (compacted, k, x) {
          k0 = k;
        }
        const char* const e = jld_expand_iri(P, ctx, k0, false, true);
        if (e && !strcmp(e, "@id")) {
          json_t* const ref =
            json_pack("{s:O}", "@id", json_object_get(item, "@id"));
          json_decref(compacted);
          compacted = compact(C, ctx, item_prop, ref);
          json_decref(ref);
        }
      }
    }
    if (!map_key) {
      map_key = compact_iri(C, ctx, "@none", NULL, true, false);
    }
    add_value(map, map_key, compacted, as_array);
    json_decref(compacted);
    return;
  }
  add_value(target, item_prop, compacted, as_array);
  json_decref(compacted);
}

static json_t*
compact_object(Compactor* const C, JldCtx* ctx, const char* const prop,
               json_t* const element)
{
  JldProc* const P        = C->P;
  JldCtx* const  type_ctx = ctx;
  if (ctx->previous && !json_object_get(element, "@value") &&
      !(json_object_size(element) == 1U && json_object_get(element, "@id"))) {
    ctx = ctx->previous;
  }
  // the property-scoped context comes from the context before reverting
  const JldTerm* const pdef = prop ? jld_ctx_term(type_ctx, prop) : NULL;
  if (pdef && pdef->has_context) {
    ctx = ctx_scoped(P, ctx, pdef->context, pdef->base_url, true, true);
    if (!ctx) {
      return NULL;
    }
  }
  const JldTerm* const def = prop ? jld_ctx_term(ctx, prop) : NULL;
  if (json_object_get(element, "@value") || json_object_get(element, "@id")) {
    json_t* const v = compact_value(C, ctx, prop, element);
    if (P->status) {
      json_decref(v);
      return NULL;
    }
    if ((!json_is_object(v) && !json_is_array(v)) ||
        (def && def->type && !strcmp(def->type, "@json"))) {
      return v;
    }
    json_decref(v);
  }
  if (json_object_get(element, "@list") && def &&
      (def->container & JLD_C_LIST)) {
    return compact(C, ctx, prop, json_object_get(element, "@list"));
  }
  const bool    inside_reverse = prop && !strcmp(prop, "@reverse");
  json_t* const result         = json_object();
  JldCtx* const scoped_base    = ctx;
  json_t* const types          = json_object_get(element, "@type");
  if (types) {
    const size_t       nt = json_array_size(types);
    const char** const ct =
      (const char**)mgd_malloc((nt ? nt : 1U) * sizeof(char*));
    size_t m = 0U;
    for (size_t i = 0U; ct && i < nt; ++i) {
      const char* const c = compact_iri(
        C, type_ctx, json_string_value(json_array_get(types, i)), NULL, true,
        false);
      if (c) {
        ct[m++] = c;
      }
    }
    if (ct) {
      qsort(ct, m, sizeof(char*), cmp_cstr);
    }
    for (size_t i = 0U; ct && i < m && ctx; ++i) {
      const JldTerm* const td = jld_ctx_term(type_ctx, ct[i]);
      if (td && td->has_context) {
        ctx = ctx_scoped(P, ctx, td->context, td->base_url, false, false);
      }
    }
    mgd_free((void*)ct);
    if (!ctx) {
      json_decref(result);
      return NULL;
    }
  }
  (void)scoped_base;
  // expanded properties in lexicographic order (the API's "ordered")
  const size_t       n    = json_object_size(element);
  const char** const keys = (const char**)mgd_malloc((n ? n : 1U) * sizeof(char*));
  if (!keys) {
    json_decref(result);
    jld_error(P, "out of memory", "compaction");
    return NULL;
  }
  size_t      nk = 0U;
  const char* k;
  json_t*     x;
  json_object_foreach (element, k, x) {
    keys[nk++] = k;
  }
  qsort(keys, nk, sizeof(char*), cmp_cstr);
  for (size_t i = 0U; i < nk && !P->status; ++i) {
    const char* const eprop = keys[i];
    json_t* const     ev    = json_object_get(element, eprop);
    if (!strcmp(eprop, "@id")) {
      const char* const c =
        json_is_string(ev)
          ? compact_iri(C, ctx, json_string_value(ev), NULL, false, false)
          : NULL;
      const char* const alias = compact_iri(C, ctx, "@id", NULL, true, false);
      if (alias) {
        json_object_set_new(result, alias, c ? json_string(c) : json_null());
      }
      continue;
    }
    if (!strcmp(eprop, "@type")) {
      json_t* cv;
      if (json_is_string(ev)) {
        const char* const c =
          compact_iri(C, type_ctx, json_string_value(ev), NULL, true, false);
        cv = json_string(c ? c : "");
      } else {
        cv = json_array();
        size_t  j;
        json_t* t;
        json_array_foreach (ev, j, t) {
          const char* const c =
            compact_iri(C, type_ctx, json_string_value(t), NULL, true, false);
          json_array_append_new(cv, json_string(c ? c : ""));
        }
      }
      const char* const    alias = compact_iri(C, ctx, "@type", NULL, true, false);
      const JldTerm* const ad    = alias ? jld_ctx_term(ctx, alias) : NULL;
      const bool           as_array =
        (!P->mode10 && ad && (ad->container & JLD_C_SET)) || !C->compact_arrays;
      if (alias) {
        add_value(result, alias, cv, as_array);
      }
      json_decref(cv);
      continue;
    }
    if (!strcmp(eprop, "@reverse")) {
      json_t* const cv = compact(C, ctx, "@reverse", ev);
      if (!json_is_object(cv)) {
        json_decref(cv);
        continue;
      }
      const char* rp;
      json_t*     rv;
      void*       tmp;
      json_object_foreach_safe (cv, tmp, rp, rv) {
        const JldTerm* const rd = jld_ctx_term(ctx, rp);
        if (rd && rd->reverse) {
          const bool as_array =
            (rd->container & JLD_C_SET) || !C->compact_arrays;
          add_value(result, rp, rv, as_array);
          json_object_del(cv, rp);
        }
      }
      if (json_object_size(cv) > 0U) {
        const char* const alias =
          compact_iri(C, ctx, "@reverse", NULL, true, false);
        json_object_set(result, alias ? alias : "@reverse", cv);
      }
      json_decref(cv);
      continue;
    }
    if (!strcmp(eprop, "@preserve")) {
      continue;
    }
    if (!strcmp(eprop, "@index") && def && (def->container & JLD_C_INDEX)) {
      continue;
    }
    if (!strcmp(eprop, "@direction") || !strcmp(eprop, "@index") ||
        !strcmp(eprop, "@language") || !strcmp(eprop, "@value")) {
      const char* const alias = compact_iri(C, ctx, eprop, NULL, true, false);
      json_object_set(result, alias ? alias : eprop, ev);
      continue;
    }
    if (json_is_array(ev) && json_array_size(ev) == 0U) {
      const char* const ip =
        compact_iri(C, ctx, eprop, ev, true, inside_reverse);
      json_t* const target = ip ? nest_target(C, ctx, result, ip) : NULL;
      if (target) {
        json_t* const empty = json_array();
        add_value(target, ip, empty, true);
        json_decref(empty);
      }
      continue;
    }
    size_t  j;
    json_t* item;
    json_array_foreach (ev, j, item) {
      compact_item(C, ctx, result, eprop, item, inside_reverse);
      if (P->status) {
        break;
      }
    }
  }
  mgd_free((void*)keys);
  if (P->status) {
    json_decref(result);
    return NULL;
  }
  return result;
}

static json_t*
compact(Compactor* const C, JldCtx* const ctx, const char* const prop,
        json_t* const element)
{
  JldProc* const P = C->P;
  if (!element || (!json_is_array(element) && !json_is_object(element))) {
    return element ? json_incref(element) : NULL;
  }
  if (++P->depth > P->limits.max_nesting) {
    --P->depth;
    jld_limit(P, "JSON nested deeper than %zu (max_nesting)",
              P->limits.max_nesting);
    return NULL;
  }
  json_t* const r = json_is_array(element)
                      ? compact_array(C, ctx, prop, element)
                      : compact_object(C, ctx, prop, element);
  --P->depth;
  return r;
}

static bool
context_is_empty(const json_t* const c)
{
  return !c || json_is_null(c) ||
         (json_is_object(c) && json_object_size(c) == 0U) ||
         (json_is_array(c) && json_array_size(c) == 0U);
}

MgdStatus
jld_compact_doc(JldProc* const P, json_t* const expanded,
                json_t* const ctx_json, const char* const base,
                json_t** const out)
{
  *out        = NULL;
  JldCtx* ctx = jld_ctx_new(P, base ? jld_strdup(P, base) : NULL);
  if (!ctx) {
    return P->status;
  }
  if (!context_is_empty(ctx_json)) {
    ctx = ctx_scoped(P, ctx, ctx_json, base, false, true);
    if (!ctx) {
      return P->status;
    }
  }
  Compactor C = {P, P->opts->compact_arrays, P->opts->compact_to_relative};
  json_t*   r = compact(&C, ctx, NULL, expanded);
  if (P->status) {
    json_decref(r);
    return P->status;
  }
  if (!r || (json_is_array(r) && json_array_size(r) == 0U)) {
    json_decref(r);
    r = json_object();
  } else if (json_is_array(r)) {
    const char* const g = compact_iri(&C, ctx, "@graph", NULL, true, false);
    json_t* const     o = json_object();
    json_object_set_new(o, g ? g : "@graph", r);
    r = o;
  }
  if (!context_is_empty(ctx_json)) {
    json_t* const o = json_object();
    json_object_set(o, "@context", ctx_json);
    json_object_update(o, r);
    json_decref(r);
    r = o;
  }
  *out = r;
  return P->status;
}

/* ---- flattening (§9.3 flatten()) ---- */

static void
append_sorted_nodes(json_t* const out, json_t* const graph)
{
  const size_t       n   = json_object_size(graph);
  const char** const ids = (const char**)mgd_malloc((n ? n : 1U) * sizeof(char*));
  if (!ids) {
    return;
  }
  size_t      i = 0U;
  const char* k;
  json_t*     v;
  json_object_foreach (graph, k, v) {
    ids[i++] = k;
  }
  qsort(ids, n, sizeof(char*), cmp_cstr);
  for (i = 0U; i < n; ++i) {
    json_t* const node = json_object_get(graph, ids[i]);
    if (json_object_size(node) > 1U || !json_object_get(node, "@id")) {
      json_array_append(out, node);
    }
  }
  mgd_free((void*)ids);
}

MgdStatus
jld_flatten_doc(JldProc* const P, json_t* const expanded,
                json_t* const ctx_json, const char* const base,
                json_t** const out)
{
  *out             = NULL;
  json_t* const map = json_object();
  json_object_set_new(map, "@default", json_object());
  if (jld_node_map(P, expanded, map, "@default", NULL, NULL, NULL, NULL)) {
    json_decref(map);
    return P->status;
  }
  json_t* const dg = json_object_get(map, "@default");
  const char*   name;
  json_t*       graph;
  json_object_foreach (map, name, graph) {
    if (!strcmp(name, "@default")) {
      continue;
    }
    json_t* entry = json_object_get(dg, name);
    if (!entry) {
      entry = json_pack("{s:s}", "@id", name);
      json_object_set_new(dg, name, entry);
    }
    json_t* const g = json_array();
    append_sorted_nodes(g, graph);
    json_object_set_new(entry, "@graph", g);
  }
  json_t* const flat = json_array();
  append_sorted_nodes(flat, dg);
  json_decref(map);
  if (!ctx_json) {
    *out = flat;
    return MGD_SUCCESS;
  }
  const MgdStatus st = jld_compact_doc(P, flat, ctx_json, base, out);
  json_decref(flat);
  return st;
}
