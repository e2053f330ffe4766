# search layer: see Makefile.am
