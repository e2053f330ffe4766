// Copyright 2026 The MUGDAT authors
// SPDX-License-Identifier: Apache-2.0

// Expansion (JSON-LD 1.1 API §5.1, §5.3). Keys are always visited in
// lexicographic order so that output and errors do not depend on the
// input's key order. Recursion is bounded by MgdLimits.max_nesting.
#include "syntax/jsonld_impl.h"

#include "base/alloc.h"

#include <stdlib.h>
#include <string.h>

static json_t*
expand(JldProc* P, JldCtx* ctx, const char* prop, json_t* element,
       const char* base_url, bool from_map, bool inside_list);

static int
cmp_str(const void* const a, const void* const b)
{
  return strcmp(*(const char* const*)a, *(const char* const*)b);
}

// Objects usually have a handful of keys: their sorted key lists live on
// the caller's stack and are insertion-sorted (qsort and a heap block per
// object showed in the bench profile).
enum { KEYS_STACK = 24 };

// Keys of `obj` in lexicographic order, in `stack` (KEYS_STACK entries) or,
// for larger objects, a heap block that keys_free() releases.
static const char**
sorted_keys(JldProc* const P, json_t* const obj, size_t* const n,
            const char** const stack)
{
  *n = json_object_size(obj);
  const char** const keys =
    *n <= KEYS_STACK ? stack
                     : (const char**)mgd_malloc(*n * sizeof(const char*));
  if (!keys) {
    jld_error(P, "out of memory", "keys");
    return NULL;
  }
  size_t      i = 0U;
  const char* k;
  json_t*     v;
  json_object_foreach (obj, k, v) {
    keys[i++] = k;
  }
  if (i > KEYS_STACK) {
    qsort(keys, i, sizeof(const char*), cmp_str);
    return keys;
  }
  for (size_t a = 1U; a < i; ++a) {
    const char* const x = keys[a];
    size_t            b = a;
    for (; b > 0U && strcmp(keys[b - 1U], x) > 0; --b) {
      keys[b] = keys[b - 1U];
    }
    keys[b] = x;
  }
  return keys;
}

static void
keys_free(const char** const keys, const char** const stack)
{
  if (keys != stack) {
    mgd_free((void*)keys);
  }
}

// The definition of `prop` in `ctx`. expand_property() looks its key up
// once and leaves the answer as a hint for the value expansion below it,
// which asks again for the same (context, key string) several times.
static const JldTerm*
prop_term(const JldProc* const P, const JldCtx* const ctx,
          const char* const prop)
{
  if (prop == P->hint_prop && ctx == P->hint_ctx && prop) {
    return P->hint_def;
  }
  return jld_ctx_term(ctx, prop);
}

// Memoised context processing: scoped and embedded contexts repeat for
// every node of a type, and contexts never change once processed.
static JldCtx*
ctx_apply(JldProc* const P, JldCtx* const active, json_t* const local,
          const char* const base, const bool override, const bool propagate)
{
  const size_t bucket =
    (((uintptr_t)active >> 4) ^ ((uintptr_t)local >> 4)) & 255U;
  for (JldCtxMemo* m = P->memo[bucket]; m; m = m->next) {
    if (m->active == active && m->local == local &&
        m->override_protected == override && m->propagate == propagate &&
        (m->base == base || (m->base && base && !strcmp(m->base, base)))) {
      return m->result;
    }
  }
  json_t* const remote = json_array();
  JldCtx* const result =
    jld_ctx_process(P, active, local, base, remote, override, propagate, true);
  json_decref(remote);
  if (!result) {
    return NULL;
  }
  JldCtxMemo* const m =
    (JldCtxMemo*)mgd_arena_calloc(&P->arena, 1U, sizeof(JldCtxMemo));
  if (m) {
    m->active             = active;
    m->local              = local;
    m->base               = base;
    m->override_protected = override;
    m->propagate          = propagate;
    m->result             = result;
    m->next               = P->memo[bucket];
    P->memo[bucket]       = m;
  }
  return result;
}

// Add `value` to `obj[key]` as an array (the spec's "add value", as array).
static void
add_value(json_t* const obj, const char* const key, json_t* const value)
{
  json_t* arr = json_object_get(obj, key);
  if (!arr) {
    // keys are expanded IRIs or keywords, valid UTF-8 already
    arr = json_array();
    json_object_set_new_nocheck(obj, key, arr);
  } else if (!json_is_array(arr)) {
    json_t* const wrapped = json_array();
    json_array_append(wrapped, arr);
    json_object_set_new_nocheck(obj, key, wrapped);
    arr = wrapped;
  }
  if (json_is_array(value)) {
    json_array_extend(arr, value);
  } else {
    json_array_append(arr, value);
  }
}

static json_t*
as_array(json_t* const v)
{
  if (!v) {
    return json_array();
  }
  if (json_is_array(v)) {
    return v;
  }
  json_t* const a = json_array();
  json_array_append_new(a, v);
  return a;
}

json_t*
jld_expand_value(JldProc* const P, JldCtx* const ctx, const char* const prop,
                 json_t* const value)
{
  const JldTerm* const def  = prop_term(P, ctx, prop);
  const char* const    type = def ? def->type : NULL;
  if (type && json_is_string(value) &&
      (!strcmp(type, "@id") || !strcmp(type, "@vocab"))) {
    const char* const iri = jld_expand_iri(P, ctx, json_string_value(value),
                                           true, !strcmp(type, "@vocab"));
    json_t* const r = json_object();
    json_object_set_new_nocheck(r, "@id",
                                iri ? json_string_nocheck(iri) : json_null());
    return r;
  }
  const bool typed = type && strcmp(type, "@id") && strcmp(type, "@vocab") &&
                     strcmp(type, "@none");
  if (P->bare_values && !typed &&
      !(json_is_string(value) &&
        ((def && def->has_lang ? def->lang : ctx->lang) ||
         (def && def->has_dir ? def->dir : ctx->dir)))) {
    // {"@value": v} alone: toRdf reads the bare scalar the same way, and
    // most values of a large document are such (no object to build and free)
    return json_incref(value);
  }
  // json_object_set_nocheck, not json_pack: this runs for every value
  json_t* const result = json_object();
  json_object_set_nocheck(result, "@value", value);
  if (typed) {
    json_object_set_new_nocheck(result, "@type", json_string_nocheck(type));
  } else if (json_is_string(value)) {
    const char* const lang = def && def->has_lang ? def->lang : ctx->lang;
    const char* const dir  = def && def->has_dir ? def->dir : ctx->dir;
    if (lang) {
      json_object_set_new(result, "@language", json_string(lang));
    }
    if (dir) {
      json_object_set_new(result, "@direction", json_string(dir));
    }
  }
  return result;
}

static bool
is_value_object(const json_t* const v)
{
  return json_is_object(v) && json_object_get(v, "@value");
}

// A value object, or with bare_values a bare scalar standing for one.
static bool
is_value(const JldProc* const P, const json_t* const v)
{
  return is_value_object(v) ||
         (P->bare_values && v && !json_is_object(v) && !json_is_array(v) &&
          !json_is_null(v));
}

static bool
is_list_object(const json_t* const v)
{
  return json_is_object(v) && json_object_get(v, "@list");
}

static bool
is_graph_object(const json_t* const v)
{
  if (!json_is_object(v) || !json_object_get(v, "@graph")) {
    return false;
  }
  const char* k;
  json_t*     x;
  json_object_foreach ((json_t*)v, k, x) {
    if (strcmp(k, "@graph") && strcmp(k, "@id") && strcmp(k, "@index") &&
        strcmp(k, "@context")) {
      return false;
    }
  }
  return true;
}

typedef struct {
  JldCtx*     ctx;        ///< Active context
  JldCtx*     type_ctx;   ///< Type-scoped context (for @type values)
  const char* prop;       ///< Active property
  const char* base_url;   ///< Base URL
  const char* input_type; ///< Expanded last @type value, or NULL
  const char** keys;      ///< The element's sorted keys, or NULL (sort)
  const char** ekeys;     ///< Their expansions with ctx (with keys)
  size_t      n_keys;     ///< Number of keys (with keys)
  json_t*     result;     ///< Result map being built
  json_t*     nests;      ///< Nesting keys seen (object used as a set),
                          ///< NULL until the first
} Entries;

static MgdStatus expand_entries(JldProc* P, Entries* E, json_t* element);

static json_t*
expand_keyword(JldProc* const P, Entries* const E, const char* const key,
               const char* const kw, json_t* const value, bool* const skip)
{
  JldCtx* const ctx    = E->ctx;
  json_t* const result = E->result;
  *skip                = false;
  if (E->prop && !strcmp(E->prop, "@reverse")) {
    jld_error(P, "invalid reverse property map", "keyword %s", kw);
    return NULL;
  }
  if (json_object_get(result, kw) &&
      (P->mode10 || (strcmp(kw, "@included") && strcmp(kw, "@type")))) {
    jld_error(P, "colliding keywords", "%s", kw);
    return NULL;
  }
  if (!strcmp(kw, "@id")) {
    if (!json_is_string(value)) {
      jld_error(P, "invalid @id value", "not a string");
      return NULL;
    }
    const char* const iri =
      jld_expand_iri(P, ctx, json_string_value(value), true, false);
    // expanded IRIs are built from valid UTF-8: no second check
    return iri ? json_string_nocheck(iri)
               : (P->status ? NULL : json_null());
  }
  if (!strcmp(kw, "@type")) {
    bool ok = json_is_string(value) || json_is_array(value);
    if (json_is_array(value)) {
      size_t  i;
      json_t* t;
      json_array_foreach (value, i, t) {
        ok = ok && json_is_string(t);
      }
    }
    if (!ok) {
      jld_error(P, "invalid type value", "not a string or array of strings");
      return NULL;
    }
    json_t* out;
    if (json_is_string(value)) {
      const char* const iri = jld_expand_iri(P, E->type_ctx,
                                             json_string_value(value), true,
                                             true);
      out = iri ? json_string_nocheck(iri) : json_null();
    } else {
      out = json_array();
      size_t  i;
      json_t* t;
      json_array_foreach (value, i, t) {
        const char* const iri =
          jld_expand_iri(P, E->type_ctx, json_string_value(t), true, true);
        if (iri) {
          json_array_append_new(out, json_string_nocheck(iri));
        }
      }
    }
    json_t* const existing = json_object_get(result, "@type");
    if (existing) {
      json_t* const merged = json_array();
      if (json_is_array(existing)) {
        json_array_extend(merged, existing);
      } else {
        json_array_append(merged, existing);
      }
      if (json_is_array(out)) {
        json_array_extend(merged, out);
      } else if (!json_is_null(out)) {
        json_array_append(merged, out);
      }
      json_decref(out);
      out = merged;
    }
    return out;
  }
  if (!strcmp(kw, "@graph")) {
    json_t* const g = expand(P, ctx, "@graph", value, E->base_url, false,
                             false);
    return P->status ? (json_decref(g), NULL) : as_array(g);
  }
  if (!strcmp(kw, "@included")) {
    if (P->mode10) {
      *skip = true;
      return NULL;
    }
    json_t* const inc =
      as_array(expand(P, ctx, "@included", value, E->base_url, false, false));
    if (P->status) {
      json_decref(inc);
      return NULL;
    }
    size_t  i;
    json_t* item;
    json_array_foreach (inc, i, item) {
      if (!json_is_object(item) || json_object_get(item, "@value") ||
          json_object_get(item, "@list") || json_object_get(item, "@set")) {
        json_decref(inc);
        jld_error(P, "invalid @included value", "not a node object");
        return NULL;
      }
    }
    json_t* const existing = json_object_get(result, "@included");
    if (existing) {
      json_t* const merged = json_copy(existing);
      json_array_extend(merged, inc);
      json_decref(inc);
      return merged;
    }
    return inc;
  }
  if (!strcmp(kw, "@value")) {
    if (E->input_type && !strcmp(E->input_type, "@json")) {
      if (P->mode10) {
        jld_error(P, "invalid value object value", "@json in 1.0");
        return NULL;
      }
      return json_incref(value);
    }
    if (json_is_object(value) || json_is_array(value)) {
      jld_error(P, "invalid value object value", "not a scalar");
      return NULL;
    }
    return json_incref(value);
  }
  if (!strcmp(kw, "@language")) {
    if (!json_is_string(value)) {
      jld_error(P, "invalid language-tagged string", "@language");
      return NULL;
    }
    return json_incref(value);
  }
  if (!strcmp(kw, "@direction")) {
    if (P->mode10) {
      *skip = true;
      return NULL;
    }
    const char* const d = json_string_value(value);
    if (!d || (strcmp(d, "ltr") && strcmp(d, "rtl"))) {
      jld_error(P, "invalid base direction", "@direction");
      return NULL;
    }
    return json_incref(value);
  }
  if (!strcmp(kw, "@index")) {
    if (!json_is_string(value)) {
      jld_error(P, "invalid @index value", "not a string");
      return NULL;
    }
    return json_incref(value);
  }
  if (!strcmp(kw, "@list")) {
    if (!E->prop || !strcmp(E->prop, "@graph")) {
      *skip = true;
      return NULL;
    }
    json_t* const l = expand(P, ctx, E->prop, value, E->base_url, false, true);
    return P->status ? (json_decref(l), NULL) : as_array(l);
  }
  if (!strcmp(kw, "@set")) {
    json_t* const s = expand(P, ctx, E->prop, value, E->base_url, false,
                             false);
    if (P->status) {
      json_decref(s);
      return NULL;
    }
    return s ? s : json_null();
  }
  if (!strcmp(kw, "@reverse")) {
    if (!json_is_object(value)) {
      jld_error(P, "invalid @reverse value", "not an object");
      return NULL;
    }
    json_t* const ev = expand(P, ctx, "@reverse", value, E->base_url, false,
                              false);
    if (P->status) {
      json_decref(ev);
      return NULL;
    }
    *skip = true;
    if (!json_is_object(ev)) {
      json_decref(ev);
      return NULL;
    }
    json_t* const rr = json_object_get(ev, "@reverse");
    if (rr) {
      const char* p;
      json_t*     items;
      json_object_foreach (rr, p, items) {
        add_value(result, p, items);
      }
    }
    const char* p;
    json_t*     items;
    json_object_foreach (ev, p, items) {
      if (!strcmp(p, "@reverse")) {
        continue;
      }
      json_t* rmap = json_object_get(result, "@reverse");
      if (!rmap) {
        rmap = json_object();
        json_object_set_new(result, "@reverse", rmap);
      }
      size_t  i;
      json_t* item;
      json_array_foreach (items, i, item) {
        if (is_value(P, item) || is_list_object(item)) {
          jld_error(P, "invalid reverse property value", "%s", p);
          json_decref(ev);
          return NULL;
        }
        add_value(rmap, p, item);
      }
    }
    json_decref(ev);
    return NULL;
  }
  if (!strcmp(kw, "@nest")) {
    if (!E->nests) {
      E->nests = json_object(); // made on first use: @nest is rare
    }
    json_object_set_new(E->nests, key, json_true());
    *skip = true;
    return NULL;
  }
  // @context was skipped earlier; other keywords (@default, @embed, ...) are
  // framing keywords and are dropped outside framing.
  *skip = true;
  return NULL;
}

// §5.1.2 step 13.7: a language map.
static json_t*
expand_language_map(JldProc* const P, Entries* const E,
                    const JldTerm* const def, json_t* const value)
{
  json_t* const out = json_array();
  const char*   dir = E->ctx->dir;
  if (def && def->has_dir) {
    dir = def->dir;
  }
  size_t             n;
  const char*        stack[KEYS_STACK];
  const char** const keys = sorted_keys(P, value, &n, stack);
  if (!keys) {
    json_decref(out);
    return NULL;
  }
  for (size_t k = 0U; k < n; ++k) {
    const char* const lang  = keys[k];
    json_t* const     lv    = json_object_get(value, lang);
    json_t* const     items = json_is_array(lv) ? json_incref(lv)
                                                : json_pack("[O]", lv);
    size_t  i;
    json_t* item;
    json_array_foreach (items, i, item) {
      if (json_is_null(item)) {
        continue;
      }
      if (!json_is_string(item)) {
        jld_error(P, "invalid language map value", "\"%s\"", lang);
        break;
      }
      json_t* const     v  = json_pack("{s:O}", "@value", item);
      const char* const el = jld_expand_iri(P, E->ctx, lang, false, true);
      if (strcmp(lang, "@none") && !(el && !strcmp(el, "@none"))) {
        json_object_set_new(v, "@language", json_string(lang));
      }
      if (dir) {
        json_object_set_new(v, "@direction", json_string(dir));
      }
      json_array_append_new(out, v);
    }
    json_decref(items);
    if (P->status) {
      break;
    }
  }
  keys_free(keys, stack);
  if (P->status) {
    json_decref(out);
    return NULL;
  }
  return out;
}

// §5.1.2 step 13.8: index, id and type maps.
static json_t*
expand_index_map(JldProc* const P, Entries* const E, const char* const key,
                 const JldTerm* const def, json_t* const value)
{
  JldCtx* const     ctx       = E->ctx;
  const unsigned    c         = def->container;
  const char* const index_key = def->index ? def->index : "@index";
  json_t* const     out       = json_array();
  size_t            n;
  const char*       stack[KEYS_STACK];
  const char** const keys = sorted_keys(P, value, &n, stack);
  if (!keys) {
    json_decref(out);
    return NULL;
  }
  for (size_t k = 0U; k < n && !P->status; ++k) {
    const char* const index = keys[k];
    json_t* const     iv    = json_object_get(value, index);
    JldCtx*           map_ctx = ctx;
    if (c & (JLD_C_ID | JLD_C_TYPE)) {
      map_ctx = ctx->previous ? ctx->previous : ctx;
    }
    if (c & JLD_C_TYPE) {
      const JldTerm* const idef = jld_ctx_term(map_ctx, index);
      if (idef && idef->has_context) {
        map_ctx = ctx_apply(P, map_ctx, idef->context, idef->base_url, false,
                            true);
        if (!map_ctx) {
          break;
        }
      }
    } else {
      map_ctx = ctx;
    }
    const char* const expanded_index =
      jld_expand_iri(P, ctx, index, false, true);
    json_t* const items = json_is_array(iv) ? json_incref(iv)
                                            : json_pack("[O]", iv);
    const size_t mark = jld_path_key(P, index);
    json_t* const ev =
      as_array(expand(P, map_ctx, key, items, E->base_url, true, false));
    jld_path_pop(P, mark);
    json_decref(items);
    if (P->status) {
      json_decref(ev);
      break;
    }
    const bool is_none = expanded_index && !strcmp(expanded_index, "@none");
    size_t     i;
    json_t*    item;
    json_array_foreach (ev, i, item) {
      if ((c & JLD_C_GRAPH) && !is_graph_object(item)) {
        json_t* const g = json_pack("{s:[O]}", "@graph", item);
        json_array_set_new(ev, i, g);
        item = g;
      }
      if ((c & JLD_C_INDEX) && strcmp(index_key, "@index") && !is_none) {
        json_t* const istr = json_string(index);
        json_t* const re   = jld_expand_value(P, ctx, index_key, istr);
        json_decref(istr);
        const char* const eik =
          jld_expand_iri(P, ctx, index_key, false, true);
        if (!eik) {
          json_decref(re);
          break;
        }
        json_t* const vals = json_array();
        json_array_append_new(vals, re);
        json_t* const old = json_object_get(item, eik);
        if (old) {
          if (json_is_array(old)) {
            json_array_extend(vals, old);
          } else {
            json_array_append(vals, old);
          }
        }
        json_object_set_new(item, eik, vals);
        if (is_value_object(item)) {
          jld_error(P, "invalid value object", "index property on a value");
          break;
        }
      } else if ((c & JLD_C_INDEX) && !json_object_get(item, "@index") &&
                 !is_none) {
        json_object_set_new(item, "@index", json_string(index));
      } else if ((c & JLD_C_ID) && !json_object_get(item, "@id") &&
                 !is_none) {
        const char* const id = jld_expand_iri(P, ctx, index, true, false);
        json_object_set_new(item, "@id", id ? json_string(id) : json_null());
      } else if ((c & JLD_C_TYPE) && !is_none) {
        json_t* const types = json_array();
        json_array_append_new(types, json_string(expanded_index));
        json_t* const old = json_object_get(item, "@type");
        if (old) {
          if (json_is_array(old)) {
            json_array_extend(types, old);
          } else {
            json_array_append(types, old);
          }
        }
        json_object_set_new(item, "@type", types);
      }
      json_array_append(out, item);
    }
    json_decref(ev);
  }
  keys_free(keys, stack);
  if (P->status) {
    json_decref(out);
    return NULL;
  }
  return out;
}

static MgdStatus
expand_property(JldProc* const P, Entries* const E, const char* const key,
                const char* const prop, json_t* const value)
{
  const JldTerm* const def       = jld_ctx_term(E->ctx, key);
  const unsigned       container = def ? def->container : 0U;
  json_t*              ev        = NULL;
  if (def && def->type && !strcmp(def->type, "@json")) {
    ev = json_pack("{s:O,s:s}", "@value", value, "@type", "@json");
  } else if ((container & JLD_C_LANGUAGE) && json_is_object(value)) {
    ev = expand_language_map(P, E, def, value);
  } else if ((container & (JLD_C_INDEX | JLD_C_TYPE | JLD_C_ID)) &&
             json_is_object(value)) {
    // index, id and type maps add entries to the expanded items, which
    // must therefore be objects
    const bool bare = P->bare_values;
    P->bare_values  = false;
    ev              = expand_index_map(P, E, key, def, value);
    P->bare_values  = bare;
  } else {
    const JldCtx* const  saved_ctx  = P->hint_ctx;
    const char* const    saved_prop = P->hint_prop;
    const JldTerm* const saved_def  = P->hint_def;
    P->hint_ctx                     = E->ctx;
    P->hint_prop                    = key;
    P->hint_def                     = def;
    ev = expand(P, E->ctx, key, value, E->base_url, false, false);
    P->hint_ctx  = saved_ctx;
    P->hint_prop = saved_prop;
    P->hint_def  = saved_def;
  }
  if (P->status) {
    json_decref(ev);
    return P->status;
  }
  if (!ev || json_is_null(ev)) {
    json_decref(ev);
    return MGD_SUCCESS;
  }
  if ((container & JLD_C_LIST) && !is_list_object(ev)) {
    ev = json_pack("{s:o}", "@list", as_array(ev));
  }
  if ((container & JLD_C_GRAPH) && !(container & (JLD_C_ID | JLD_C_INDEX))) {
    json_t* const arr = as_array(ev);
    json_t* const wrapped = json_array();
    size_t        i;
    json_t*       item;
    json_array_foreach (arr, i, item) {
      json_array_append_new(wrapped, json_pack("{s:[O]}", "@graph", item));
    }
    json_decref(arr);
    ev = wrapped;
  }
  if (def && def->reverse) {
    json_t* rmap = json_object_get(E->result, "@reverse");
    if (!rmap) {
      rmap = json_object();
      json_object_set_new(E->result, "@reverse", rmap);
    }
    json_t* const arr = as_array(ev);
    size_t        i;
    json_t*       item;
    json_array_foreach (arr, i, item) {
      if (is_value(P, item) || is_list_object(item)) {
        json_decref(arr);
        return jld_error(P, "invalid reverse property value", "%s", key);
      }
      add_value(rmap, prop, item);
    }
    json_decref(arr);
    return MGD_SUCCESS;
  }
  if (json_is_array(ev) && ev->refcount == 1U &&
      !json_object_get(E->result, prop)) {
    // the first values of the property: the fresh array itself, not a copy
    json_object_set_new_nocheck(E->result, prop, ev);
    return MGD_SUCCESS;
  }
  add_value(E->result, prop, ev);
  json_decref(ev);
  return MGD_SUCCESS;
}

// Drop the failed key with a warning when recovering (lenient reading).
static bool
recover(JldProc* const P)
{
  if (P->status == MGD_BAD_DATA && P->recover && P->code &&
      strcmp(P->code, "out of memory") != 0) {
    jld_warn(P, "%s (entry dropped)", P->message);
    P->status = MGD_SUCCESS;
    P->code   = NULL;
    mgd_free(P->err_path);
    P->err_path = NULL;
    return true;
  }
  return false;
}

static MgdStatus
expand_entries(JldProc* const P, Entries* const E, json_t* const element)
{
  size_t             n = E->n_keys;
  const char*        stack[KEYS_STACK];
  const char** const keys =
    E->keys ? E->keys : sorted_keys(P, element, &n, stack);
  const char** const ekeys = E->keys ? E->ekeys : NULL;
  E->keys                  = NULL; // nested entries sort their own
  if (!keys) {
    return P->status;
  }
  for (size_t k = 0U; k < n && !P->status; ++k) {
    const char* const key = keys[k];
    if (!strcmp(key, "@context")) {
      continue;
    }
    json_t* const     value = json_object_get(element, key);
    const size_t      mark  = jld_path_key(P, key);
    const char* const prop =
      ekeys ? ekeys[k] : jld_expand_iri(P, E->ctx, key, false, true);
    if (P->status) {
      recover(P);
      jld_path_pop(P, mark);
      continue;
    }
    if (!prop || (!strchr(prop, ':') && !jld_is_keyword(prop))) {
      if (P->opts->strict) {
        jld_error(P, "invalid term", "\"%s\" is not defined by the context",
                  key);
      } else if (P->recover) {
        jld_warn(P, "\"%s\" is not defined by the context; dropped", key);
      }
      jld_path_pop(P, mark);
      continue;
    }
    if (jld_is_keyword(prop)) {
      bool          skip = false;
      json_t* const ev   = expand_keyword(P, E, key, prop, value, &skip);
      if (!P->status && !skip) {
        if (!strcmp(prop, "@value")) {
          json_object_set_new(E->result, "@value", ev ? ev : json_null());
        } else if (ev && (!json_is_null(ev) || !strcmp(prop, "@id"))) {
          json_object_set_new(E->result, prop, ev);
        } else {
          json_decref(ev);
        }
      } else {
        json_decref(ev);
      }
    } else {
      expand_property(P, E, key, prop, value);
    }
    if (P->status) {
      recover(P);
    }
    jld_path_pop(P, mark);
  }
  if (!ekeys) {
    keys_free(keys, stack);
  }
  if (P->status) {
    return P->status;
  }
  // §5.1.2 step 14: nested properties
  while (json_object_size(E->nests) > 0U) {
    // keys point into `todo`, which outlives the loop (nests is reused)
    json_t* const todo = json_copy(E->nests);
    json_object_clear(E->nests);
    size_t             nn;
    const char*        nstack[KEYS_STACK];
    const char** const nkeys = sorted_keys(P, todo, &nn, nstack);
    if (!nkeys) {
      json_decref(todo);
      return P->status;
    }
    for (size_t k = 0U; k < nn && !P->status; ++k) {
      json_t* const nv   = json_object_get(element, nkeys[k]);
      json_t* const list = json_is_array(nv) ? json_incref(nv)
                                             : json_pack("[O]", nv);
      const size_t  mark = jld_path_key(P, nkeys[k]);
      size_t        i;
      json_t*       nested;
      json_array_foreach (list, i, nested) {
        bool bad = !json_is_object(nested);
        if (!bad) {
          const char* nk;
          json_t*     x;
          json_object_foreach (nested, nk, x) {
            const char* const e = jld_expand_iri(P, E->ctx, nk, false, true);
            bad = bad || (e && !strcmp(e, "@value"));
          }
        }
        if (bad) {
          jld_error(P, "invalid @nest value", "\"%s\"", nkeys[k]);
          break;
        }
        // a nest alias may carry a property-scoped context
        const JldTerm* const ndef = jld_ctx_term(E->ctx, nkeys[k]);
        Entries              E2   = *E;
        if (ndef && ndef->has_context) {
          E2.ctx = ctx_apply(P, E->ctx, ndef->context, ndef->base_url, true,
                             true);
          if (!E2.ctx) {
            break;
          }
        }
        if (expand_entries(P, &E2, nested)) {
          break;
        }
      }
      jld_path_pop(P, mark);
      json_decref(list);
    }
    json_decref(todo);
    keys_free(nkeys, nstack);
    if (P->status) {
      return P->status;
    }
  }
  return MGD_SUCCESS;
}

static json_t*
expand_array(JldProc* const P, JldCtx* const ctx, const char* const prop,
             json_t* const element, const char* const base_url,
             const bool from_map, bool inside_list)
{
  json_t* const        result = json_array();
  const JldTerm* const def    = prop ? prop_term(P, ctx, prop) : NULL;
  inside_list = inside_list || (def && (def->container & JLD_C_LIST));
  size_t  i;
  json_t* item;
  json_array_foreach (element, i, item) {
    const size_t mark = jld_path_index(P, i);
    json_t* ev = expand(P, ctx, prop, item, base_url, from_map, false);
    jld_path_pop(P, mark);
    if (P->status) {
      json_decref(ev);
      json_decref(result);
      return NULL;
    }
    if (inside_list && json_is_array(ev)) {
      ev = json_pack("{s:o}", "@list", ev);
    }
    if (json_is_array(ev)) {
      json_array_extend(result, ev);
      json_decref(ev);
    } else if (ev && !json_is_null(ev)) {
      json_array_append_new(result, ev);
    } else {
      json_decref(ev);
    }
  }
  return result;
}

// §5.1.2 steps 15-20 on the finished result map. The keyword entries are
// found in one pass over the keys instead of a hash lookup each (this runs
// for every node and value object).
static json_t*
expand_finish(JldProc* const P, json_t* result, const char* const prop)
{
  json_t*     value    = NULL;
  json_t*     type     = NULL;
  json_t*     set      = NULL;
  json_t*     list     = NULL;
  json_t*     language = NULL;
  json_t*     dir      = NULL;
  json_t*     index    = NULL;
  json_t*     id       = NULL;
  const char* bad_key  = NULL; // a key a value object may not have
  const char* k;
  json_t*     x;
  json_object_foreach (result, k, x) {
    if (k[0] != '@') {
      bad_key = bad_key ? bad_key : k;
    } else if (!strcmp(k, "@value")) {
      value = x;
    } else if (!strcmp(k, "@type")) {
      type = x;
    } else if (!strcmp(k, "@language")) {
      language = x;
    } else if (!strcmp(k, "@direction")) {
      dir = x;
    } else if (!strcmp(k, "@index")) {
      index = x;
    } else {
      bad_key = bad_key ? bad_key : k;
      if (!strcmp(k, "@id")) {
        id = x;
      } else if (!strcmp(k, "@set")) {
        set = x;
      } else if (!strcmp(k, "@list")) {
        list = x;
      }
    }
  }
  const size_t n = json_object_size(result);
  if (value) {
    if (bad_key) {
      jld_error(P, "invalid value object", "unexpected entry %s", bad_key);
      goto fail;
    }
    if (type && (language || dir)) {
      jld_error(P, "invalid value object", "@type with @language");
      goto fail;
    }
    if (type && json_is_string(type) &&
        !strcmp(json_string_value(type), "@json")) {
      return result;
    }
    if (json_is_null(value) ||
        (json_is_array(value) && json_array_size(value) == 0U)) {
      json_decref(result);
      return NULL;
    }
    if (!json_is_string(value) && language) {
      jld_error(P, "invalid language-tagged value", "not a string");
      goto fail;
    }
    if (type && (!json_is_string(type) ||
                 !mgd_iri_is_valid(mgd_str(json_string_value(type))) ||
                 jld_is_bnode(json_string_value(type)))) {
      jld_error(P, "invalid typed value", "@type must be an IRI");
      goto fail;
    }
  } else if (type) {
    if (!json_is_array(type)) {
      json_t* const wrapped = json_array();
      json_array_append(wrapped, type);
      json_object_set_new_nocheck(result, "@type", wrapped);
    }
  } else if (set || list) {
    if (n > 2U || (n == 2U && !index)) {
      jld_error(P, "invalid set or list object", "extra entries");
      goto fail;
    }
    if (set) {
      json_t* const s = json_incref(set);
      json_decref(result);
      return s;
    }
  }
  if (n == 1U && language) {
    json_decref(result);
    return NULL;
  }
  if (!prop || !strcmp(prop, "@graph")) {
    if (n == 0U || value || list || (n == 1U && id)) {
      json_decref(result);
      return NULL;
    }
  }
  return result;
fail:
  json_decref(result);
  return NULL;
}

static json_t*
expand_object(JldProc* P, JldCtx* ctx, const char* const prop,
              json_t* const element, const char* const base_url,
              const bool from_map)
{
  const JldTerm* const pdef = prop ? prop_term(P, ctx, prop) : NULL;
  if (ctx->previous && !from_map) {
    bool        revert = true;
    const char* k;
    json_t*     x;
    json_object_foreach (element, k, x) {
      const char* const e = jld_expand_iri(P, ctx, k, false, true);
      if (e && !strcmp(e, "@value")) {
        revert = false;
      }
      if (e && !strcmp(e, "@id") && json_object_size(element) == 1U) {
        revert = false;
      }
    }
    if (revert) {
      ctx = ctx->previous;
    }
  }
  if (pdef && pdef->has_context) {
    ctx = ctx_apply(P, ctx, pdef->context, pdef->base_url, true, true);
    if (!ctx) {
      return NULL;
    }
  }
  json_t* const local = json_object_get(element, "@context");
  if (local) {
    const size_t mark = jld_path_key(P, "@context");
    ctx = ctx_apply(P, ctx, local, base_url, false, true);
    jld_path_pop(P, mark);
    if (!ctx) {
      return NULL;
    }
  }
  JldCtx* const      type_ctx = ctx;
  size_t             n;
  const char*        stack[KEYS_STACK];
  const char** const keys = sorted_keys(P, element, &n, stack);
  if (!keys) {
    return NULL;
  }
  // Every key is expanded once here and the results are reused below and
  // by expand_entries (the bench profile had each key expanded 3 times).
  const char*  estack[KEYS_STACK];
  const char** ekeys =
    n <= KEYS_STACK ? estack : (const char**)mgd_malloc(n * sizeof(char*));
  if (!ekeys) {
    keys_free(keys, stack);
    jld_error(P, "out of memory", "keys");
    return NULL;
  }
  for (size_t k = 0U; k < n; ++k) {
    ekeys[k] = jld_expand_iri(P, ctx, keys[k], false, true);
  }
  for (size_t k = 0U; k < n && ctx; ++k) {
    const char* const e = ctx == type_ctx
                            ? ekeys[k]
                            : jld_expand_iri(P, ctx, keys[k], false, true);
    if (!e || strcmp(e, "@type")) {
      continue;
    }
    json_t* const v  = json_object_get(element, keys[k]);
    const size_t  nt = json_is_array(v) ? json_array_size(v) : 1U;
    // lexicographic order of the type terms
    const char*  tstack[KEYS_STACK];
    const char** ts = nt <= KEYS_STACK
                        ? tstack
                        : (const char**)mgd_malloc(nt * sizeof(char*));
    size_t       m  = 0U;
    for (size_t i = 0U; ts && i < nt; ++i) {
      json_t* const t = json_is_array(v) ? json_array_get(v, i) : v;
      if (json_is_string(t)) {
        ts[m++] = json_string_value(t);
      }
    }
    if (ts) {
      qsort(ts, m, sizeof(char*), cmp_str);
    }
    for (size_t i = 0U; ts && i < m && ctx; ++i) {
      const JldTerm* const tdef = jld_ctx_term(type_ctx, ts[i]);
      if (tdef && tdef->has_context) {
        ctx = ctx_apply(P, ctx, tdef->context, tdef->base_url, false, false);
      }
    }
    if (ts != tstack) {
      mgd_free((void*)ts);
    }
  }
  if (ctx && ctx != type_ctx) {
    for (size_t k = 0U; k < n; ++k) {
      ekeys[k] = jld_expand_iri(P, ctx, keys[k], false, true);
    }
  }
  if (!ctx) {
    keys_free(keys, stack);
    keys_free(ekeys, estack);
    return NULL;
  }
  Entries E = {ctx,  type_ctx,      prop,          base_url, NULL,
               keys, ekeys,         n,             json_object(),
               NULL};
  for (size_t k = 0U; k < n; ++k) {
    const char* const e = ekeys[k];
    if (e && !strcmp(e, "@type")) {
      json_t* const v    = json_object_get(element, keys[k]);
      json_t* const last = json_is_array(v)
                             ? json_array_get(v, json_array_size(v) - 1U)
                             : v;
      if (json_is_string(last)) {
        E.input_type =
          jld_expand_iri(P, ctx, json_string_value(last), false, true);
      }
      break;
    }
  }
  expand_entries(P, &E, element);
  keys_free(keys, stack);
  keys_free(ekeys, estack);
  json_decref(E.nests);
  if (P->status) {
    json_decref(E.result);
    return NULL;
  }
  return expand_finish(P, E.result, prop);
}

static json_t*
expand(JldProc* const P, JldCtx* ctx, const char* const prop,
       json_t* const element, const char* const base_url, const bool from_map,
       const bool inside_list)
{
  if (!element || json_is_null(element)) {
    return NULL;
  }
  if (++P->depth > P->limits.max_nesting) {
    --P->depth;
    jld_limit(P, "JSON nested deeper than %zu (max_nesting)",
              P->limits.max_nesting);
    return NULL;
  }
  json_t* result = NULL;
  if (json_is_array(element)) {
    result = expand_array(P, ctx, prop, element, base_url, from_map,
                          inside_list);
  } else if (json_is_object(element)) {
    result = expand_object(P, ctx, prop, element, base_url, from_map);
  } else if (prop && strcmp(prop, "@graph")) {
    const JldTerm* const pdef = prop_term(P, ctx, prop);
    if (pdef && pdef->has_context) {
      ctx = ctx_apply(P, ctx, pdef->context, pdef->base_url, true, true);
    }
    if (ctx) {
      result = jld_expand_value(P, ctx, prop, element);
    }
  }
  --P->depth;
  return result;
}

static JldCtx*
initial_context(JldProc* const P, const char* const base)
{
  JldCtx* ctx = jld_ctx_new(P, base ? jld_strdup(P, base) : NULL);
  if (!ctx) {
    return NULL;
  }
  if (P->opts->expand_context) {
    json_t* ec = jld_load(P, P->opts->expand_context,
                          "loading remote context failed");
    if (!ec) {
      return NULL;
    }
    json_t* const inner = json_object_get(ec, "@context");
    if (inner) {
      ec = inner;
    }
    ctx = ctx_apply(P, ctx, ec, P->opts->expand_context, false, true);
  }
  return ctx;
}

JldCtx*
jld_doc_context(JldProc* const P, json_t* const local, const char* const base)
{
  JldCtx* ctx = initial_context(P, base);
  if (ctx && local) {
    const size_t mark = jld_path_key(P, "@context");
    ctx               = ctx_apply(P, ctx, local, base, false, true);
    jld_path_pop(P, mark);
  }
  return ctx;
}

json_t*
jld_expand_item(JldProc* const P, JldCtx* const ctx, json_t* const item,
                const char* const base)
{
  json_t* const e = expand(P, ctx, "@graph", item, base, false, false);
  if (P->status || !e) {
    json_decref(e);
    return NULL;
  }
  return as_array(e);
}

MgdStatus
jld_expand_each(JldProc* const P, json_t* const doc, const char* const base,
                MgdStatus (*const each)(void*, json_t*), void* const handle)
{
  json_t* const graph = json_object_get(doc, "@graph");
  const size_t  n     = json_object_size(doc);
  const bool    split =
    json_is_array(graph) &&
    (n == 1U || (n == 2U && json_object_get(doc, "@context")));
  if (!split) {
    json_t*         expanded = NULL;
    const MgdStatus st       = jld_expand_doc(P, doc, base, &expanded);
    if (!st) {
      each(handle, expanded);
    }
    json_decref(expanded);
    return P->status;
  }
  // {"@context": ..., "@graph": [...]} (RO-Crate's shape): expanding the
  // graph's items one by one gives the same result as expanding the whole
  // document, and each item's input is released once it is written.
  JldCtx* ctx = initial_context(P, base);
  json_t* const local = json_object_get(doc, "@context");
  if (ctx && local) {
    const size_t mark = jld_path_key(P, "@context");
    ctx               = ctx_apply(P, ctx, local, base, false, true);
    jld_path_pop(P, mark);
  }
  if (!ctx) {
    return P->status;
  }
  const size_t mark = jld_path_key(P, "@graph");
  for (size_t i = 0U; i < json_array_size(graph) && !P->status; ++i) {
    const size_t  m2   = jld_path_index(P, i);
    json_t* const item = json_array_get(graph, i);
    json_t* const e    = expand(P, ctx, "@graph", item, base, false, false);
    jld_path_pop(P, m2);
    if (!P->status && e) {
      json_t* const arr = as_array(e);
      each(handle, arr);
      json_decref(arr);
    } else {
      json_decref(e);
    }
    json_array_set_new(graph, i, json_null());
  }
  jld_path_pop(P, mark);
  return P->status;
}

MgdStatus
jld_expand_doc(JldProc* const P, json_t* const doc, const char* const base,
               json_t** const out)
{
  *out        = NULL;
  JldCtx* ctx = jld_ctx_new(P, base ? jld_strdup(P, base) : NULL);
  if (!ctx) {
    return P->status;
  }
  if (P->opts->expand_context) {
    json_t* ec = jld_load(P, P->opts->expand_context,
                          "loading remote context failed");
    if (!ec) {
      return P->status;
    }
    json_t* const inner = json_object_get(ec, "@context");
    if (inner) {
      ec = inner;
    }
    ctx = ctx_apply(P, ctx, ec, P->opts->expand_context, false, true);
    if (!ctx) {
      return P->status;
    }
  }
  json_t* result = expand(P, ctx, NULL, doc, base, false, false);
  if (P->status) {
    json_decref(result);
    return P->status;
  }
  if (json_is_object(result) && json_object_size(result) == 1U &&
      json_object_get(result, "@graph")) {
    json_t* const g = json_incref(json_object_get(result, "@graph"));
    json_decref(result);
    result = g;
  }
  *out = as_array(result);
  return MGD_SUCCESS;
}
