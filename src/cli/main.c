// Copyright 2026 The MUGDAT authors
// SPDX-License-Identifier: Apache-2.0

// `mugdat`: dispatches to one subcommand per file (src/cli/cmd_*.c).

#include "cli.h"
#include "commands.h"

#include <stdio.h>
#include <string.h>

typedef struct {
  const char* name;
  int (*run)(int argc, char** argv);
  const char* summary;
} Command;

static const Command commands[] = {
  {"init", mgd_cmd_init, "create a store: init --db DIR"},
  {"load", mgd_cmd_load, "load RDF files: load --db DIR [--graph IRI [--replace]] [--format F] [--base IRI] [--atomic] [JSON-LD options] FILE|DIR|-..."},
  {"query", mgd_cmd_query, "run a SPARQL query: query --db DIR [--format json|xml|csv|tsv|ttl|nt|nq|trig|rdf|jsonld] [--base IRI] [--explain] [--repeat N] QUERY|@FILE"},
  {"validate", mgd_cmd_validate, "SHACL validation: validate [--db DIR [--graph IRI] | FILE...] --shapes NAME|FILE [--format ttl|json|text]"},
  {"crosswalk", mgd_cmd_crosswalk, "vocabulary crosswalk: crosswalk --to PROFILE [--from PROFILE] [--format ttl|nt|nq|jsonld|rdf|datacite-json] [--drop-unmapped] [--explain] [--out FILE] FILE | --db DIR --graph IRI"},
  {"ingest", mgd_cmd_ingest, "OME-XML/OMERO/IDR sources: ingest --db DIR [--graph IRI] [--strict] SOURCE..."},
  {"update", mgd_cmd_update, "run a SPARQL update in one transaction: update --db DIR [--base IRI] UPDATE|@FILE"},
  {"dump", mgd_cmd_dump, "write the store: dump --db DIR [--graph IRI] [--format nq|trig|nt|ttl|jsonld] [--out FILE]"},
  {"stats", mgd_cmd_stats, "show statistics: stats --db DIR"},
  {"backup", mgd_cmd_backup, "hot copy: backup --db DIR OUT_DIR"},
  {"serve", mgd_cmd_serve, "HTTP server: serve --db DIR [--bind A] [--port N] [--www DIR] [--write-token-file F]"},
};

static int
usage(FILE* const out)
{
  fprintf(out, "usage: mugdat COMMAND [OPTIONS]\n\ncommands:\n");
  for (size_t i = 0U; i < sizeof(commands) / sizeof(commands[0]); ++i) {
    fprintf(out, "  %-10s %s\n", commands[i].name, commands[i].summary);
  }
  fprintf(out, "\n--db defaults to $MUGDAT_DB, then ./var/mugdat.\n"
               "exit status: 0 ok, 1 bad input, 2 usage, 3 internal error\n");
  return out == stdout ? MGD_EXIT_OK : MGD_EXIT_USAGE;
}

int
main(int argc, char** argv)
{
  if (argc < 2) {
    return usage(stderr);
  }
  if (!strcmp(argv[1], "--help") || !strcmp(argv[1], "-h") ||
      !strcmp(argv[1], "help")) {
    return usage(stdout);
  }
  if (!strcmp(argv[1], "--version")) {
    printf("mugdat %s\n", PACKAGE_VERSION);
    return MGD_EXIT_OK;
  }
  for (size_t i = 0U; i < sizeof(commands) / sizeof(commands[0]); ++i) {
    if (!strcmp(argv[1], commands[i].name)) {
      if (argc == 3 && (!strcmp(argv[2], "--help") || !strcmp(argv[2], "-h")) &&
          strcmp(commands[i].name, "serve")) {
        printf("mugdat %s\n", commands[i].summary);
        return MGD_EXIT_OK;
      }
      return commands[i].run(argc - 1, argv + 1);
    }
  }
  fprintf(stderr, "mugdat: unknown command '%s'\n", argv[1]);
  return usage(stderr);
}
