#!/usr/bin/env bash
# Copyright 2026 The MUGDAT authors
# SPDX-License-Identifier: Apache-2.0
#
# scripts/build.sh BUILD_DIR [configure options...]: out-of-tree build of
# mugdat and every test program (MGD_BUILD_CHECK=0: no test programs).
set -eu
src=$(cd "$(dirname "$0")/.." && pwd)
build=$1; shift
cd "$src"
[ -x configure ] && [ configure -nt configure.ac ] && [ Makefile.in -nt Makefile.am ] || autoreconf -fi >/dev/null
mkdir -p "$build" && cd "$build"
[ -f Makefile ] && [ Makefile -nt "$src/configure" ] || "$src/configure" -q "$@"
make -j"$(nproc)" >/dev/null
[ "${MGD_BUILD_CHECK:-1}" = 0 ] || make -j"$(nproc)" check TESTS= >/dev/null
