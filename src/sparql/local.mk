# sparql layer: see Makefile.am
