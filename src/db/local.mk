# db layer: see Makefile.am
