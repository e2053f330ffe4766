// Copyright 2026 The MUGDAT authors
// SPDX-License-Identifier: Apache-2.0
//
// Browser test of the search page (www/) against a running `mugdat serve`:
//   node tests/browser/search_page.mjs BASE_URL QUERY
// drives Debian's Chromium (CHROMIUM, default /usr/bin/chromium) through
// playwright-core (no browser download). QUERY is a word the served data
// holds. Prints one line per failed check and ends with
// "N passed, N failed"; exits 1 if anything failed.

import { chromium } from "playwright-core";

const base = (process.argv[2] || "").replace(/\/?$/, "/");
const word = process.argv[3] || "";
if (!process.argv[2] || !word) {
  console.error("usage: search_page.mjs BASE_URL QUERY");
  process.exit(2);
}
const STEP_MS = Number(process.env.MUGDAT_BROWSER_TIMEOUT_MS || 15000);

let passed = 0;
let failed = 0;
function check(name, ok, detail) {
  if (ok) {
    passed += 1;
  } else {
    failed += 1;
    console.log("FAIL: " + name + (detail ? " — " + detail : ""));
  }
}

/** The number in the status line ("1,234 results for …"), or NaN. */
async function shownTotal(page) {
  const text = await page.locator("#search-status").textContent();
  const m = /([\d,]+) (results?|resources?)/.exec(text || "");
  return m ? Number(m[1].replace(/,/g, "")) : NaN;
}

async function waitSearched(page) {
  await page.waitForFunction(() => {
    const s = document.getElementById("search-status").textContent;
    return document.getElementById("hits").getAttribute("aria-busy") === "false" &&
      s && s !== "Searching…";
  }, null, { timeout: STEP_MS });
}

const browser = await chromium.launch({
  executablePath: process.env.CHROMIUM || "/usr/bin/chromium",
  headless: true,
  // root in CI containers: Chromium's sandbox needs user namespaces
  args: ["--no-sandbox", "--disable-gpu", "--disable-dev-shm-usage"],
});
const consoleErrors = [];
try {
  const context = await browser.newContext({ viewport: { width: 1280, height: 900 } });
  const page = await context.newPage();
  page.setDefaultTimeout(STEP_MS);
  page.on("console", (msg) => {
    if (msg.type() === "error") {
      consoleErrors.push(msg.text());
    }
  });
  page.on("pageerror", (error) => consoleErrors.push(String(error)));

  // 1. The page loads and browses everything with an empty query
  await page.goto(base);
  await waitSearched(page);
  const browseTotal = await shownTotal(page);
  check("empty search browses", browseTotal > 0, await page.locator("#search-status").textContent());
  check("SPARQL tab kept", (await page.locator("#tab-sparql").count()) === 1);

  // 2. Type a query: results, counts, highlighted words
  await page.locator("#q").fill(word);
  await page.locator("#q").press("Enter");
  await page.waitForURL((url) => new URL(url).searchParams.get("q") === word);
  await waitSearched(page);
  const total = await shownTotal(page);
  const nHits = await page.locator("#hits > li").count();
  check("query has results", total > 0 && nHits > 0, "total " + total + ", hits " + nHits);
  check("status is announced (aria-live)",
    (await page.locator("#search-status").getAttribute("aria-live")) === "polite");
  check("matched words highlighted", (await page.locator("#hits mark").count()) > 0);
  check("hits carry type badges", (await page.locator("#hits .badge").count()) > 0);
  check("facets with counts", (await page.locator("#facets .facet-count").count()) > 0);

  // Paging: the next page, then back to the first
  if (total > nHits) {
    const firstLabel = await page.locator("#hits > li .hit-title").first().textContent();
    await page.locator("#next").click();
    await page.waitForURL((url) => new URL(url).searchParams.get("offset") === String(nHits));
    await waitSearched(page);
    check("next page", (await page.locator("#page-info").textContent()).startsWith(String(nHits + 1)) &&
      (await page.locator("#hits > li .hit-title").first().textContent()) !== firstLabel);
    await page.goBack();
    await page.waitForURL((url) => !new URL(url).searchParams.has("offset"));
    await waitSearched(page);
    check("back to the first page", (await page.locator("#hits > li .hit-title").first().textContent()) === firstLabel);
  }

  // 3. Autocompletion: type a prefix, pick with the keyboard
  const prefix = word.slice(0, Math.max(3, word.length - 2));
  await page.locator("#q").fill("");
  await page.locator("#q").pressSequentially(prefix, { delay: 20 });
  let suggested = true;
  try {
    await page.locator("#suggestions li[role=option]").first().waitFor({ state: "visible" });
  } catch {
    suggested = false;
  }
  check("suggestions appear for '" + prefix + "'", suggested);
  if (suggested) {
    check("combobox expanded", (await page.locator("#q").getAttribute("aria-expanded")) === "true");
    await page.locator("#q").press("ArrowDown");
    const activeId = await page.locator("#q").getAttribute("aria-activedescendant");
    check("arrow key selects a suggestion", activeId === "suggestion-0");
    const before = page.url();
    await page.locator("#q").press("Enter");
    await page.waitForURL((url) => url.toString() !== before);
    const params = new URL(page.url()).searchParams;
    check("suggestion opens a search or a resource", params.has("q") || params.has("resource"), page.url());
    if (params.has("resource")) {
      await page.waitForFunction(() => document.getElementById("resource").getAttribute("aria-busy") === "false");
    } else {
      await waitSearched(page);
    }
  }

  // 4. Back to the query; tick a facet value whose count is below the total
  await page.goto(base + "?" + new URLSearchParams({ q: word }));
  await waitSearched(page);
  const total2 = await shownTotal(page);
  const boxes = page.locator("#facets input[type=checkbox]");
  let ticked = null;
  for (let i = 0; i < (await boxes.count()); ++i) {
    const box = boxes.nth(i);
    const count = Number(((await page.locator("label[for='" + (await box.getAttribute("id")) + "'] .facet-count")
      .textContent()) || "").replace(/,/g, ""));
    if (count > 0 && count < total2) {
      ticked = { box, count, facet: await box.getAttribute("data-facet"), value: await box.getAttribute("data-value") };
      break;
    }
  }
  check("a facet value narrows the results", ticked !== null);
  let filteredTotal = NaN;
  if (ticked) {
    await ticked.box.check();
    await page.waitForURL((url) => new URL(url).searchParams.getAll("f." + ticked.facet).includes(ticked.value));
    await waitSearched(page);
    filteredTotal = await shownTotal(page);
    check("ticking a facet shrinks the total", filteredTotal < total2 && filteredTotal > 0,
      total2 + " -> " + filteredTotal);
    check("total equals the facet count", filteredTotal === ticked.count, filteredTotal + " vs " + ticked.count);
    check("ticked box stays ticked",
      await page.locator("#facets input[data-facet='" + ticked.facet + "']:checked").count() === 1);
    const chips = page.locator("#active-filters button.chip.remove");
    check("active filter shown as a removable chip", await page.locator("#active-filters").isVisible() &&
      (await chips.count()) === 1 && (await chips.first().getAttribute("data-value")) === ticked.value);
  }

  // 5. Open a hit: the resource view, then follow a link in it
  const searchUrl = page.url();
  const firstHit = page.locator("#hits > li .hit-title a").first();
  const hitLabel = (await firstHit.textContent()).trim();
  await page.evaluate(() => { window.mugdatSamePage = true; });
  await firstHit.click();
  await page.waitForURL((url) => new URL(url).searchParams.has("resource"));
  await page.waitForFunction(() => document.getElementById("resource").getAttribute("aria-busy") === "false");
  const resourceUrl = page.url();
  check("resource view shown", await page.locator("#view-resource").isVisible());
  check("resource title", ((await page.locator("#res-title").textContent()) || "").trim().length > 0);
  const nProps = await page.locator("#res-out > tr").count();
  check("resource has properties", nProps > 0, "rows " + nProps + " for " + hitLabel);
  check("RDF link offered", (await page.locator("#res-links a[href*='format=ttl']").count()) === 1);
  const ttl = await page.request.get(await page.locator("#res-links a[href*='format=ttl']")
    .evaluate((a) => a.href));
  check("RDF link answers Turtle", ttl.ok() && (ttl.headers()["content-type"] || "").startsWith("text/turtle"));
  const next = page.locator("#res-out a[data-inpage]").filter({ hasNot: page.locator(".ext") });
  const nextCount = await next.count();
  check("resource links to other resources", nextCount > 0);
  // Prefer a value (second column) over a property link
  const target = (await page.locator("#res-out td a[data-inpage]").count()) > 0
    ? page.locator("#res-out td a[data-inpage]").first() : next.first();
  await target.click();
  await page.waitForURL((url) => url.toString() !== resourceUrl && new URL(url).searchParams.has("resource"));
  await page.waitForFunction(() => document.getElementById("resource").getAttribute("aria-busy") === "false");
  check("followed link shows its resource", ((await page.locator("#res-title").textContent()) || "").length > 0);
  check("hit and link opened in the page (no reload)", await page.evaluate(() => window.mugdatSamePage === true));

  // 6. Back, back: the previous resource, then the filtered search
  await page.goBack();
  await page.waitForURL(resourceUrl);
  await page.waitForFunction(() => document.getElementById("resource").getAttribute("aria-busy") === "false");
  check("back restores the previous resource", await page.locator("#view-resource").isVisible());
  await page.goBack();
  await page.waitForURL(searchUrl);
  await waitSearched(page);
  check("back restores the search view", await page.locator("#view-search").isVisible());
  check("back restores the query", (await page.locator("#q").inputValue()) === word);
  if (ticked) {
    check("back restores the total", (await shownTotal(page)) === filteredTotal);
    check("back restores the ticked facet",
      await page.locator("#facets input[data-facet='" + ticked.facet + "']:checked").count() === 1);
  }

  // 6b. The filter chip removes its filter
  if (ticked) {
    await page.locator("#active-filters button.chip.remove").first().click();
    await page.waitForURL((url) => !new URL(url).searchParams.has("f." + ticked.facet));
    await waitSearched(page);
    check("removing the chip restores the total", (await shownTotal(page)) === total2);
    check("no chip left", (await page.locator("#active-filters").isHidden()));
  }

  // 6c. Nothing found: guidance, and one click back to results
  await page.goto(base + "?" + new URLSearchParams({ q: "zqxjvw" + word }));
  await waitSearched(page);
  check("no results: guidance shown", await page.locator("#search-help").isVisible() &&
    /spelling/i.test(await page.locator("#search-help").textContent()));
  await page.goto(base + "?" + new URLSearchParams({ q: word, "f.type": "urn:mugdat:test:no-such-class" }));
  await waitSearched(page);
  check("filters leaving nothing: a way out offered", await page.locator("#help-no-filters").isVisible());
  if (await page.locator("#help-no-filters").isVisible()) {
    await page.locator("#help-no-filters").click();
    await page.waitForURL((url) => ![...new URL(url).searchParams.keys()].some((k) => k.startsWith("f.")));
    await waitSearched(page);
    check("search without filters finds the results again", (await shownTotal(page)) === total2);
    check("guidance gone with results", await page.locator("#search-help").isHidden());
  }

  // 6d. A quoted phrase: its words together, fewer results than the words anywhere
  const phrase = process.env.MUGDAT_BROWSER_PHRASE;
  if (phrase) {
    await page.goto(base + "?" + new URLSearchParams({ q: phrase.replace(/"/g, "") }));
    await waitSearched(page);
    const loose = await shownTotal(page);
    await page.locator("#q").fill(phrase);
    await page.locator("#q").press("Enter");
    await page.waitForURL((url) => new URL(url).searchParams.get("q") === phrase);
    await waitSearched(page);
    const strict = await shownTotal(page);
    check("quoted phrase has results", strict > 0, String(strict));
    check("quoted phrase narrows the words", strict < loose, strict + " vs " + loose);
    check("phrase words highlighted", (await page.locator("#hits mark").count()) > 0);
  }

  // 6e. A word found only in an IRI (its local name) is shown there
  const iriWord = process.env.MUGDAT_BROWSER_IRI_WORD;
  if (iriWord) {
    await page.goto(base + "?" + new URLSearchParams({ q: iriWord }));
    await waitSearched(page);
    check("a word of an IRI finds its resource", (await shownTotal(page)) > 0);
    check("and is highlighted in the IRI", (await page.locator("#hits .hit-iri mark").count()) > 0);
  }

  // 7. A failing API shows a clear error, not a blank page
  // (a hand-edited URL with a bad offset and an empty facet name still works)
  await page.goto(base + "?" + new URLSearchParams({ q: word, offset: "-x", "f.": "" }));
  await waitSearched(page);
  check("bad URL parameters are ignored", (await shownTotal(page)) === total2);
  await page.route("**/api/search*", (route) => route.fulfill({
    status: 503, contentType: "application/problem+json",
    body: JSON.stringify({ type: "about:blank", title: "Service Unavailable", status: 503, detail: "test outage" }),
  }));
  const before = consoleErrors.length;
  await page.locator("#q").fill(word + " outage");
  await page.locator("#q").press("Enter");
  await page.locator("#search-error").waitFor({ state: "visible" });
  check("API failure is shown", /test outage/.test(await page.locator("#search-error").textContent()));
  await page.unroute("**/api/search*");
  // The browser logs the 503 itself; that one is expected
  consoleErrors.splice(before);

  // 8. The neighbourhood diagram: its nodes browse on too
  await page.goto(resourceUrl);
  await page.waitForFunction(() => document.getElementById("resource").getAttribute("aria-busy") === "false");
  const nodes = page.locator("#res-graph svg a.node");
  check("neighbourhood diagram drawn", (await nodes.count()) > 0 && await page.locator("#res-graph").isVisible());
  if ((await nodes.count()) > 0) {
    await page.evaluate(() => { window.mugdatNoReload = true; });
    await nodes.first().click();
    await page.waitForURL((url) => url.toString() !== resourceUrl && new URL(url).searchParams.has("resource"));
    await page.waitForFunction(() => document.getElementById("resource").getAttribute("aria-busy") === "false");
    check("a diagram node opens its resource in the page",
      ((await page.locator("#res-title").textContent()) || "").length > 0 && await page.locator("#view-resource").isVisible());
    check("without reloading the page", await page.evaluate(() => window.mugdatNoReload === true));
  }

  // 9. Data that looks like markup stays text (hit, snippet, resource view)
  if (process.env.MUGDAT_BROWSER_HOSTILE) {
    await page.goto(base + "?" + new URLSearchParams({ q: process.env.MUGDAT_BROWSER_HOSTILE }));
    await waitSearched(page);
    const hitText = await page.locator("#hits").textContent();
    check("markup in data shown as text", hitText.includes("<img src=x") && hitText.includes("<b>bold</b>"),
      hitText.slice(0, 200));
    check("no element made from data", (await page.locator("#hits img, #hits b, #hits script, #hits i").count()) === 0);
    await page.locator("#hits .hit-title a").first().click();
    await page.waitForFunction(() => document.getElementById("resource").getAttribute("aria-busy") === "false");
    check("resource view keeps markup as text",
      ((await page.locator("#res-title").textContent()) || "").includes("<img src=x") &&
      (await page.locator("#resource img, #resource script, #resource b").count()) === 0);
    check("no data ever ran", await page.evaluate(() => window.mugdatPwned === undefined));
  }

  // 10. The SPARQL tab still runs queries
  await page.goto(base + "?view=sparql");
  await page.locator("#query-form button[type=submit]").click();
  await page.locator("#results table").waitFor();
  check("SPARQL tab runs a query", (await page.locator("#results tbody tr").count()) > 0);

  check("no console errors", consoleErrors.length === 0, consoleErrors.join(" | "));
} catch (error) {
  failed += 1;
  console.log("FAIL: " + (error && error.stack ? error.stack.split("\n").slice(0, 3).join(" ") : error));
  if (consoleErrors.length) {
    console.log("console errors: " + consoleErrors.join(" | "));
  }
} finally {
  await browser.close();
}
console.log(passed + " passed, " + failed + " failed");
process.exit(failed ? 1 : 0);
