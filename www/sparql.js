// Copyright 2026 The MUGDAT authors. SPDX-License-Identifier: Apache-2.0
// The SPARQL tab: send the query to /sparql, show SELECT results as a
// table, ASK as a word, graphs as Turtle text.

const EXAMPLES = [
  ["Any 25 triples", "SELECT ?s ?p ?o\nWHERE { ?s ?p ?o }\nLIMIT 25"],
  ["Named graphs and their sizes",
    "SELECT ?g (COUNT(*) AS ?triples)\nWHERE { GRAPH ?g { ?s ?p ?o } }\nGROUP BY ?g\nORDER BY DESC(?triples)"],
  ["Classes in use",
    "SELECT ?class (COUNT(?x) AS ?n)\nWHERE { ?x a ?class }\nGROUP BY ?class\nORDER BY DESC(?n)\nLIMIT 50"],
  ["Images (OME core)",
    "PREFIX ome: <https://ld.openmicroscopy.org/core/>\nSELECT ?image ?name\nWHERE {\n  ?image a ome:Image .\n  OPTIONAL { ?image ome:name ?name }\n}\nLIMIT 50"],
  ["Provenance of loaded sources",
    "PREFIX prov: <http://www.w3.org/ns/prov#>\nSELECT ?graph ?p ?o\nWHERE { GRAPH <urn:mugdat:provenance> { ?graph ?p ?o } }\nLIMIT 100"],
  ["Is the store empty?", "ASK { ?s ?p ?o }"],
  ["Describe a resource as a graph",
    "CONSTRUCT { ?s ?p ?o }\nWHERE { ?s ?p ?o }\nLIMIT 20"],
];

let started = false;

/** Wire the tab up once; `initialQuery` (from the URL) fills the editor. */
export function initSparql(initialQuery) {
  const queryBox = document.getElementById("query");
  if (initialQuery) {
    queryBox.value = initialQuery;
  }
  if (started) {
    return;
  }
  started = true;
  const form = document.getElementById("query-form");
  const statusLine = document.getElementById("status");
  const results = document.getElementById("results");
  const examples = document.getElementById("examples");

  for (const [label, text] of EXAMPLES) {
    const option = document.createElement("option");
    option.textContent = label;
    option.value = text;
    examples.appendChild(option);
  }
  examples.addEventListener("change", () => {
    if (examples.value) {
      queryBox.value = examples.value;
    }
  });

  function setStatus(text, isError) {
    statusLine.textContent = text;
    statusLine.className = isError ? "error" : "";
  }

  function termCell(term) {
    const td = document.createElement("td");
    if (!term) {
      return td;
    }
    if (term.type === "uri") {
      const a = document.createElement("a");
      a.href = "?" + new URLSearchParams({ resource: term.value });
      a.textContent = term.value;
      td.appendChild(a);
    } else if (term.type === "bnode") {
      td.textContent = "_:" + term.value;
    } else {
      td.textContent = term.value;
      const extra = document.createElement("span");
      if (term["xml:lang"]) {
        extra.className = "lang";
        extra.textContent = " @" + term["xml:lang"];
      } else if (term.datatype) {
        extra.className = "dt";
        extra.textContent = " ^^" + term.datatype.replace(/^.*[#/]/, "");
        extra.title = term.datatype;
      }
      td.appendChild(extra);
    }
    return td;
  }

  function showTable(doc) {
    const table = document.createElement("table");
    const head = table.createTHead().insertRow();
    for (const v of doc.head.vars) {
      const th = document.createElement("th");
      th.textContent = "?" + v;
      head.appendChild(th);
    }
    const body = table.createTBody();
    for (const binding of doc.results.bindings) {
      const tr = body.insertRow();
      for (const v of doc.head.vars) {
        tr.appendChild(termCell(binding[v]));
      }
    }
    results.replaceChildren(table);
    setStatus(doc.results.bindings.length + " result(s)");
  }

  async function runQuery(event) {
    event.preventDefault();
    setStatus("Running…");
    results.replaceChildren();
    const t0 = performance.now();
    try {
      const response = await fetch("sparql", {
        method: "POST",
        headers: {
          "Content-Type": "application/x-www-form-urlencoded",
          "Accept": "application/sparql-results+json, text/turtle;q=0.9, application/problem+json;q=0.5",
        },
        body: new URLSearchParams({ query: queryBox.value }),
      });
      const type = response.headers.get("Content-Type") || "";
      if (!response.ok) {
        let message = await response.text();
        if (type.includes("json")) {
          const problem = JSON.parse(message);
          message = problem.title + ": " + (problem.detail || "");
        }
        setStatus(response.status + " " + message, true);
        return;
      }
      const ms = Math.round(performance.now() - t0);
      if (type.includes("sparql-results+json")) {
        const doc = await response.json();
        if ("boolean" in doc) {
          results.replaceChildren();
          setStatus("ASK: " + doc.boolean + " (" + ms + " ms)");
        } else {
          showTable(doc);
          statusLine.textContent += " (" + ms + " ms)";
        }
      } else {
        const pre = document.createElement("pre");
        pre.textContent = await response.text();
        results.replaceChildren(pre);
        setStatus("Graph (" + ms + " ms)");
      }
    } catch (error) {
      setStatus("Request failed: " + error, true);
    }
  }

  form.addEventListener("submit", runQuery);
  document.getElementById("download").addEventListener("click", () => {
    const format = document.getElementById("format").value;
    const url = "sparql?" + new URLSearchParams({ query: queryBox.value, format });
    window.open(url, "_blank", "noopener");
  });
}
