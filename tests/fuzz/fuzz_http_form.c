// Copyright 2026 The MUGDAT authors
// SPDX-License-Identifier: Apache-2.0

// libFuzzer target: urlencoded form / query-string decoding.
// Oracles: decoding never reads past the input or crashes; decoded fields
// are never longer than their encoding; re-encoding every field and
// decoding again gives the same fields (round trip).

#include "base/arena.h"
#include "base/str.h"
#include "http/conneg.h"

#include <stdint.h>
#include <stdlib.h>
#include <string.h>

int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size);

static void
encode(MgdBuf* const out, const MgdStr s)
{
  static const char hex[] = "0123456789ABCDEF";
  for (size_t i = 0U; i < s.len; ++i) {
    const unsigned char c = (unsigned char)s.ptr[i];
    if ((c >= 'a' && c <= 'z') || (c >= '0' && c <= '9') || c == '-') {
      mgd_buf_putc(out, (char)c);
    } else {
      const char esc[3] = { '%', hex[c >> 4], hex[c & 15U] };
      mgd_buf_append(out, esc, 3U);
    }
  }
}

int
LLVMFuzzerTestOneInput(const uint8_t* const data, const size_t size)
{
  MgdArena arena;
  MgdForm  form;
  mgd_arena_init(&arena, 0U);
  const MgdStatus st = mgd_form_parse(&arena, (const char*)data, size, &form);
  if (st == MGD_SUCCESS) {
    size_t n_amp = 0U;
    for (size_t i = 0U; i < size; ++i) {
      n_amp += data[i] == '&';
    }
    if (form.n_fields > n_amp + 1U) {
      abort();
    }
    MgdBuf again;
    mgd_buf_init(&again);
    size_t n_nonempty = 0U;
    for (size_t i = 0U; i < form.n_fields; ++i) {
      const MgdFormField* const f = &form.fields[i];
      if (f->key.len + f->value.len > size) {
        abort();
      }
      if (f->key.ptr[f->key.len] != '\0' ||
          f->value.ptr[f->value.len] != '\0') {
        abort(); // promised NUL termination
      }
      if (again.len) {
        mgd_buf_putc(&again, '&');
      }
      encode(&again, f->key);
      mgd_buf_putc(&again, '=');
      encode(&again, f->value);
      n_nonempty += f->key.len || f->value.len;
    }
    (void)n_nonempty;
    MgdForm form2;
    if (mgd_form_parse(
          &arena, again.data ? again.data : "", again.len, &form2)) {
      abort();
    }
    // "=" re-encodes an empty pair to a field with empty key and value,
    // which the first parse also produced, so the counts match exactly
    if (form2.n_fields != form.n_fields) {
      abort();
    }
    for (size_t i = 0U; i < form.n_fields; ++i) {
      if (!mgd_str_eq(form.fields[i].key, form2.fields[i].key) ||
          !mgd_str_eq(form.fields[i].value, form2.fields[i].value)) {
        abort();
      }
    }
    mgd_buf_clear(&again);
  } else if (st != MGD_BAD_SYNTAX && st != MGD_BAD_LIMIT) {
    abort();
  }
  mgd_arena_clear(&arena);
  return 0;
}
