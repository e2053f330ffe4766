// Copyright 2026 The MUGDAT authors
// SPDX-License-Identifier: Apache-2.0

#include "format.h"

#include <string.h>
#include <strings.h>

typedef struct {
  MgdFormat   format;
  const char* name;
  const char* extensions; ///< Space-separated, each with a leading dot
  const char* media_type;
  const char* aliases;    ///< Other accepted names and media types
} FormatRow;

static const FormatRow formats[] = {
  {MGD_FORMAT_NTRIPLES, "nt", ".nt ", "application/n-triples",
   " ntriples n-triples text/plain "},
  {MGD_FORMAT_NQUADS, "nq", ".nq ", "application/n-quads",
   " nquads n-quads text/x-nquads "},
  {MGD_FORMAT_TURTLE, "ttl", ".ttl .turtle ", "text/turtle",
   " turtle application/x-turtle "},
  {MGD_FORMAT_TRIG, "trig", ".trig ", "application/trig",
   " application/x-trig "},
  {MGD_FORMAT_RDFXML, "rdf", ".rdf .owl .rdfxml .xml ", "application/rdf+xml",
   " rdfxml rdf/xml xml owl "},
  {MGD_FORMAT_JSONLD, "jsonld", ".jsonld .json ", "application/ld+json",
   " json-ld json "},
};

static bool
word_in(const char* const list, const char* const word, const size_t n)
{
  for (const char* p = list; (p = strstr(p, word)); ++p) {
    if ((p == list || p[-1] == ' ') && (p[n] == ' ' || !p[n])) {
      return true;
    }
  }
  return false;
}

MgdFormat
mgd_format_from_name(const char* const name)
{
  const size_t n = name ? strlen(name) : 0U;
  char         lower[64];
  if (!n || n >= sizeof(lower)) {
    return MGD_FORMAT_UNKNOWN;
  }
  for (size_t i = 0U; i <= n; ++i) {
    lower[i] = (char)((name[i] >= 'A' && name[i] <= 'Z') ? name[i] + 32 : name[i]);
  }
  for (size_t i = 0U; i < sizeof(formats) / sizeof(formats[0]); ++i) {
    if (!strcmp(lower, formats[i].name) ||
        !strcmp(lower, formats[i].media_type) ||
        word_in(formats[i].aliases, lower, n)) {
      return formats[i].format;
    }
  }
  return MGD_FORMAT_UNKNOWN;
}

MgdFormat
mgd_format_from_path(const char* const path)
{
  size_t n = strlen(path);
  if (n > 3U && !strcasecmp(path + n - 3U, ".gz")) {
    n -= 3U;
  }
  size_t dot = n;
  while (dot > 0U && path[dot - 1U] != '.' && path[dot - 1U] != '/') {
    --dot;
  }
  if (!dot || path[dot - 1U] != '.' || n - dot + 1U >= 16U) {
    return MGD_FORMAT_UNKNOWN;
  }
  char ext[16];
  for (size_t i = dot - 1U; i < n; ++i) {
    const char c       = path[i];
    ext[i - dot + 1U] = (char)((c >= 'A' && c <= 'Z') ? c + 32 : c);
  }
  ext[n - dot + 1U] = '\0';
  for (size_t i = 0U; i < sizeof(formats) / sizeof(formats[0]); ++i) {
    if (word_in(formats[i].extensions, ext, strlen(ext))) {
      return formats[i].format;
    }
  }
  return MGD_FORMAT_UNKNOWN;
}

const char*
mgd_format_name(const MgdFormat format)
{
  for (size_t i = 0U; i < sizeof(formats) / sizeof(formats[0]); ++i) {
    if (formats[i].format == format) {
      return formats[i].name;
    }
  }
  return "unknown";
}

const char*
mgd_format_media_type(const MgdFormat format)
{
  for (size_t i = 0U; i < sizeof(formats) / sizeof(formats[0]); ++i) {
    if (formats[i].format == format) {
      return formats[i].media_type;
    }
  }
  return "application/octet-stream";
}

bool
mgd_format_has_graphs(const MgdFormat format)
{
  return format == MGD_FORMAT_NQUADS || format == MGD_FORMAT_TRIG ||
         format == MGD_FORMAT_JSONLD;
}
