// Copyright 2026 The MUGDAT authors. SPDX-License-Identifier: Apache-2.0
// The resource view (graph browsing): one node's label, types, properties
// (blank-node values shown inline), incoming links and graphs, read with
// SPARQL SELECT queries; every IRI links to its own view. The RDF itself
// is one click away on /resource/ (server-side, content-negotiated).

import { iriRef, select } from "./api.js";
import { el, fmt, localName } from "./dom.js";
import { drawNeighbourhood, groupEdges } from "./graph.js";

const RDF_TYPE = "http://www.w3.org/1999/02/22-rdf-syntax-ns#type";
const XSD = "http://www.w3.org/2001/XMLSchema#";
/** Label predicates, best first (the same list as /resource/ and search). */
const LABELS = [
  "http://www.w3.org/2004/02/skos/core#prefLabel",
  "http://www.w3.org/2000/01/rdf-schema#label",
  "http://schema.org/name",
  "https://schema.org/name",
  "http://purl.org/dc/terms/title",
  "https://ld.openmicroscopy.org/core/name",
];
const MAX_OUT = 2000;
const MAX_IN = 500;
const STEP = 50;
const MAX_LABELED = 400;

const $ = (id) => document.getElementById(id);
let abort = null;

function resourceHref(iri) {
  return "?" + new URLSearchParams({ resource: iri });
}

/** Best label per IRI: lower LABELS index wins, then English or no tag. */
async function fetchLabels(iris, signal) {
  const list = [...iris].slice(0, MAX_LABELED);
  const labels = new Map();
  if (!list.length) {
    return labels;
  }
  const query = "SELECT ?x ?p ?l WHERE { VALUES ?x { " + list.map(iriRef).join(" ") +
    " } VALUES ?p { " + LABELS.map(iriRef).join(" ") + " } ?x ?p ?l FILTER(isLiteral(?l)) }";
  const rows = await select(query, signal);
  const rank = new Map();
  for (const row of rows) {
    const lang = (row.l["xml:lang"] || "").toLowerCase();
    const r = LABELS.indexOf(row.p.value) * 3 + (lang === "" || lang.startsWith("en") ? 0 : 1);
    const x = row.x.value;
    if (!rank.has(x) || r < rank.get(x)) {
      rank.set(x, r);
      labels.set(x, row.l.value);
    }
  }
  return labels;
}

function iriLink(iri, labels, external = true) {
  const label = labels.get(iri);
  const parts = [el("a", { href: resourceHref(iri), "data-inpage": true, title: iri }, label || localName(iri))];
  if (external && /^https?:\/\//i.test(iri)) {
    parts.push(" ", el("a", {
      href: iri, class: "ext", target: "_blank", rel: "noopener noreferrer",
      title: "Open " + iri + " itself", "aria-label": "Open the IRI itself",
    }, "↗"));
  }
  return parts;
}

function literal(term) {
  const parts = [el("span", { class: "literal" }, term.value)];
  if (term["xml:lang"]) {
    parts.push(" ", el("span", { class: "lang" }, "@" + term["xml:lang"]));
  } else if (term.datatype && term.datatype !== XSD + "string") {
    parts.push(" ", el("span", { class: "dt", title: term.datatype },
      term.datatype.startsWith(XSD) ? "xsd:" + term.datatype.slice(XSD.length) : localName(term.datatype)));
  }
  return parts;
}

function termView(term, labels, blanks) {
  if (!term) {
    return "";
  }
  if (term.type === "uri") {
    return iriLink(term.value, labels);
  }
  if (term.type === "bnode") {
    const props = blanks.get(term.value);
    if (!props || !props.length) {
      return el("span", { class: "bnode" }, "(blank node)");
    }
    return el("dl", { class: "bnode" }, props.flatMap(([p, o]) => [
      el("dt", null, iriLink(p.value, labels, false)),
      el("dd", null, o.type === "uri" ? iriLink(o.value, labels) : o.type === "bnode" ? "(blank node)" : literal(o)),
    ]));
  }
  return literal(term);
}

/** Rows appended STEP at a time behind a "Show more" button. */
function paged(tbody, button, rows, makeRow) {
  let shown = 0;
  const more = () => {
    const next = rows.slice(shown, shown + STEP);
    shown += next.length;
    tbody.append(...next.map(makeRow));
    button.hidden = shown >= rows.length;
    button.textContent = "Show more (" + fmt(rows.length - shown) + " left)";
  };
  tbody.replaceChildren();
  button.onclick = more;
  more();
}

function graphName(g) {
  return g ? g.value : "";
}

function setError(message) {
  const box = $("resource-error");
  box.hidden = !message;
  box.textContent = message || "";
}

/** Show the view of `iri`; `options.focus` moves focus to its heading. */
export async function renderResource(iri, options = {}) {
  if (abort) {
    abort.abort();
  }
  abort = new AbortController();
  const signal = abort.signal;
  const article = $("resource");
  article.setAttribute("aria-busy", "true");
  setError("");
  $("res-title").textContent = localName(iri);
  $("res-iri").textContent = iri;
  document.title = localName(iri) + " · MUGDAT";
  for (const id of ["res-types", "res-links", "res-out", "res-in", "res-graphs", "res-out-count", "res-in-count"]) {
    $(id).replaceChildren();
  }
  $("res-out-more").hidden = true;
  $("res-in-more").hidden = true;
  $("res-graph").hidden = true;
  $("res-graph-svg").replaceChildren();
  if (options.focus) {
    $("res-title").setAttribute("tabindex", "-1");
    $("res-title").focus();
  }
  const s = iriRef(iri);
  let out;
  let incoming;
  let graphSize = [];
  try {
    [out, incoming, graphSize] = await Promise.all([
      select("SELECT ?p ?o ?g ?bp ?bo WHERE { " + s + " ?p ?o OPTIONAL { GRAPH ?g { " + s + " ?p ?o } }" +
        " OPTIONAL { ?o ?bp ?bo FILTER(isBlank(?o)) } } LIMIT " + (MAX_OUT + 1), signal),
      select("SELECT ?s ?p ?g WHERE { ?s ?p " + s + " OPTIONAL { GRAPH ?g { ?s ?p " + s + " } } } LIMIT " +
        (MAX_IN + 1), signal),
      // Is it also the name of a graph? (a source's graph is worth a download)
      select("SELECT (COUNT(*) AS ?n) WHERE { GRAPH " + s + " { ?s ?p ?o } }", signal),
    ]);
  } catch (error) {
    if (error.name !== "AbortError") {
      setError("Could not read this resource: " + error.message);
      article.setAttribute("aria-busy", "false");
    }
    return;
  }

  // Group: (p, o) -> graphs; blank node -> its (p, o) pairs
  const values = new Map();
  const blanks = new Map();
  const graphs = new Map();
  const iris = new Set([iri]);
  const seenBlankProp = new Set();
  for (const row of out.slice(0, MAX_OUT)) {
    const key = row.p.value + "\u0000" + row.o.type + "\u0000" + row.o.value + "\u0000" +
      (row.o["xml:lang"] || row.o.datatype || "");
    if (!values.has(key)) {
      values.set(key, { p: row.p, o: row.o, graphs: new Set() });
    }
    const g = graphName(row.g);
    values.get(key).graphs.add(g);
    iris.add(row.p.value);
    if (row.o.type === "uri") {
      iris.add(row.o.value);
    }
    if (row.bp) {
      const bkey = row.o.value + "\u0000" + row.bp.value + "\u0000" + row.bo.type + "\u0000" + row.bo.value;
      if (!seenBlankProp.has(bkey)) {
        seenBlankProp.add(bkey);
        if (!blanks.has(row.o.value)) {
          blanks.set(row.o.value, []);
        }
        blanks.get(row.o.value).push([row.bp, row.bo]);
        iris.add(row.bp.value);
        if (row.bo.type === "uri") {
          iris.add(row.bo.value);
        }
      }
    }
  }
  const links = new Map();
  for (const row of incoming.slice(0, MAX_IN)) {
    const key = row.s.type + "\u0000" + row.s.value + "\u0000" + row.p.value;
    if (!links.has(key)) {
      links.set(key, { s: row.s, p: row.p, graphs: new Set() });
    }
    links.get(key).graphs.add(graphName(row.g));
    if (row.s.type === "uri") {
      iris.add(row.s.value);
    }
    iris.add(row.p.value);
  }
  for (const v of [...values.values(), ...links.values()]) {
    for (const g of v.graphs) {
      graphs.set(g, (graphs.get(g) || 0) + 1);
    }
  }
  // A triple in a named graph also shows up without one (the default
  // graph is their union): only an unbound-only row means the default graph
  for (const v of [...values.values(), ...links.values()]) {
    if (v.graphs.size > 1 && v.graphs.has("")) {
      v.graphs.delete("");
      graphs.set("", graphs.get("") - 1);
    }
  }
  for (const g of graphs.keys()) {
    if (g) {
      iris.add(g);
    }
  }

  let labels = new Map();
  try {
    labels = await fetchLabels(iris, signal);
  } catch (error) {
    if (error.name === "AbortError") {
      return;
    }
    // Without labels the view still works: IRIs show their local names
  }
  if (signal.aborted) {
    return;
  }

  if (!values.size && !links.size) {
    setError("Nothing in the knowledge graph mentions this IRI.");
  }
  const title = labels.get(iri) || localName(iri);
  $("res-title").textContent = title;
  document.title = title + " · MUGDAT";

  const types = [...values.values()].filter((v) => v.p.value === RDF_TYPE && v.o.type === "uri");
  $("res-types").replaceChildren(...types.map((t) =>
    el("a", { class: "badge type", href: resourceHref(t.o.value), "data-inpage": true, title: t.o.value },
      labels.get(t.o.value) || localName(t.o.value))));

  const enc = encodeURIComponent(iri);
  const rdf = (format, name, type) => el("a", { href: "resource/?iri=" + enc + "&format=" + format, type }, name);
  const describe = "DESCRIBE " + s;
  $("res-links").replaceChildren("RDF: ",
    rdf("ttl", "Turtle", "text/turtle"), " · ", rdf("nt", "N-Triples", "application/n-triples"), " · ",
    rdf("jsonld", "JSON-LD", "application/ld+json"), " · ", rdf("rdf", "RDF/XML", "application/rdf+xml"), " · ",
    rdf("html", "HTML page", "text/html"), " · ",
    el("a", { href: "?" + new URLSearchParams({ view: "sparql", query: describe }), "data-nav": true }, "SPARQL DESCRIBE"),
    " (", el("a", { href: "sparql?" + new URLSearchParams({ query: describe }) }, "run"), ")");
  const nGraph = graphSize.length && graphSize[0].n ? Number(graphSize[0].n.value) : 0;
  if (nGraph > 0) {
    const dump = (format, name) => el("a", { href: "data?" + new URLSearchParams({ graph: iri, format }) }, name);
    $("res-links").append(el("br"), "Also a named graph of " + fmt(nGraph) + (nGraph === 1 ? " triple" : " triples") +
      ": ", dump("ttl", "Turtle"), " · ", dump("nq", "N-Quads"), " · ", dump("jsonld", "JSON-LD"));
  }

  // The neighbourhood diagram (types are the badges above, not nodes)
  const outEdges = [...values.values()].filter((v) => v.o.type === "uri" && v.p.value !== RDF_TYPE)
    .map((v) => [v.p.value, v.o.value]);
  const inEdges = [...links.values()].filter((v) => v.s.type === "uri").map((v) => [v.p.value, v.s.value]);
  if (outEdges.length || inEdges.length) {
    const outGroup = groupEdges(outEdges);
    const inGroup = groupEdges(inEdges);
    drawNeighbourhood($("res-graph-svg"), iri, outGroup, inGroup,
      (x) => labels.get(x) || localName(x), resourceHref);
    const part = (g, capped) => fmt(g.shown.length + g.left) + (capped ? "+" : "") +
      (g.left ? " (first " + g.shown.length + " drawn)" : "");
    $("res-graph-caption").textContent = "Linked from " + part(inGroup, incoming.length > MAX_IN) +
      " · links to " + part(outGroup, out.length > MAX_OUT) + ". Select a node to browse on.";
    $("res-graph").hidden = false;
  }

  // Properties: rdf:type first, then by property label
  const rows = [...values.values()];
  const plabel = (v) => (v.p.value === RDF_TYPE ? "" : (labels.get(v.p.value) || localName(v.p.value)).toLowerCase());
  rows.sort((a, b) => plabel(a).localeCompare(plabel(b)));
  const graphTitle = (v) => [...v.graphs].map((g) => g || "default graph").join(", ");
  paged($("res-out"), $("res-out-more"), rows, (v) =>
    el("tr", null,
      el("th", { scope: "row", class: "prop" }, iriLink(v.p.value, labels, false)),
      el("td", { title: "in " + graphTitle(v) }, termView(v.o, labels, blanks))));
  $("res-out-count").textContent = "(" + fmt(rows.length) + (out.length > MAX_OUT ? "+" : "") + ")";

  const inRows = [...links.values()];
  paged($("res-in"), $("res-in-more"), inRows, (v) =>
    el("tr", null,
      el("td", { title: "in " + graphTitle(v) }, v.s.type === "uri" ? iriLink(v.s.value, labels) : "(blank node)"),
      el("td", null, iriLink(v.p.value, labels, false))));
  $("res-in-count").textContent = "(" + fmt(inRows.length) + (incoming.length > MAX_IN ? "+" : "") + ")";
  if (incoming.length > MAX_IN) {
    $("res-in").appendChild(el("tr", null, el("td", { colspan: 2, class: "muted" },
      "More links than shown; ask ",
      el("a", {
        href: "?" + new URLSearchParams({ view: "sparql", query: "SELECT ?s ?p WHERE { ?s ?p " + s + " }" }),
        "data-nav": true,
      }, "SPARQL"), " for all of them.")));
  }

  $("res-graphs").replaceChildren(...[...graphs.entries()].filter(([, n]) => n > 0).map(([g, n]) =>
    el("li", null, g ? iriLink(g, labels) : el("i", null, "default graph"),
      " ", el("span", { class: "facet-count" }, fmt(n)))));
  article.setAttribute("aria-busy", "false");
}
