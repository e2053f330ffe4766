# ingest layer: see Makefile.am
