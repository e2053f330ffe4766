// Copyright 2026 The MUGDAT authors. SPDX-License-Identifier: Apache-2.0
// Talking to the server: JSON APIs with problem+json errors, and SPARQL
// SELECT queries with JSON results. Every request can be aborted, so a
// newer search cancels an older one instead of racing it.

/** An error carrying the server's problem document (RFC 9457) if any. */
export class ApiError extends Error {
  constructor(status, title, detail) {
    super(detail ? title + ": " + detail : title);
    this.status = status;
    this.title = title;
    this.detail = detail;
  }
}

async function problemOf(response) {
  const type = response.headers.get("Content-Type") || "";
  let title = response.status + " " + (response.statusText || "error");
  let detail = "";
  try {
    const text = await response.text();
    if (type.includes("json")) {
      const doc = JSON.parse(text);
      title = response.status + " " + (doc.title || title);
      detail = doc.detail || "";
    } else {
      detail = text.slice(0, 500);
    }
  } catch {
    // keep the status line
  }
  return new ApiError(response.status, title, detail);
}

/** GET `path` with `params` (URLSearchParams); the parsed JSON body. */
export async function getJson(path, params, signal) {
  const url = path + (params && String(params) ? "?" + params : "");
  let response;
  try {
    response = await fetch(url, {
      headers: { Accept: "application/json, application/problem+json;q=0.5" },
      signal,
    });
  } catch (error) {
    if (error.name === "AbortError") {
      throw error;
    }
    throw new ApiError(0, "The server cannot be reached", String(error.message || error));
  }
  if (!response.ok) {
    throw await problemOf(response);
  }
  try {
    return await response.json();
  } catch (error) {
    throw new ApiError(response.status, "The server sent something that is not JSON",
      String(error.message || error));
  }
}

/** Run a SPARQL SELECT; rows as objects of variable -> RDF term (JSON). */
export async function select(query, signal) {
  let response;
  try {
    response = await fetch("sparql", {
      method: "POST",
      headers: {
        "Content-Type": "application/x-www-form-urlencoded",
        Accept: "application/sparql-results+json, application/problem+json;q=0.5",
      },
      body: new URLSearchParams({ query }),
      signal,
    });
  } catch (error) {
    if (error.name === "AbortError") {
      throw error;
    }
    throw new ApiError(0, "The server cannot be reached", String(error.message || error));
  }
  if (!response.ok) {
    throw await problemOf(response);
  }
  const doc = await response.json();
  return doc.results.bindings;
}

/** An IRI as a SPARQL IRIREF (characters outside the grammar escaped). */
export function iriRef(iri) {
  return "<" + iri.replace(/[\u0000-\u0020<>"{}|^`\\]/gu, (c) =>
    "\\u" + c.charCodeAt(0).toString(16).padStart(4, "0")) + ">";
}
