# http layer: see Makefile.am
