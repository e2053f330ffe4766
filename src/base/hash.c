// Copyright 2026 The MUGDAT authors
// SPDX-License-Identifier: Apache-2.0

#include "hash.h"

#include "alloc.h"

#include <xxhash.h>

#include <string.h>

uint64_t
mgd_hash64(const void* const bytes, const size_t n)
{
  return XXH3_64bits(bytes, n);
}

void
mgd_hash128(const void* const bytes, const size_t n, uint64_t out[2])
{
  const XXH128_hash_t h = XXH3_128bits(bytes, n);
  out[0]                = h.high64;
  out[1]                = h.low64;
}

void
mgd_hashmap_init(MgdHashMap* const map)
{
  map->slots   = NULL;
  map->n_slots = 0U;
  map->n_used  = 0U;
  mgd_arena_init(&map->keys, 0U);
}

void
mgd_hashmap_clear(MgdHashMap* const map)
{
  if (map) {
    mgd_free(map->slots);
    mgd_arena_clear(&map->keys);
    map->slots   = NULL;
    map->n_slots = 0U;
    map->n_used  = 0U;
  }
}

static uint64_t
hashmap_hash(const void* const key, const size_t n)
{
  const uint64_t h = mgd_hash64(key, n);
  return h ? h : 1U; // 0 marks empty slots
}

static MgdHashSlot*
hashmap_find(const MgdHashMap* const map,
             const uint64_t          h,
             const void* const       key,
             const size_t            n_key)
{
  const size_t mask = map->n_slots - 1U;
  for (size_t i = (size_t)h & mask;; i = (i + 1U) & mask) {
    MgdHashSlot* const slot = &map->slots[i];
    if (!slot->hash || (slot->hash == h && slot->n_key == n_key &&
                        (!n_key || !memcmp(slot->key, key, n_key)))) {
      return slot;
    }
  }
}

static MgdStatus
hashmap_grow(MgdHashMap* const map)
{
  const size_t       n_slots = map->n_slots ? map->n_slots * 2U : 64U;
  MgdHashSlot* const slots =
    (MgdHashSlot*)mgd_calloc(n_slots, sizeof(MgdHashSlot));
  if (!slots) {
    return MGD_BAD_ALLOC;
  }
  MgdHashMap grown = *map;
  grown.slots      = slots;
  grown.n_slots    = n_slots;
  for (size_t i = 0U; i < map->n_slots; ++i) {
    const MgdHashSlot* const old = &map->slots[i];
    if (old->hash) {
      *hashmap_find(&grown, old->hash, old->key, old->n_key) = *old;
    }
  }
  mgd_free(map->slots);
  map->slots   = slots;
  map->n_slots = n_slots;
  return MGD_SUCCESS;
}

MgdStatus
mgd_hashmap_get(const MgdHashMap* const map,
                const void* const       key,
                const size_t            n_key,
                uint64_t* const         value)
{
  if (!map->n_slots) {
    return MGD_FAILURE;
  }
  const MgdHashSlot* const slot =
    hashmap_find(map, hashmap_hash(key, n_key), key, n_key);
  if (!slot->hash) {
    return MGD_FAILURE;
  }
  *value = slot->value;
  return MGD_SUCCESS;
}

MgdStatus
mgd_hashmap_put(MgdHashMap* const map,
                const void* const key,
                const size_t      n_key,
                const uint64_t    value,
                uint64_t* const   existing,
                bool* const       inserted)
{
  if ((map->n_used + 1U) * 10U >= map->n_slots * 7U) {
    const MgdStatus st = hashmap_grow(map);
    if (st) {
      return st;
    }
  }
  const uint64_t     h    = hashmap_hash(key, n_key);
  MgdHashSlot* const slot = hashmap_find(map, h, key, n_key);
  if (slot->hash) {
    if (existing) {
      *existing = slot->value;
    }
    if (inserted) {
      *inserted = false;
    }
    return MGD_SUCCESS;
  }
  char* const copy = mgd_arena_strndup(&map->keys, (const char*)key, n_key);
  if (!copy) {
    return MGD_BAD_ALLOC;
  }
  slot->hash  = h;
  slot->key   = copy;
  slot->n_key = n_key;
  slot->value = value;
  ++map->n_used;
  if (existing) {
    *existing = value;
  }
  if (inserted) {
    *inserted = true;
  }
  return MGD_SUCCESS;
}

MgdStatus
mgd_hashmap_ref(MgdHashMap* const map,
                const void* const key,
                const size_t      n_key,
                uint64_t** const  value,
                bool* const       inserted)
{
  bool            added = false;
  const MgdStatus st    = mgd_hashmap_put(map, key, n_key, 0U, NULL, &added);
  if (st) {
    return st;
  }
  MgdHashSlot* const slot =
    hashmap_find(map, hashmap_hash(key, n_key), key, n_key);
  *value = &slot->value;
  if (inserted) {
    *inserted = added;
  }
  return MGD_SUCCESS;
}
