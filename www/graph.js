// Copyright 2026 The MUGDAT authors. SPDX-License-Identifier: Apache-2.0
// The neighbourhood of one resource as an SVG node-link diagram: the
// resources that link to it on the left, the node in the middle, the
// resources it links to on the right, edges labelled with the property.
// Every node is a link to its own view. Built with the DOM (text nodes
// only); the tables beside it stay the complete, accessible listing.

const NS = "http://www.w3.org/2000/svg";
/** Most neighbours drawn on each side (the tables list them all). */
export const MAX_SIDE = 10;
const WIDTH = 900;
const ROW = 34;
const NODE_CHARS = 28;
const EDGE_CHARS = 24;

function svg(tag, attrs, ...children) {
  const node = document.createElementNS(NS, tag);
  for (const [key, value] of Object.entries(attrs || {})) {
    node.setAttribute(key, String(value));
  }
  for (const child of children) {
    if (child !== null && child !== undefined) {
      node.appendChild(child instanceof Node ? child : document.createTextNode(String(child)));
    }
  }
  return node;
}

function cut(text, n) {
  return text.length > n ? text.slice(0, n - 1) + "…" : text;
}

/**
 * Neighbours grouped per node: `edges` is a list of [property IRI, node
 * IRI]; the result lists up to MAX_SIDE nodes with their properties, and
 * how many nodes were left out.
 */
export function groupEdges(edges) {
  const byNode = new Map();
  for (const [p, node] of edges) {
    if (!byNode.has(node)) {
      byNode.set(node, new Set());
    }
    byNode.get(node).add(p);
  }
  const all = [...byNode.entries()];
  return { shown: all.slice(0, MAX_SIDE), left: Math.max(0, all.length - MAX_SIDE) };
}

/**
 * Draw into `container`: `center` IRI, `outgoing` and `incoming` from
 * groupEdges(), `label(iri)` a display name, `href(iri)` a link.
 */
export function drawNeighbourhood(container, center, outgoing, incoming, label, href) {
  const rows = Math.max(outgoing.shown.length, incoming.shown.length, 1);
  const height = Math.max(140, rows * ROW + 40);
  const cx = WIDTH / 2;
  const cy = height / 2;
  const xIn = 200;
  const xOut = WIDTH - 200;
  const root = svg("svg", {
    viewBox: "0 0 " + WIDTH + " " + height, class: "neighbourhood",
    role: "img", "aria-label": "Links of " + label(center),
  });
  root.appendChild(svg("defs", null,
    svg("marker", { id: "arrow", viewBox: "0 0 10 10", refX: 10, refY: 5, markerWidth: 7, markerHeight: 7, orient: "auto-start-reverse" },
      svg("path", { d: "M 0 0 L 10 5 L 0 10 z", class: "arrow" }))));

  const edgeLayer = svg("g", { class: "edges" });
  const nodeLayer = svg("g", { class: "nodes" });
  root.append(edgeLayer, nodeLayer);

  const side = (group, x, outward) => {
    const n = group.shown.length;
    group.shown.forEach(([iri, props], i) => {
      const y = n === 1 ? cy : 20 + (i + 0.5) * ((height - 40) / n);
      // Edges stop short of the nodes so the arrowheads show
      const [x1, y1, x2, y2] = outward ? [cx + 12, cy, x - 8, y] : [x + 8, y, cx - 12, cy];
      const names = [...props].map(label);
      edgeLayer.appendChild(svg("g", { class: "edge" },
        svg("line", { x1, y1, x2, y2, "marker-end": "url(#arrow)" }),
        // Labels sit near the outer end, where the edges fan apart
        svg("text", { x: x1 + (x2 - x1) * (outward ? 0.68 : 0.32), y: y1 + (y2 - y1) * (outward ? 0.68 : 0.32) - 4,
          "text-anchor": "middle" },
          cut(names.join(", "), EDGE_CHARS), svg("title", null, names.join(", ")))));
      const text = label(iri);
      nodeLayer.appendChild(svg("a", { href: href(iri), "data-inpage": "", class: "node" },
        svg("title", null, text + "\n" + iri),
        svg("circle", { cx: x, cy: y, r: 6 }),
        svg("text", { x: outward ? x + 11 : x - 11, y: y + 4, "text-anchor": outward ? "start" : "end" },
          cut(text, NODE_CHARS))));
    });
    if (group.left) {
      nodeLayer.appendChild(svg("text", {
        x: outward ? x + 11 : x - 11, y: height - 6, class: "more", "text-anchor": outward ? "start" : "end",
      }, "+" + group.left + " more"));
    }
  };
  side(incoming, xIn, false);
  side(outgoing, xOut, true);
  nodeLayer.appendChild(svg("g", { class: "node center" },
    svg("circle", { cx, cy, r: 10 }),
    svg("text", { x: cx, y: cy - 18, "text-anchor": "middle" }, cut(label(center), 40))));
  container.replaceChildren(root);
}
