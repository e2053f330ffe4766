// Copyright 2026 The MUGDAT authors
// SPDX-License-Identifier: Apache-2.0

// Parallel loading of large N-Triples / N-Quads files.
//
// The file is mapped and cut into blocks at line boundaries; each block is
// cut in two, and two threads parse the halves into batches (quads whose
// strings live in the batch's arena). The calling thread, the only one that
// may use the write transaction, interns and queues the quads of block k in
// file order while the threads parse block k+1. Quads reach the store in
// the same order as with the sequential reader, blank node labels share the
// load's one scope, and an error anywhere fails the whole file.

#include "db_load.h"

#include "base/alloc.h"
#include "base/arena.h"
#include "syntax/ttl_read.h"

#include <fcntl.h>
#include <pthread.h>
#include <string.h>
#include <sys/mman.h>
#include <sys/stat.h>
#include <unistd.h>

enum { BLOCK_BYTES = 16 << 20, MIN_PARALLEL_BYTES = 4 << 20 };

typedef struct {
  MgdArena              arena;      ///< Term strings of this batch
  MgdQuad*              quads;      ///< Parsed quads
  size_t                n;          ///< Quads used
  size_t                cap;        ///< Quads allocated
  MgdStatus             st;         ///< Parse result
  const char*           bytes;      ///< Range to parse
  size_t                len;        ///< Its length
  unsigned              first_line; ///< Line number of its first line
  const MgdReadOptions* opts;       ///< Reader options
  pthread_t             thread;     ///< Parser thread
  bool                  running;    ///< Thread started
} Batch;

static MgdStatus
batch_term(Batch* const b, const MgdTerm* const in, MgdTerm* const out)
{
  *out = *in;
  if (in->value.len) {
    out->value = mgd_arena_str(&b->arena, in->value);
  }
  if (in->datatype.len) {
    out->datatype = mgd_arena_str(&b->arena, in->datatype);
  }
  if (in->lang.len) {
    out->lang = mgd_arena_str(&b->arena, in->lang);
  }
  return ((in->value.len && !out->value.ptr) ||
          (in->datatype.len && !out->datatype.ptr) ||
          (in->lang.len && !out->lang.ptr))
           ? MGD_BAD_ALLOC
           : MGD_SUCCESS;
}

static MgdStatus
batch_on_quad(void* const handle, const MgdQuad* const quad)
{
  Batch* const b = (Batch*)handle;
  if (b->n == b->cap) {
    const size_t   cap   = b->cap ? b->cap * 2U : 65536U;
    MgdQuad* const grown = (MgdQuad*)mgd_realloc(b->quads, cap * sizeof(MgdQuad));
    if (!grown) {
      return MGD_BAD_ALLOC;
    }
    b->quads = grown;
    b->cap   = cap;
  }
  MgdQuad* const q  = &b->quads[b->n];
  MgdStatus      st = batch_term(b, &quad->s, &q->s);
  if (!st) {
    st = batch_term(b, &quad->p, &q->p);
  }
  if (!st) {
    st = batch_term(b, &quad->o, &q->o);
  }
  if (!st) {
    st = batch_term(b, &quad->g, &q->g);
  }
  b->n += !st;
  return st;
}

static void*
batch_parse(void* const arg)
{
  Batch* const  b    = (Batch*)arg;
  const MgdSink sink = {b, NULL, NULL, batch_on_quad, NULL};
  b->st = mgd_nq_read_range(b->bytes, b->len, b->first_line, b->opts, &sink,
                            NULL);
  return NULL;
}

static unsigned
count_lines(const char* p, const char* const end)
{
  unsigned n = 0U;
  while (p < end && (p = (const char*)memchr(p, '\n', (size_t)(end - p)))) {
    ++n;
    ++p;
  }
  return n;
}

static void
batch_start(Batch* const b, const char* const bytes, const size_t len,
            const unsigned first_line)
{
  mgd_arena_reset(&b->arena);
  b->n          = 0U;
  b->st         = MGD_SUCCESS;
  b->bytes      = bytes;
  b->len        = len;
  b->first_line = first_line;
  b->running    = !pthread_create(&b->thread, NULL, batch_parse, b);
  if (!b->running) {
    batch_parse(b); // no thread to be had: parse here
  }
}

static void
batch_wait(Batch* const b)
{
  if (b->running) {
    pthread_join(b->thread, NULL);
    b->running = false;
  }
}

// Release the mapped pages wholly inside [from, to).
static void
drop_pages(const char* const base, const char* const from, const char* const to)
{
  const long page = sysconf(_SC_PAGESIZE);
  if (page <= 0) {
    return;
  }
  const size_t ps    = (size_t)page;
  const size_t start = ((size_t)(from - base) + ps - 1U) / ps * ps;
  const size_t end   = (size_t)(to - base) / ps * ps;
  if (end > start) {
    madvise((void*)(base + start), end - start, MADV_DONTNEED);
  }
}

bool
mgd_db_load_parallel_ok(const char* const path, const MgdFormat format)
{
  if ((format != MGD_FORMAT_NTRIPLES && format != MGD_FORMAT_NQUADS) ||
      !strcmp(path, "-")) {
    return false;
  }
  struct stat sb;
  if (stat(path, &sb) || !S_ISREG(sb.st_mode) ||
      sb.st_size < (off_t)MIN_PARALLEL_BYTES) {
    return false;
  }
  const int fd = open(path, O_RDONLY);
  if (fd < 0) {
    return false;
  }
  unsigned char magic[2] = {0, 0};
  const bool    gz = read(fd, magic, 2) == 2 && magic[0] == 0x1F && magic[1] == 0x8B;
  close(fd);
  return !gz;
}

MgdStatus
mgd_db_load_parallel(const char* const path, const MgdReadOptions* const opts,
                     const MgdSink* const sink, size_t* const n_quads)
{
  const int fd = open(path, O_RDONLY);
  if (fd < 0) {
    return mgd_diag(opts->diag, MGD_BAD_IO, MGD_LEVEL_ERROR, opts->source_name,
                    0U, 0U, NULL, "cannot open");
  }
  struct stat sb;
  if (fstat(fd, &sb)) {
    close(fd);
    return MGD_BAD_IO;
  }
  const size_t size = (size_t)sb.st_size;
  char* const  data = (char*)mmap(NULL, size, PROT_READ, MAP_PRIVATE, fd, 0);
  close(fd);
  if (data == MAP_FAILED) {
    return MGD_BAD_IO;
  }
  madvise(data, size, MADV_SEQUENTIAL);
  // Two pairs of batches: one pair is parsed while the other is stored.
  Batch batches[4];
  memset(batches, 0, sizeof(batches));
  for (unsigned i = 0U; i < 4U; ++i) {
    mgd_arena_init(&batches[i].arena, 0U);
    batches[i].opts = opts;
  }
  size_t    pos   = 0U;
  unsigned  line  = 1U;
  size_t    total = 0U;
  MgdStatus st    = MGD_SUCCESS;
  unsigned  cur   = 0U; // pair index: batches[2*cur], batches[2*cur+1]
  // Start the pair for the block at `pos`; returns false at the end.
  #define START_PAIR(pair)                                                    \
    do {                                                                      \
      const size_t end  = mgd_nq_split(data + pos, size - pos,               \
                                       BLOCK_BYTES, NULL) + pos;              \
      const size_t half = mgd_nq_split(data + pos, end - pos,                \
                                       (end - pos) / 2U, NULL) + pos;         \
      const unsigned mid = line + count_lines(data + pos, data + half);      \
      batch_start(&batches[2U * (pair)], data + pos, half - pos, line);      \
      batch_start(&batches[2U * (pair) + 1U], data + half, end - half, mid); \
      line = mid + count_lines(data + half, data + end);                     \
      pos  = end;                                                             \
    } while (0)
  bool have = pos < size;
  if (have) {
    START_PAIR(cur);
  }
  while (have) {
    Batch* const a = &batches[2U * cur];
    Batch* const b = &batches[2U * cur + 1U];
    batch_wait(a);
    batch_wait(b);
    st = a->st ? a->st : b->st;
    if (st) {
      break;
    }
    // The quads' strings live in the batches' arenas: the parsed block's
    // pages can go (otherwise the whole mapped file counts as resident).
    drop_pages(data, a->bytes, b->bytes + b->len);
    have = pos < size;
    if (have) {
      START_PAIR(cur ^ 1U);
    }
    for (unsigned k = 0U; !st && k < 2U; ++k) {
      const Batch* const done = k ? b : a;
      for (size_t j = 0U; !st && j < done->n; ++j) {
        st = mgd_sink_quad(sink, &done->quads[j]);
      }
      total += done->n;
    }
    if (st) {
      break;
    }
    cur ^= 1U;
  }
  #undef START_PAIR
  for (unsigned i = 0U; i < 4U; ++i) {
    batch_wait(&batches[i]);
    mgd_arena_clear(&batches[i].arena);
    mgd_free(batches[i].quads);
  }
  munmap(data, size);
  if (n_quads) {
    *n_quads = total;
  }
  return st;
}
