// Copyright 2026 The MUGDAT authors. SPDX-License-Identifier: Apache-2.0
// The page's router. All state lives in the URL query string, so every
// view is a shareable link and back/forward work:
//   ?q=TEXT&f.NAME=VALUE…&type=IRI&offset=N   search (empty q: browse)
//   ?resource=IRI                              one resource (graph browsing)
//   ?view=sparql[&query=TEXT]                  the SPARQL query tab
// Plain ES modules, no build step, nothing fetched from elsewhere.

import { initSearch, renderSearch } from "./search.js";
import { renderResource } from "./resource.js";
import { initSparql } from "./sparql.js";

const views = {
  search: document.getElementById("view-search"),
  resource: document.getElementById("view-resource"),
  sparql: document.getElementById("view-sparql"),
};
let current = null;

/** Go to the state `params` (URLSearchParams), adding a history entry. */
export function navigate(params, options = {}) {
  const query = String(params);
  const url = query ? "?" + query : location.pathname;
  if (options.replace) {
    history.replaceState(null, "", url);
  } else if (url !== location.pathname + location.search) {
    history.pushState(null, "", url);
  }
  render(options);
}

function markCurrent(id, on) {
  const tab = document.getElementById(id);
  if (on) {
    tab.setAttribute("aria-current", "page");
  } else {
    tab.removeAttribute("aria-current");
  }
}

function show(name) {
  for (const [key, section] of Object.entries(views)) {
    section.hidden = key !== name;
  }
  markCurrent("tab-search", name !== "sparql");
  markCurrent("tab-sparql", name === "sparql");
  const changed = current !== name;
  current = name;
  return changed;
}

function render(options = {}) {
  const params = new URLSearchParams(location.search);
  if (params.get("resource")) {
    const changed = show("resource");
    renderResource(params.get("resource"), { focus: changed || options.focus });
    return;
  }
  if (params.get("view") === "sparql") {
    show("sparql");
    initSparql(params.get("query"));
    document.title = "MUGDAT SPARQL query";
    return;
  }
  show("search");
  document.title = params.get("q") ? params.get("q") + " · MUGDAT search" : "MUGDAT search";
  renderSearch(params);
}

// In-page links (data-nav, or ?resource= links made by the views) update
// the URL without a reload; modified clicks keep their browser meaning.
document.addEventListener("click", (event) => {
  if (event.defaultPrevented || event.button !== 0 || event.metaKey ||
      event.ctrlKey || event.shiftKey || event.altKey) {
    return;
  }
  // (attributes, not properties: an SVG <a> has object-valued href/target)
  const a = event.target.closest("a");
  if (!a || a.getAttribute("target") || a.hasAttribute("download") || !a.getAttribute("href")) {
    return;
  }
  const url = new URL(a.getAttribute("href"), location.href);
  const here = new URL(".", location.href);
  const inPage = a.hasAttribute("data-nav") || a.hasAttribute("data-inpage");
  if (!inPage || url.origin !== location.origin ||
      (url.pathname !== location.pathname && url.pathname !== here.pathname)) {
    return;
  }
  event.preventDefault();
  navigate(url.searchParams, { focus: true });
});

window.addEventListener("popstate", () => render());

initSearch(navigate);
render();
