#!/usr/bin/env bash
# Copyright 2026 The MUGDAT authors
# SPDX-License-Identifier: Apache-2.0
#
# The search page's API (/api/search, /api/suggest) over real samples
# ingested with `mugdat ingest` (OME-XML, two BioImage Archive PageTab
# studies, an OME-Zarr RO-Crate): what a researcher checks first. Needs
# $MUGDAT and $MUGDAT_TESTDATA (samples/). Prints `N passed, N failed`.

set -u
. "$(dirname "$0")/lib.sh"
S=$MUGDAT_TESTDATA/samples
SERVE_PID=""
stop() { [ -n "$SERVE_PID" ] && kill "$SERVE_PID" 2>/dev/null; wait 2>/dev/null; rm -rf "$T"; }
trap stop EXIT

"$MUGDAT" init --db "$T/db" >/dev/null || exit 1
"$MUGDAT" ingest --db "$T/db" \
  "$S/ome-xml/ome-model/spim.ome.xml" \
  "$S/rembi/S-BIAD1135.biostudies.json" \
  "$S/rembi/S-BIAD590.biostudies.json" \
  "$S/ro-crate/ome2024-ngff-challenge-fly/ro-crate-metadata.json" \
  >/dev/null 2>"$T/ingest.log" || { cat "$T/ingest.log"; exit 1; }
echo secret-token >"$T/token"
"$MUGDAT" serve --db "$T/db" --port 0 --write-token-file "$T/token" 2>"$T/serve.log" &
SERVE_PID=$!
PORT=$(wait_port "$T/serve.log")
[ -n "$PORT" ] || { cat "$T/serve.log"; exit 1; }
B=http://127.0.0.1:$PORT

# get PATH_AND_QUERY: the body to $T/r.json, the status to stdout
get() { curl -s -o "$T/r.json" -w '%{http_code}' "$B$1"; }
# jq-like checks in Python over $T/r.json
py() { python3 -c "import json,sys; d=json.load(open('$T/r.json')); $1"; }

ok_study_title() {
  [ "$(get '/api/search?q=calcium%20waves')" = 200 ] &&
    py "h=d['hits'][0]; assert h['iri'].endswith('/study/S-BIAD1135'), h
assert h['label']=='Calcium waves in MDCK epithelium', h
assert any(t['label']=='Study' for t in h['types']), h
assert d['total']>=1 and d['total_exact'] is True and d['matched' if 0 else 'query']=='calcium waves'
assert h['matched']==['calcium','waves'] or sorted(h['matched'])==['calcium','waves'], h"
}
check "a word of a study title finds the study first" ok_study_title

ok_fluor() {
  [ "$(get '/api/search?q=autofluorescence')" = 200 ] &&
    py "assert d['total']==4, d['total']
assert all(':Image' in h['iri'].split('/')[-1] or '/Image:' in h['iri'] for h in d['hits']), d['hits']
assert all('Autofluorescence' in h['snippet'] for h in d['hits']), d['hits'][0]"
}
check "a channel's fluorophore finds the images" ok_fluor

ok_short_inline() {
  # "Green-OME" is stored inline (7 bytes): found by its first word
  [ "$(get '/api/search?q=GREEN')" = 200 ] &&
    py "imgs=[h for h in d['hits'] if '/Image:' in h['iri']]
assert len(imgs)==4, d['hits']"
}
check "a short inline literal is found in any case" ok_short_inline

ok_organism_facet() {
  [ "$(get '/api/search')" = 200 ] &&
    py "f=[f for f in d['facets'] if f['name']=='organism'][0]
v={x['value']:x for x in f['values']}
dog=v['http://purl.obolibrary.org/obo/NCBITaxon_9615']
assert dog['count']==3 and dog['label']=='Canis familiaris (dog)', dog
hs=v['http://purl.obolibrary.org/obo/NCBITaxon_9606']
assert hs['count']==1 and hs['label']=='Homo Sapiens', hs
assert f['label']=='Organism' and not dog['selected']"
}
check "organism facet: label and count" ok_organism_facet

ok_facet_narrows() {
  [ "$(get '/api/search')" = 200 ] || return 1
  local all
  all=$(py "print(d['total'])")
  [ "$(get '/api/search?f.organism=http%3A%2F%2Fpurl.obolibrary.org%2Fobo%2FNCBITaxon_9615')" = 200 ] &&
    py "assert d['total']==3 and d['total']<$all, (d['total'], $all)
assert all('S-BIAD1135' in h['iri'] for h in d['hits']), d['hits']
f=[f for f in d['facets'] if f['name']=='organism'][0]
sel=[x for x in f['values'] if x['selected']]
assert len(sel)==1 and sel[0]['count']==3, f
assert any(not x['selected'] and x['count']>0 for x in f['values']), f" &&
    [ "$(get '/api/search?type=https%3A%2F%2Fw3id.org%2Fmugdat%2Frembi%23Study&q=microscopy')" = 200 ] &&
    py "assert d['total']>=1 and all(any(t['label']=='Study' for t in h['types']) for h in d['hits']), d"
}
check "selecting a facet value narrows the total" ok_facet_narrows

ok_suggest() {
  [ "$(get '/api/suggest?q=canis%20fam')" = 200 ] &&
    py "s=d['suggestions']; assert s[0]['text']=='Canis familiaris (dog)' and s[0]['kind']=='entity', s
assert d['query']=='canis fam'" &&
    [ "$(get '/api/suggest?q=calc&limit=3')" = 200 ] &&
    py "s=d['suggestions']; assert len(s)<=3 and any(x['text']=='Calcium waves in MDCK epithelium' and x['iri'].endswith('/study/S-BIAD1135') for x in s), s"
}
check "suggest completes to the full label" ok_suggest

ok_paging() {
  [ "$(get '/api/search?limit=100')" = 200 ] || return 1
  py "print('\n'.join(h['iri'] for h in d['hits']))" >"$T/all"
  : >"$T/pages"
  for off in 0 3 6 9 12; do
    [ "$(get "/api/search?limit=3&offset=$off")" = 200 ] || return 1
    py "assert d['offset']==$off and d['limit']==3 and len(d['hits'])<=3
print('\n'.join(h['iri'] for h in d['hits']))" | sed '/^$/d' >>"$T/pages"
  done
  [ -s "$T/all" ] && diff "$T/all" "$T/pages" && [ "$(get '/api/search?limit=1000')" = 200 ] &&
    py "assert d['limit']==100"
}
check "paging: pages of 3 are the page of 100" ok_paging

ok_bad_params() {
  [ "$(get '/api/search?limit=ten')" = 400 ] && grep -q '"detail":"limit' "$T/r.json" &&
    [ "$(get '/api/search?f.colour=red')" = 400 ] && grep -q 'f.colour' "$T/r.json" &&
    [ "$(get '/api/search?offset=-1')" = 400 ] && grep -q 'offset' "$T/r.json" &&
    [ "$(get '/api/search?q=%ZZ')" = 400 ] &&
    [ "$(get '/api/suggest?limit=x')" = 400 ] &&
    curl -s -D - -o /dev/null "$B/api/search?f.colour=red" | grep -qi '^content-type: application/problem+json' &&
    curl -s -D - -o /dev/null "$B/api/search?f.colour=red" | grep -qi '^access-control-allow-origin'
}
check "bad parameters get 400 problem+json naming them" ok_bad_params

ok_head_cors() {
  curl -s -I "$B/api/search?q=calcium" >"$T/h" &&
    grep -q '^HTTP/1.1 200' "$T/h" && grep -qi '^content-type: application/json' "$T/h" &&
    grep -qi '^access-control-allow-origin' "$T/h"
}
check "HEAD and CORS" ok_head_cors

ok_stems() {
  # "classifiers" is in no text; "classifier" is: found through the stem,
  # below the same hit found by the whole word
  [ "$(get '/api/search?q=classifiers%20')" = 200 ] &&
    py "h=d['hits'][0]; assert h['iri'].endswith('/study/S-BIAD590'), d['hits']
assert d['stems']==['classifi'], d['stems']
open('$T/stem_score','w').write(str(h['score']))" &&
    [ "$(get '/api/search?q=classifier%20')" = 200 ] &&
    py "h=d['hits'][0]; assert h['iri'].endswith('/study/S-BIAD590'), d['hits']
assert h['score']>float(open('$T/stem_score').read()), h" &&
    [ "$(get '/api/search?q=imaged%20')" = 200 ] &&
    py "assert d['total']>=3, d['total']
assert any('/Image:' in h['iri'] for h in d['hits']), d['hits']"
}
check "a word finds its other forms (Snowball stems), whole words first" ok_stems

ok_iri_names() {
  # "ngff" is only in the crate's IRI; FBbi_00000243 only in IRIs of the
  # imaging method, which the study component and the crate link to
  [ "$(get '/api/search?q=ngff')" = 200 ] &&
    py "assert d['total']==1 and d['hits'][0]['iri'].endswith('/ome2024-ngff-challenge-fly/'), d['hits']" &&
    [ "$(get '/api/search?q=FBbi_00000243')" = 200 ] &&
    py "iris=[h['iri'] for h in d['hits']]
assert any(i.endswith('/ome2024-ngff-challenge-fly/') for i in iris), iris
assert any('S-BIAD590' in i for i in iris), iris"
}
check "words of IRIs (local names) are found" ok_iri_names

ok_phrase() {
  [ "$(get '/api/search?q=%22calcium%20waves%22')" = 200 ] &&
    py "assert d['total']>=1 and d['hits'][0]['iri'].endswith('/study/S-BIAD1135'), d" &&
    [ "$(get '/api/search?q=waves%20calcium')" = 200 ] &&
    py "assert d['total']>=1, d['total']" &&
    [ "$(get '/api/search?q=%22waves%20calcium%22')" = 200 ] &&
    py "assert d['total']==0, d['hits']"
}
check "a quoted phrase needs its words together, in order" ok_phrase

ok_facets_counted() {
  [ "$(get '/api/search?q=image')" = 200 ] &&
    py "assert d['total']>1 and d['facets_counted']==d['total'] and d['facets_sampled'] is False, d"
}
check "facet counts cover every hit" ok_facets_counted

ok_fresh() {
  [ "$(get '/api/search?q=axolotl')" = 200 ] && py "assert d['total']==0" || return 1
  printf '%s\n' '<urn:x:study9> a <https://w3id.org/mugdat/rembi#Study> ;' \
    ' <http://purl.org/dc/terms/title> "Axolotl limb regeneration atlas" .' >"$T/new.ttl"
  curl -s -f -o /dev/null -X PUT -H 'Authorization: Bearer secret-token' \
    -H 'Content-Type: text/turtle' --data-binary @"$T/new.ttl" \
    "$B/data?graph=urn%3Ax%3Anew" || return 1
  [ "$(get '/api/search?q=axolotl%20limb')" = 200 ] &&
    py "assert d['total']==1 and d['hits'][0]['iri']=='urn:x:study9' and d['hits'][0]['graph']=='urn:x:new', d
assert d['index_lag']==0"
}
check "data written after start is found" ok_fresh

summary
