# syntax layer: see Makefile.am
