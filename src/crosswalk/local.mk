# crosswalk layer: see Makefile.am
