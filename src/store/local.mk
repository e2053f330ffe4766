# store: see Makefile.am
