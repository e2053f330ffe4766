// Copyright 2026 The MUGDAT authors. SPDX-License-Identifier: Apache-2.0
// DOM helpers. Data from the server only ever becomes text nodes or
// attribute values set through the DOM, never markup: no innerHTML here.

/** el("a", {href: "x", class: "y"}, "text", child, ...) */
export function el(tag, attrs, ...children) {
  const node = document.createElement(tag);
  for (const [key, value] of Object.entries(attrs || {})) {
    if (value === undefined || value === null || value === false) {
      continue;
    }
    if (key === "class") {
      node.className = value;
    } else if (key.startsWith("on") && typeof value === "function") {
      node.addEventListener(key.slice(2), value);
    } else if (key === "dataset") {
      Object.assign(node.dataset, value);
    } else {
      node.setAttribute(key, value === true ? "" : String(value));
    }
  }
  append(node, children);
  return node;
}

function append(node, children) {
  for (const child of children) {
    if (child === undefined || child === null || child === false) {
      continue;
    }
    if (Array.isArray(child)) {
      append(node, child);
    } else if (child instanceof Node) {
      node.appendChild(child);
    } else {
      node.appendChild(document.createTextNode(String(child)));
    }
  }
}

function escapeRegExp(s) {
  return s.replace(/[.*+?^${}()|[\]\\]/g, "\\$&");
}

/**
 * `text` as a fragment with every occurrence of the `words` (case- and
 * accent-insensitive prefix match at word starts) wrapped in <mark>.
 */
export function highlight(text, words) {
  const frag = document.createDocumentFragment();
  const list = (words || []).filter((w) => w && w.length > 0).map((w) =>
    escapeRegExp(w.normalize("NFC")));
  if (!text) {
    return frag;
  }
  if (!list.length) {
    frag.appendChild(document.createTextNode(text));
    return frag;
  }
  // Longest first so "cell" does not cut "cells" short
  list.sort((a, b) => b.length - a.length);
  const re = new RegExp("(" + list.join("|") + ")", "giu");
  let last = 0;
  for (const m of text.matchAll(re)) {
    if (m[0].length === 0) {
      continue;
    }
    if (m.index > last) {
      frag.appendChild(document.createTextNode(text.slice(last, m.index)));
    }
    frag.appendChild(el("mark", null, m[0]));
    last = m.index + m[0].length;
  }
  if (last < text.length) {
    frag.appendChild(document.createTextNode(text.slice(last)));
  }
  return frag;
}

/** The last path or fragment segment of an IRI, for compact display. */
export function localName(iri) {
  const m = /[^#/:]+[#/]?$/.exec(iri.replace(/[#/]+$/, ""));
  return m ? decodeURIComponentSafe(m[0]) : iri;
}

function decodeURIComponentSafe(s) {
  try {
    return decodeURIComponent(s);
  } catch {
    return s;
  }
}

/** A number with thousands separators. */
export function fmt(n) {
  return Number(n).toLocaleString("en-US");
}
