// Copyright 2026 The MUGDAT authors. SPDX-License-Identifier: Apache-2.0
// The search view: box with autocompletion (/api/suggest), hits and facets
// (/api/search), paging. The URL is the state; this module only reads it
// and asks app.js to navigate.

import { ApiError, getJson } from "./api.js";
import { el, fmt, highlight, localName } from "./dom.js";

const PAGE_SIZE = 20;
const FACET_VALUES_SHOWN = 8;
const SUGGEST_DELAY_MS = 150;
/** Facets whose name or label says "modality" are shown prominently. */
const MODALITY = /modality|imaging.?method|technique/i;

let navigate = null;
let searchAbort = null;
let suggestAbort = null;
let suggestTimer = 0;
let suggestions = [];
let active = -1;
/** Facets whose long value lists the user opened, by name. */
const expanded = new Set();

const $ = (id) => document.getElementById(id);

/** State of the search view from URL parameters. */
function stateOf(params) {
  const filters = [];
  for (const [key, value] of params) {
    if (key.startsWith("f.") && key.length > 2) {
      filters.push([key.slice(2), value]);
    }
  }
  const offset = Math.max(0, parseInt(params.get("offset") || "0", 10) || 0);
  return { q: params.get("q") || "", type: params.get("type") || "", filters, offset };
}

function paramsOf(state) {
  const p = new URLSearchParams();
  if (state.q) {
    p.set("q", state.q);
  }
  for (const [name, value] of state.filters) {
    p.append("f." + name, value);
  }
  if (state.type) {
    p.set("type", state.type);
  }
  if (state.offset) {
    p.set("offset", String(state.offset));
  }
  return p;
}

function currentState() {
  return stateOf(new URLSearchParams(location.search));
}

function go(state) {
  navigate(paramsOf(state));
}

function toggleFilter(name, value, on) {
  const state = currentState();
  state.filters = state.filters.filter(([n, v]) => !(n === name && v === value));
  if (on) {
    state.filters.push([name, value]);
  }
  state.offset = 0;
  go(state);
}

// Rendering

function setBusy(busy) {
  $("hits").setAttribute("aria-busy", busy ? "true" : "false");
  document.body.classList.toggle("loading", busy);
}

function showError(error) {
  const box = $("search-error");
  if (!error) {
    box.hidden = true;
    box.replaceChildren();
    return;
  }
  box.hidden = false;
  const title = error instanceof ApiError ? error.title : "Search failed";
  const detail = error instanceof ApiError ? error.detail : String(error.message || error);
  box.replaceChildren(el("strong", null, title), el("span", null, detail ? " — " + detail : ""),
    " ", el("button", { type: "button", onclick: () => renderSearch(new URLSearchParams(location.search)) }, "Retry"));
}

function typeBadges(types) {
  return (types || []).map((t) =>
    el("span", { class: "badge type", title: t.iri }, t.label || localName(t.iri)));
}

function hitItem(hit, words) {
  const link = el("a", { href: "?" + new URLSearchParams({ resource: hit.iri }), "data-inpage": true },
    highlight(hit.label || localName(hit.iri), words));
  const modality = hit.modality ? el("span", { class: "badge modality" },
    typeof hit.modality === "string" ? hit.modality : hit.modality.label || localName(hit.modality.iri)) : null;
  return el("li", { class: "hit" },
    el("article", null,
      el("h2", { class: "hit-title" }, link),
      el("div", { class: "badges" }, modality, typeBadges(hit.types)),
      hit.snippet ? el("p", { class: "snippet" }, highlight(hit.snippet, words)) : null,
      el("p", { class: "hit-iri" }, el("code", null, highlight(hit.iri, words)),
        hit.graph ? el("span", { class: "graph", title: hit.graph }, " in " + localName(hit.graph)) : null)));
}

function facetValueLabel(v, siblings) {
  const text = v.label || (/^[a-z][a-z0-9+.-]*:/i.test(v.value) ? localName(v.value) : v.value);
  // Two terms with one label (data that names FBbi_00000256 and
  // FBbi_00050000 both "electron microscopy"): say which is which
  const twin = siblings && v.label && siblings.some((x) => x !== v && x.label === v.label);
  return twin ? text + " (" + localName(v.value) + ")" : text;
}

function facetGroup(facet, state) {
  const chosen = new Set(state.filters.filter(([n]) => n === facet.name).map(([, v]) => v));
  const values = [...(facet.values || [])];
  // A chosen value the answer left out still gets its box, to untick it
  for (const v of chosen) {
    if (!values.some((x) => x.value === v)) {
      values.unshift({ value: v, label: "", count: null, selected: true });
    }
  }
  const open = expanded.has(facet.name);
  const shown = open ? values : values.slice(0, FACET_VALUES_SHOWN);
  const id = "facet-" + facet.name.replace(/[^A-Za-z0-9_-]/g, "_");
  const list = el("ul", { class: "facet-values" });
  shown.forEach((v, i) => {
    const box = el("input", {
      type: "checkbox", id: id + "-" + i, "data-facet": facet.name, "data-value": v.value,
      onchange: (event) => toggleFilter(facet.name, v.value, event.target.checked),
    });
    box.checked = chosen.has(v.value) || v.selected === true;
    list.appendChild(el("li", null, box,
      el("label", { for: id + "-" + i, title: v.value },
        el("span", { class: "facet-label" }, facetValueLabel(v, values)),
        v.count === null || v.count === undefined ? null
          : el("span", { class: "facet-count" }, fmt(v.count)))));
  });
  const more = values.length > FACET_VALUES_SHOWN
    ? el("button", {
      type: "button", class: "link-button", "aria-expanded": open ? "true" : "false",
      onclick: () => {
        if (open) {
          expanded.delete(facet.name);
        } else {
          expanded.add(facet.name);
        }
        renderFacets(lastAnswer, currentState());
      },
    }, open ? "Show fewer" : "Show all " + values.length)
    : null;
  const prominent = MODALITY.test(facet.name) || MODALITY.test(facet.label || "");
  return el("fieldset", { class: "facet" + (prominent ? " prominent" : ""), "data-name": facet.name },
    el("legend", null, facet.label || facet.name), list, more);
}

let lastAnswer = null;

function renderFacets(answer, state) {
  const aside = $("facets");
  const facets = [...((answer && answer.facets) || [])];
  // The modality facet first: the page is about multimodal data
  facets.sort((a, b) => Number(MODALITY.test(b.name) || MODALITY.test(b.label || "")) -
    Number(MODALITY.test(a.name) || MODALITY.test(a.label || "")));
  const groups = facets.filter((f) => (f.values && f.values.length) ||
    state.filters.some(([n]) => n === f.name)).map((f) => facetGroup(f, state));
  $("filter-count").textContent = state.filters.length ? "(" + state.filters.length + " on)" : "";
  aside.replaceChildren(
    ...(groups.length ? groups : [el("p", { class: "muted" }, "No filters for these results.")]),
    ...(answer && answer.facets_sampled
      ? [el("p", { class: "muted small", id: "facets-sampled" }, typeof answer.facets_counted === "number" && answer.facets_counted
        ? "Counts cover " + fmt(answer.facets_counted) + " of " + fmt(answer.total || 0) + " results."
        : "Counts are estimated from a sample of the hits.")] : []));

  // The modality facet again, as toggle chips above the hits
  const bar = $("modality-bar");
  // The facet "modality" when it tells hits apart, else the imaging method
  const candidates = facets.filter((f) => (MODALITY.test(f.name) || MODALITY.test(f.label || "")) &&
    f.values && f.values.length);
  const modality = candidates.find((f) => f.name === "modality" && f.values.length > 1) ||
    candidates.reduce((best, f) => (!best || f.values.length > best.values.length ? f : best), null);
  if (!modality || !modality.values || !modality.values.length) {
    bar.hidden = true;
    bar.replaceChildren();
    return;
  }
  const chosen = new Set(state.filters.filter(([n]) => n === modality.name).map(([, v]) => v));
  bar.hidden = false;
  bar.replaceChildren(el("span", { class: "bar-label", id: "modality-label" }, (modality.label || "Modality") + ":"),
    el("div", { role: "group", "aria-labelledby": "modality-label" },
      modality.values.slice(0, 12).map((v) => {
        const on = chosen.has(v.value) || v.selected === true;
        return el("button", {
          type: "button", class: "chip", "aria-pressed": on ? "true" : "false",
          onclick: () => toggleFilter(modality.name, v.value, !on),
        }, facetValueLabel(v, modality.values), " ", el("span", { class: "facet-count" }, fmt(v.count)));
      })));
}

/**
 * What to highlight: the matched words, and for words found through their
 * stem ("imaging" finding "imaged") the start they share with the stem.
 */
function highlightWords(answer, state) {
  const words = answer.hits.flatMap((h) => h.matched || []);
  const queryWords = state.q.split(/[\s"]+/).filter((w) => w.length > 1);
  const list = words.length ? [...new Set(words)] : queryWords;
  for (const stem of answer.stems || []) {
    for (const w of list.slice()) {
      let n = 0;
      while (n < w.length && n < stem.length && w[n] === stem[n]) {
        n += 1;
      }
      if (n >= 3 && !list.includes(w.slice(0, n))) {
        list.push(w.slice(0, n));
      }
    }
  }
  return list;
}

/** The label of a selected facet value, from the answer's facets. */
function filterLabel(answer, name, value) {
  const facet = ((answer && answer.facets) || []).find((f) => f.name === name);
  const v = facet && (facet.values || []).find((x) => x.value === value);
  return {
    facet: (facet && facet.label) || name,
    value: v ? facetValueLabel(v, facet.values) : (/^[a-z][a-z0-9+.-]*:/i.test(value) ? localName(value) : value),
  };
}

/** One removable chip per active filter, above the hits. */
function renderActiveFilters(answer, state) {
  const bar = $("active-filters");
  const active = state.filters.map(([name, value]) => ({ name, value }));
  if (state.type) {
    active.push({ name: "type", value: state.type, isType: true });
  }
  if (!active.length) {
    bar.hidden = true;
    bar.replaceChildren();
    return;
  }
  bar.hidden = false;
  bar.replaceChildren(el("span", { class: "bar-label" }, "Filters:"),
    ...active.map((f) => {
      const label = filterLabel(answer, f.name, f.value);
      return el("button", {
        type: "button", class: "chip remove", "data-facet": f.name, "data-value": f.value,
        title: "Remove this filter", "aria-label": "Remove filter " + label.facet + ": " + label.value,
        onclick: () => {
          if (f.isType) {
            const st = currentState();
            st.type = "";
            st.offset = 0;
            go(st);
          } else {
            toggleFilter(f.name, f.value, false);
          }
        },
      }, el("span", { class: "chip-facet" }, label.facet + ":"), label.value, el("span", { class: "x", "aria-hidden": "true" }, "×"));
    }));
}

/** Guidance when nothing matched: what to try, with one-click retries. */
function renderHelp(answer, state) {
  const box = $("search-help");
  if ((answer.total || 0) > 0 || (!state.q && !state.filters.length)) {
    box.hidden = true;
    box.replaceChildren();
    return;
  }
  const retry = (change) => () => {
    const st = currentState();
    change(st);
    st.offset = 0;
    go(st);
  };
  const tips = [];
  const actions = [];
  if (state.filters.length || state.type) {
    tips.push("The filters leave nothing: remove some, or search without them.");
    actions.push(el("button", { type: "button", id: "help-no-filters", onclick: retry((st) => {
      st.filters = [];
      st.type = "";
    }) }, "Search without filters"));
  }
  const words = state.q.replace(/"/g, " ").split(/\s+/).filter(Boolean);
  if (/"/.test(state.q)) {
    tips.push("Quoted words must appear together, in that order. Without quotes each word may appear anywhere.");
    actions.push(el("button", { type: "button", id: "help-no-quotes", onclick: retry((st) => {
      st.q = st.q.replace(/"/g, "").trim();
    }) }, "Search without quotes"));
  }
  if (words.length > 1) {
    tips.push("Every word must match. Try fewer words, or one of them:");
    for (const w of words.slice(0, 6)) {
      actions.push(el("button", { type: "button", class: "help-word", onclick: retry((st) => {
        st.q = w;
      }) }, w));
    }
  }
  if (state.q) {
    tips.push("Check the spelling. Words match whole, by their stem (cells, cell) and, the last one, as the start of a longer word; add * to another word for that (fluor*).");
  }
  tips.push("Or browse everything with an empty search and narrow it with the filters.");
  box.hidden = false;
  box.replaceChildren(el("p", null, el("strong", null, "No matches. "), "Some things to try:"),
    el("ul", null, tips.map((t) => el("li", null, t))),
    actions.length ? el("p", null, actions) : null);
}

function renderAnswer(answer, state) {
  lastAnswer = answer;
  const hl = highlightWords(answer, state);
  $("hits").replaceChildren(...answer.hits.map((h) => hitItem(h, hl)));
  const total = answer.total || 0;
  const about = answer.total_exact === false ? "about " : "";
  let text;
  if (!total) {
    text = state.q ? "No results for “" + state.q + "”." : "No resources match these filters.";
  } else if (state.q) {
    text = about + fmt(total) + (total === 1 ? " result" : " results") + " for “" + state.q + "”";
  } else {
    text = "Browsing " + about + fmt(total) + (total === 1 ? " resource" : " resources");
  }
  if (state.filters.length) {
    text += " (" + state.filters.length + (state.filters.length === 1 ? " filter)" : " filters)");
  }
  if (typeof answer.took_ms === "number") {
    text += " · " + answer.took_ms + " ms";
  }
  if (answer.index_lag > 0) {
    // The text index follows the store; new data becomes searchable soon
    text += " · the index is catching up (" + fmt(answer.index_lag) + " new terms not searchable yet)";
  }
  $("search-status").textContent = text;
  $("clear-filters").hidden = !state.filters.length && !state.type;
  renderActiveFilters(answer, state);
  renderHelp(answer, state);
  renderFacets(answer, state);

  const limit = answer.limit || PAGE_SIZE;
  const offset = answer.offset || 0;
  const pager = $("pager");
  pager.hidden = total <= limit && offset === 0;
  $("page-info").textContent = total
    ? fmt(offset + 1) + "–" + fmt(Math.min(offset + answer.hits.length, total)) + " of " + about + fmt(total)
    : "";
  $("prev").disabled = offset === 0;
  $("next").disabled = offset + limit >= total;
}

/** Show the search view for URL parameters `params`. */
export async function renderSearch(params) {
  const state = stateOf(params);
  const input = $("q");
  if (document.activeElement !== input || input.value.trim() !== state.q.trim()) {
    input.value = state.q;
  }
  closeSuggestions();
  if (searchAbort) {
    searchAbort.abort();
  }
  searchAbort = new AbortController();
  const signal = searchAbort.signal;
  const api = new URLSearchParams();
  api.set("q", state.q);
  for (const [name, value] of state.filters) {
    api.append("f." + name, value);
  }
  if (state.type) {
    api.set("type", state.type);
  }
  api.set("offset", String(state.offset));
  api.set("limit", String(PAGE_SIZE));
  setBusy(true);
  $("search-status").textContent = "Searching…";
  try {
    const answer = await getJson("api/search", api, signal);
    if (signal.aborted) {
      return;
    }
    showError(null);
    renderAnswer(answer, state);
  } catch (error) {
    if (error.name === "AbortError") {
      return;
    }
    showError(error);
    $("search-status").textContent = "The search failed.";
    $("search-help").hidden = true;
    $("hits").replaceChildren();
    $("pager").hidden = true;
  } finally {
    if (!signal.aborted) {
      setBusy(false);
    }
  }
}

// Autocompletion (WAI-ARIA combobox with a listbox popup)

function closeSuggestions() {
  clearTimeout(suggestTimer);
  if (suggestAbort) {
    suggestAbort.abort();
    suggestAbort = null;
  }
  suggestions = [];
  active = -1;
  const list = $("suggestions");
  list.hidden = true;
  list.replaceChildren();
  $("q").setAttribute("aria-expanded", "false");
  $("q").removeAttribute("aria-activedescendant");
}

function setActive(k) {
  const items = $("suggestions").children;
  active = k;
  for (let i = 0; i < items.length; ++i) {
    items[i].setAttribute("aria-selected", i === k ? "true" : "false");
  }
  if (k >= 0 && items[k]) {
    $("q").setAttribute("aria-activedescendant", items[k].id);
    items[k].scrollIntoView({ block: "nearest" });
  } else {
    $("q").removeAttribute("aria-activedescendant");
  }
}

function choose(s) {
  closeSuggestions();
  if (s.iri && s.kind !== "word") {
    navigate(new URLSearchParams({ resource: s.iri }), { focus: true });
    return;
  }
  const state = currentState();
  state.q = s.text;
  state.offset = 0;
  $("q").value = s.text;
  go(state);
}

async function suggest(prefix) {
  if (suggestAbort) {
    suggestAbort.abort();
  }
  suggestAbort = new AbortController();
  const signal = suggestAbort.signal;
  let answer;
  try {
    answer = await getJson("api/suggest", new URLSearchParams({ q: prefix, limit: "8" }), signal);
  } catch (error) {
    // Autocompletion is a convenience: a failure closes the list quietly
    // (the search itself reports errors)
    if (error.name !== "AbortError") {
      closeSuggestions();
    }
    return;
  }
  if (signal.aborted || $("q").value.trim() !== prefix) {
    return;
  }
  suggestions = answer.suggestions || [];
  const list = $("suggestions");
  list.replaceChildren(...suggestions.map((s, i) => el("li", {
    role: "option", id: "suggestion-" + i, "aria-selected": "false", class: "suggestion",
    onmousedown: (event) => event.preventDefault(), // keep focus in the box
    onclick: () => choose(s),
  }, highlight(s.text, [prefix]),
  s.kind ? el("span", { class: "badge kind" }, s.kind === "entity" ? "entity" : "word") : null,
  typeof s.count === "number" ? el("span", { class: "facet-count" }, fmt(s.count)) : null)));
  active = -1;
  list.hidden = !suggestions.length;
  $("q").setAttribute("aria-expanded", suggestions.length ? "true" : "false");
}

/** Wire the search form once; `nav(params)` changes the URL state. */
export function initSearch(nav) {
  navigate = nav;
  // Narrow screens: the filters fold away above the hits until asked for
  const narrow = window.matchMedia("(max-width: 760px)");
  const fold = () => {
    $("filters").open = !narrow.matches;
  };
  fold();
  narrow.addEventListener("change", fold);
  const input = $("q");
  $("search-form").addEventListener("submit", (event) => {
    event.preventDefault();
    if (active >= 0 && suggestions[active]) {
      choose(suggestions[active]);
      return;
    }
    closeSuggestions();
    const state = currentState();
    state.q = input.value.trim();
    state.offset = 0;
    go(state);
  });
  input.addEventListener("input", () => {
    clearTimeout(suggestTimer);
    const prefix = input.value.trim();
    if (prefix.length < 2) {
      closeSuggestions();
      return;
    }
    suggestTimer = setTimeout(() => suggest(prefix), SUGGEST_DELAY_MS);
  });
  input.addEventListener("keydown", (event) => {
    const n = suggestions.length;
    if (event.key === "ArrowDown" && n) {
      event.preventDefault();
      setActive(active + 1 >= n ? 0 : active + 1);
    } else if (event.key === "ArrowUp" && n) {
      event.preventDefault();
      setActive(active <= 0 ? n - 1 : active - 1);
    } else if (event.key === "Escape" && !$("suggestions").hidden) {
      event.preventDefault();
      closeSuggestions();
    }
  });
  input.addEventListener("blur", () => setTimeout(closeSuggestions, 100));
  $("prev").addEventListener("click", () => {
    const state = currentState();
    state.offset = Math.max(0, state.offset - ((lastAnswer && lastAnswer.limit) || PAGE_SIZE));
    go(state);
    $("search-status").scrollIntoView({ block: "nearest" });
  });
  $("next").addEventListener("click", () => {
    const state = currentState();
    state.offset += (lastAnswer && lastAnswer.limit) || PAGE_SIZE;
    go(state);
    $("search-status").scrollIntoView({ block: "nearest" });
  });
  $("clear-filters").addEventListener("click", () => {
    const state = currentState();
    state.filters = [];
    state.type = "";
    state.offset = 0;
    go(state);
  });
}
