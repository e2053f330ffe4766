#!/usr/bin/env bash
# Copyright 2026 The MUGDAT authors
# SPDX-License-Identifier: Apache-2.0
#
# gen_mmds.sh N DIR: build a synthetic BIDS microscopy dataset (an mmDS
# study) with N image files, each with a JSON sidecar (PixelSize,
# PixelSizeUnits, Immersion, NumericalAperture, ChunkTransformationMatrix),
# spread over subjects / sessions / samples / chunks (at most 100 images per
# folder), plus participants.tsv, samples.tsv and dataset_description.json.
# Images are empty files (ingest never reads them). Used to measure ingest
# throughput (files/s) and memory:
#   tests/data/gen_mmds.sh 50000 /tmp/mmds50k
#   /usr/bin/time -v mugdat ingest --db DB /tmp/mmds50k
set -eu
N=${1:?usage: gen_mmds.sh N DIR}
DIR=${2:?usage: gen_mmds.sh N DIR}
mkdir -p "$DIR"
cat >"$DIR/dataset_description.json" <<JSON
{"Name": "synthetic mmDS $N", "BIDSVersion": "1.9.0", "License": "CC0",
 "Authors": ["MUGDAT bench"], "DatasetType": "raw"}
JSON
# 100 images per sample (4 stains x 25 chunks), 10 samples per subject.
awk -v n="$N" -v dir="$DIR" 'BEGIN {
  per_sample = 100; per_sub = 10 * per_sample
  n_sub = int((n + per_sub - 1) / per_sub)
  print "participant_id\tspecies\tage\tsex" > (dir "/participants.tsv")
  print "sample_id\tparticipant_id\tsample_type" > (dir "/samples.tsv")
  for (s = 1; s <= n_sub; s++) {
    printf "sub-%04d\tmus musculus\t%d\t%s\n", s, 8 + s % 5, (s % 2 ? "F" : "M") > (dir "/participants.tsv")
    for (k = 1; k <= 10; k++)
      printf "sample-S%02d\tsub-%04d\ttissue\n", k, s > (dir "/samples.tsv")
  }
  side = "{\"PixelSize\": [0.5, 0.5, 2.0], \"PixelSizeUnits\": \"um\", \"Immersion\": \"Oil\", \"NumericalAperture\": 1.4, \"Magnification\": 40, \"SampleStaining\": \"%s\", \"ChunkTransformationMatrix\": [[1,0,0,%d],[0,1,0,0],[0,0,1,0],[0,0,0,1]]}\n"
  for (i = 0; i < n; i++) {
    s = int(i / per_sub) + 1; k = int((i % per_sub) / per_sample) + 1
    c = i % per_sample; st = int(c / 25); ch = c % 25 + 1
    stain = (st == 0 ? "DAPI" : st == 1 ? "GFP" : st == 2 ? "LFB" : "HE")
    d = sprintf("%s/sub-%04d/ses-01/micr", dir, s)
    if (!(d in made)) { system("mkdir -p " d); made[d] = 1 }
    base = sprintf("%s/sub-%04d_ses-01_sample-S%02d_stain-%s_chunk-%02d_SPIM", d, s, k, stain, ch)
    printf "" > (base ".ome.tif"); close(base ".ome.tif")
    printf side, stain, ch * 512 > (base ".json"); close(base ".json")
  }
}'
echo "$N images (+ $N sidecars) in $DIR"
