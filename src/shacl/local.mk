# shacl layer: see Makefile.am
