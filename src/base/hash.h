// Copyright 2026 The MUGDAT authors
// SPDX-License-Identifier: Apache-2.0

/// Hashing (XXH3 from libxxhash) and a byte-string → u64 hash map.
///
/// The map copies keys into its own arena; values are u64 (an id, an index,
/// an offset). Open addressing with linear probing; grows at 70% load.

#ifndef MGD_BASE_HASH_H
#define MGD_BASE_HASH_H

#include "arena.h"
#include "status.h"

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

/// 64-bit hash of `n` bytes.
uint64_t
mgd_hash64(const void* bytes, size_t n);

/// 128-bit hash of `n` bytes, as two u64 (hi, lo).
void
mgd_hash128(const void* bytes, size_t n, uint64_t out[2]);

typedef struct {
  uint64_t    hash;  ///< Full hash; 0 marks an empty slot
  const char* key;   ///< Key bytes (in the map's arena)
  size_t      n_key; ///< Key length
  uint64_t    value; ///< Value
} MgdHashSlot;

/// A hash map from byte strings to u64. Initialise with mgd_hashmap_init().
typedef struct {
  MgdHashSlot* slots;   ///< Slot array; owned
  size_t       n_slots; ///< Power of two, or 0
  size_t       n_used;  ///< Occupied slots
  MgdArena     keys;    ///< Key storage
} MgdHashMap;

/// Initialise an empty map.
void
mgd_hashmap_init(MgdHashMap* map);

/// Free everything (NULL is fine).
void
mgd_hashmap_clear(MgdHashMap* map);

/// Find `key`: MGD_SUCCESS and `*value`, or MGD_FAILURE.
MgdStatus
mgd_hashmap_get(const MgdHashMap* map, const void* key, size_t n_key,
                uint64_t* value);

/// Insert `key` → `value` unless present. Sets `*existing` (may be NULL) to
/// the value in the map afterwards and `*inserted` (may be NULL) to whether
/// it was added. MGD_BAD_ALLOC on failure.
MgdStatus
mgd_hashmap_put(MgdHashMap* map, const void* key, size_t n_key,
                uint64_t value, uint64_t* existing, bool* inserted);

/// Find `key`, inserting it with value 0 if absent, and set `*value` to the
/// value's slot (valid until the next insertion). `*inserted` (may be NULL)
/// tells whether it was added.
MgdStatus
mgd_hashmap_ref(MgdHashMap* map, const void* key, size_t n_key,
                uint64_t** value, bool* inserted);

#endif // MGD_BASE_HASH_H
