// Copyright 2026 The MUGDAT authors
// SPDX-License-Identifier: Apache-2.0

// Replays inputs through a libFuzzer target without libFuzzer: each
// argument is a file or a directory of files (not recursive). Linked with
// one tests/fuzz/fuzz_<name>.c, it lets `make check` run the regression
// corpus tests/fuzz/regress/<name>/ and seed corpora under ASan/UBSan in a
// plain gcc build. A crash or sanitizer report fails the run; every input
// that returns counts as passed. Prints `N passed, 0 failed`.

#include <dirent.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>

int
LLVMFuzzerTestOneInput(const uint8_t* data, size_t size);

static unsigned long n_run;

static int
replay_file(const char* const path)
{
  FILE* const f = fopen(path, "rb");
  if (!f) {
    fprintf(stderr, "%s: cannot open\n", path);
    return 1;
  }
  size_t   cap  = 4096U;
  size_t   n    = 0U;
  uint8_t* data = (uint8_t*)malloc(cap);
  size_t   got  = 0U;
  while (data && (got = fread(data + n, 1U, cap - n, f)) > 0U) {
    n += got;
    if (n == cap) {
      uint8_t* const grown = (uint8_t*)realloc(data, cap * 2U);
      if (!grown) {
        free(data);
        data = NULL;
        break;
      }
      data = grown;
      cap *= 2U;
    }
  }
  fclose(f);
  if (!data) {
    return 1;
  }
  LLVMFuzzerTestOneInput(data, n);
  free(data);
  ++n_run;
  return 0;
}

static int
replay_path(const char* const path)
{
  struct stat sb;
  if (stat(path, &sb)) {
    return 0; // an absent corpus directory replays nothing
  }
  if (!S_ISDIR(sb.st_mode)) {
    return replay_file(path);
  }
  DIR* const d = opendir(path);
  if (!d) {
    return 1;
  }
  int            rc = 0;
  struct dirent* e  = NULL;
  while (!rc && (e = readdir(d))) {
    if (e->d_name[0] == '.') {
      continue;
    }
    char child[4096];
    snprintf(child, sizeof(child), "%s/%s", path, e->d_name);
    if (!stat(child, &sb) && S_ISREG(sb.st_mode)) {
      rc = replay_file(child);
    }
  }
  closedir(d);
  return rc;
}

int
main(int argc, char** argv)
{
  int rc = 0;
  for (int i = 1; i < argc && !rc; ++i) {
    rc = replay_path(argv[i]);
  }
  printf("%lu passed, %d failed\n", n_run, rc);
  return rc;
}
