#!/usr/bin/env bash
# Copyright 2026 The MUGDAT authors
# SPDX-License-Identifier: Apache-2.0
#
# Installs the Debian 12 packages MUGDAT needs to build and test. As root it
# runs apt-get; otherwise it prints the one apt-get line to run and fails.
set -eu
pkgs="build-essential autoconf automake libtool pkg-config
  liblmdb-dev libraptor2-dev librasqal3-dev librdf0-dev libmicrohttpd-dev
  libjansson-dev libxml2-dev libxxhash-dev libutf8proc-dev libpcre2-dev
  libcurl4-gnutls-dev zlib1g-dev libssl-dev libarchive-dev libstemmer-dev
  curl python3 python3-rdflib python3-sparqlwrapper raptor2-utils"
[ "${1:-}" = "--test" ] && pkgs="$pkgs clang libclang-rt-14-dev chromium"
missing=""
for p in $pkgs; do
  dpkg-query -W -f='${Status}' "$p" 2>/dev/null | grep -q "install ok installed" || missing="$missing $p"
done
[ -z "$missing" ] && exit 0
if [ "$(id -u)" -ne 0 ]; then
  echo "mugdat: missing Debian packages; run as root:" >&2
  echo "  apt-get install -y$missing" >&2
  exit 1
fi
export DEBIAN_FRONTEND=noninteractive
apt-get update -qq
apt-get install -y -qq $missing >/dev/null
