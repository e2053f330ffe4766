# cli: the mugdat binary (main.c + one file per subcommand)
bin_PROGRAMS += src/mugdat
src_mugdat_SOURCES = \
  src/cli/cli.c src/cli/cli.h src/cli/commands.h src/cli/main.c \
  src/cli/cmd_backup.c \
  src/cli/cmd_crosswalk.c \
  src/cli/cmd_dump.c \
  src/cli/cmd_init.c \
  src/cli/cmd_ingest.c \
  src/cli/cmd_load.c \
  src/cli/cmd_query.c \
  src/cli/cmd_update.c \
  src/cli/cmd_serve.c \
  src/cli/cmd_stats.c \
  src/cli/cmd_validate.c
src_mugdat_LDADD = $(MGD_LIBS) $(MGD_EXT_LIBS)
