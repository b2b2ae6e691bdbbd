// The record views: claims, the register, a document with its events, and full-text search.
"use strict";

// Highlight kinds, outermost first: a mention inside an evidence sentence nests inside its mark.
const MARK_KINDS = ["match", "evidence", "cue", "hedge", "weapon", "mention"];

// Listings cut the lists inside a claim or a register row; a button fetches the rest, page by page.
function moreButton(record, part, kind, show) {
  const total = record[`${part}_total`] ?? record[part].length;
  if (total <= record[part].length) return null;
  return el("button", { type: "button", class: "link more", onclick: (e) => {
    e.target.disabled = true;
    everyPage(`/api/${kind}/part`, { id: record.id, part }).then(show).catch(showError);
  } }, `show all ${total}`);
}

// A link from a sentence to its place in its document: the event it is evidence of, highlighted.
function sourceLink(item, label) {
  return el("button", { type: "button", class: "link source", dataset: { document: item.document },
    title: "show this sentence in its document",
    onclick: () => navigate("document", { id: item.document, event: item.event || "", at: item.event ? "" : `${item.start}-${item.end}` }) },
  label);
}

// --- claims ---------------------------------------------------------------------------------------

function voiceItem(item) {
  return el("li", {},
    el("q", {}, item.sentence),
    el("span", { class: "speaker" }, speakerText(item)),
    el("span", { class: "factuality" }, item.factuality || ""),
    item.document ? sourceLink(item, "in its document") : null);
}

function sideList(kind, claim) {
  const list = el("ul", {}, (claim[kind] || []).map(voiceItem));
  const more = moreButton(claim, kind, "claims", (items) => { list.replaceChildren(...items.map(voiceItem)); more.remove(); });
  return el("div", { class: `side ${kind}` },
    el("h3", {}, kind === "supporting" ? "Supporting" : "Disputing"), list, more);
}

// What tells a claim from others of the same type and parties: weapons, period and figures, or,
// when its events name none, the words that named it and the start of its first sentence.
function claimDetails(claim) {
  const summary = claim.summary || { weapons: [], quantities: [], values: [] };
  const parts = [weaponsText(summary.weapons), dateText(summary.date),
    [...summary.quantities, ...summary.values].map(figure).join(", ")].filter(Boolean);
  if (parts.length) return parts.join(" · ");
  const sentence = ((claim.supporting[0] || claim.disputing[0] || {}).sentence || "");
  const words = (summary.triggers || []).map((word) => `‘${word}’`).join(", ");
  return `${words ? `${words}: ` : ""}${sentence.length > 90 ? `“${sentence.slice(0, 90)}…”` : `“${sentence}”`}`;
}

function claimCard(claim) {
  const documents = claim.documents_total ?? claim.documents.length;
  const events = claim.events_total ?? claim.events.length;
  const summary = el("summary", {},
    el("strong", {}, claim.type), ` ${actorLabel(claim.source)} → ${actorLabel(claim.target)}`,
    el("span", { class: "details" }, claimDetails(claim)),
    el("span", { class: "meta" }, `${documents} document(s), ${events} event(s)`));
  const sides = el("div", { class: "sides" }, sideList("supporting", claim));
  if (claim.status === "disputed") {
    sides.classList.add("both");
    sides.append(sideList("disputing", claim));
  }
  return el("details", { class: `claim ${claim.status}`, dataset: { id: claim.id } }, summary, sides);
}

async function showClaims(params) {
  const filters = formValuesOf(params, ["type", "actor"]);
  setFields(document.getElementById("claim-filters"), ["type", "actor"], filters);
  const page = await api("/api/claims", { ...filters, limit: MAX_LIMIT });
  paged(page, document.getElementById("claims-more"), (claims) => {
    for (const column of document.querySelectorAll("#claims .column")) {
      const kept = claims.filter((claim) => claim.status === column.dataset.status);
      column.querySelector("h2").dataset.count = kept.length;
      column.querySelector(".cards").replaceChildren(...kept.map(claimCard));
    }
    showDownloads("claims", csvLink([["id", "status", "type", "source", "target", "details", "documents", "events"],
      ...claims.map((c) => [c.id, c.status, c.type, c.source, c.target, claimDetails(c),
        c.documents_total ?? c.documents.length, c.events_total ?? c.events.length])], "dossier-claims.csv"),
    apiLink("JSON", "/api/claims", { ...filters, limit: MAX_LIMIT }));
  });
}

function formValuesOf(params, names) {
  return Object.fromEntries(names.map((name) => [name, params.get(name)]).filter(([, value]) => value));
}

// --- register -------------------------------------------------------------------------------------

// Each step cites its source: the document (a link to the sentence there), the speaker and the sentence.
function historyList(transfer, titles) {
  const stepItem = (step) => el("li", {},
    el("strong", {}, step.status), ` ${dateText(step.date)} `,
    el("q", {}, step.sentence || ""),
    el("span", { class: "speaker" }, speakerText(step)),
    step.document ? sourceLink(step, titles.get(step.document) || step.document) : null);
  const steps = el("ol", {}, transfer.history.map(stepItem));
  const more = moreButton(transfer, "history", "transfers", (items) => { steps.replaceChildren(...items.map(stepItem)); more.remove(); });
  const total = transfer.history_total ?? transfer.history.length;
  return el("details", { class: "history" }, el("summary", {}, `${total} step(s)`), steps, more);
}

function transferRow(t, titles) {
  return el("tr", { class: "transfer", dataset: { id: t.id } },
    el("td", {}, actorLabel(t.supplier)),
    el("td", {}, actorLabel(t.recipient)),
    el("td", {}, t.system ? `${t.system} (${t.category})` : t.category || ""),
    el("td", {}, figure(t.number)),
    el("td", {}, figure(t.value)),
    el("td", {}, figure(t.ordered)),
    el("td", {}, figure(t.delivered)),
    el("td", { class: "status" }, t.status),
    el("td", {}, historyList(t, titles)),
    el("td", { class: "review" }, reviewBadge(t.review), transferControls(t)));
}

const REGISTER_PARAMS = ["status", "actor", "weapon"];

// The titles of the documents `rows` cite and `titles` lacks, a hundred ids a request: a store of
// any size, since only the cited documents are read.
async function addTitles(titles, rows) {
  const wanted = [...new Set(rows.flatMap((t) => t.history.map((step) => step.document)))]
    .filter((id) => id && !titles.has(id));
  for (let i = 0; i < wanted.length; i += 100) {
    const found = await api("/api/documents", { ids: wanted.slice(i, i + 100), limit: MAX_LIMIT });
    for (const d of found.items) titles.set(d.id, d.title || d.id);
    for (const id of wanted.slice(i, i + 100)) if (!titles.has(id)) titles.set(id, id);
  }
}

async function showRegister(params) {
  const filters = formValuesOf(params, REGISTER_PARAMS);
  setFields(document.getElementById("register-filters"), REGISTER_PARAMS, filters);
  const page = await api("/api/transfers", { ...filters, limit: MAX_LIMIT });
  const titles = new Map();  // of the documents the shown rows cite, read as rows come
  await addTitles(titles, page.items);
  const drawRows = (rows) => document.getElementById("register-rows").replaceChildren(...rows.map((t) => transferRow(t, titles)));
  paged(page, document.getElementById("register-more"), (rows, total) => {
    const shown = rows.length < page.total ? ` (${rows.length} shown)` : "";
    document.getElementById("register-count").textContent = `${total} transfers${shown}`;
    drawRows(rows);
    if (rows.some((t) => t.history.some((step) => step.document && !titles.has(step.document)))) {
      addTitles(titles, rows).then(() => drawRows(rows)).catch(showError);
    }
    showDownloads("register", csvLink([["id", "supplier", "recipient", "system", "category", "number", "value", "ordered", "delivered", "status"],
      ...rows.map((t) => [t.id, t.supplier, t.recipient, t.system, t.category, figure(t.number), figure(t.value),
        figure(t.ordered), figure(t.delivered), t.status])], "dossier-register.csv"),
    apiLink("JSON", "/api/transfers", { ...filters, limit: MAX_LIMIT }));
  });
}

// --- document -------------------------------------------------------------------------------------

async function loadDocumentList(current) {
  const documents = await everyPage("/api/documents");
  const picker = document.getElementById("document-picker");
  picker.replaceChildren(el("option", { value: "" }, "choose a document"),
    ...documents.map((d) => el("option", { value: d.id }, d.title || d.id)));
  picker.value = current || "";
}

// Spans by kind from the document's mentions, weapons, hedges, attribution cues and event evidence;
// evidence marks name their events, mention marks their actor, so one event can be brought forward.
function spansOf(doc, match) {
  const spans = doc.mentions.map((m) => ({ kind: "mention", start: m.start, end: m.end, title: actorLabel(m.actor), data: { actor: m.actor } }));
  for (const w of doc.weapons || []) {
    const title = w.system ? `${w.system} (${w.category})` : w.category;
    spans.push({ kind: "weapon", start: w.start, end: w.end, title });
  }
  for (const c of doc.cues || []) spans.push({ kind: "hedge", start: c.start, end: c.end, title: c.kind });
  for (const a of doc.attributions) {
    if (a.cue) spans.push({ kind: "cue", start: a.cue.start, end: a.cue.end, title: `cue: ${speakerText(a)}` });
  }
  const evidence = new Map();
  for (const event of doc.events) {
    for (const x of event.evidence) {
      const key = `${x.start}:${x.end}`;
      const label = `${event.type} ${actorLabel(event.source)} → ${actorLabel(event.target)} (${event.factuality})`;
      if (evidence.has(key)) {
        evidence.get(key).title += `; ${label}`;
        evidence.get(key).data.events += ` ${event.id}`;
      } else {
        evidence.set(key, { kind: "evidence", start: x.start, end: x.end, title: label, data: { events: event.id } });
      }
    }
  }
  if (match) spans.push({ kind: "match", start: match[0], end: match[1], title: "search match" });
  return spans.concat([...evidence.values()]).filter((s) => s.start < s.end && s.end <= doc.text.length);
}

// The text cut at every span boundary; each piece nested in a <mark> per span covering it.
function highlighted(text, spans) {
  const cuts = new Set([0, text.length]);
  for (const span of spans) { cuts.add(span.start); cuts.add(span.end); }
  const points = [...cuts].sort((a, b) => a - b);
  const nodes = [];
  for (let i = 0; i + 1 < points.length; i += 1) {
    const [start, end] = [points[i], points[i + 1]];
    let node = document.createTextNode(text.slice(start, end));
    const covering = spans.filter((s) => s.start <= start && end <= s.end)
      .sort((a, b) => MARK_KINDS.indexOf(b.kind) - MARK_KINDS.indexOf(a.kind));
    for (const span of covering) node = el("mark", { class: span.kind, title: span.title, dataset: span.data || {} }, node);
    nodes.push(node);
  }
  return nodes;
}

// One event brought forward: its evidence, the marks inside it and its parties' mentions; the rest quiet.
function focusEvent(doc, eventId) {
  const text = document.getElementById("document-text");
  const event = doc.events.find((e) => e.id === eventId);
  text.classList.toggle("focused", Boolean(event));
  for (const mark of text.querySelectorAll("mark.chosen")) mark.classList.remove("chosen");
  for (const row of document.querySelectorAll("#document-events tr.event")) row.classList.toggle("chosen", row.dataset.id === eventId);
  if (!event) return null;
  const parties = new Set([event.source, event.target, ...(event.others || [])].filter(Boolean));
  const evidence = [...text.querySelectorAll("mark.evidence")].filter((m) => m.dataset.events.split(" ").includes(eventId));
  for (const mark of evidence) {
    mark.classList.add("chosen");
    for (const inner of mark.querySelectorAll("mark:not(.mention)")) inner.classList.add("chosen");
  }
  for (const mark of text.querySelectorAll("mark.mention")) {
    if (parties.has(mark.dataset.actor)) mark.classList.add("chosen");
  }
  return evidence[0] || null;
}

async function showDocument(params) {
  const id = params.get("id");
  await loadDocumentList(id);
  for (const node of ["document-title", "document-meta", "document-text", "document-events"]) {
    document.getElementById(node).replaceChildren();
  }
  if (!id) { showDownloads("document"); return; }
  const doc = await api(`/api/documents/${encodeURIComponent(id)}`);
  const at = /^(\d+)-(\d+)$/.exec(params.get("at") || "");
  document.getElementById("document-title").textContent = doc.title || doc.id;
  document.getElementById("document-meta").textContent =
    [doc.outlet, doc.published, doc.url, `${doc.events.length} events`].filter(Boolean).join(" · ");
  document.getElementById("document-text").replaceChildren(...highlighted(doc.text, spansOf(doc, at && [Number(at[1]), Number(at[2])])));
  document.getElementById("document-events").replaceChildren(...doc.events.map(eventRow));
  const chosen = focusEvent(doc, params.get("event"));
  const target = document.querySelector("#document-text mark.match") || chosen;
  if (target) target.scrollIntoView({ block: "center" });
  showDownloads("document", apiLink("CSV", "/api/export/csv", { document: id }),
    apiLink("JSON", `/api/documents/${encodeURIComponent(id)}`, {}));
}

// --- search ---------------------------------------------------------------------------------------

// A hit's snippet as text with its matches marked (offsets from the API, never markup); each match
// opens the document scrolled to it.
function snippetNodes(hit) {
  const { start, end, text } = hit.snippet;
  const nodes = [];
  let at = start;
  for (const m of hit.matches.filter((x) => x.start >= start && x.end <= end)) {
    if (m.start < at) continue;
    nodes.push(text.slice(at - start, m.start - start));
    nodes.push(el("button", { type: "button", class: "link match", title: "open the document here",
      onclick: () => navigate("document", { id: hit.document, at: `${m.start}-${m.end}` }) }, text.slice(m.start - start, m.end - start)));
    at = m.end;
  }
  nodes.push(text.slice(at - start));
  return [start > 0 ? "…" : "", ...nodes, "…"];
}

function hitItem(hit) {
  const first = hit.matches[0];
  const title = el("button", { type: "button", class: "link title",
    onclick: () => navigate("document", { id: hit.document, at: first ? `${first.start}-${first.end}` : "" }) }, hit.title || hit.document);
  return el("li", { class: "hit", dataset: { document: hit.document } }, title,
    el("span", { class: "meta" }, [hit.outlet, hit.published, `${hit.match_count} match(es)`, `${hit.events.length} event(s)`].filter(Boolean).join(" · ")),
    el("p", { class: "snippet" }, snippetNodes(hit)));
}

async function showSearch(params) {
  const q = params.get("q") || "";
  document.getElementById("search-form").elements.q.value = q;
  const list = document.getElementById("search-hits");
  if (!q.trim()) {
    list.replaceChildren();
    document.getElementById("search-count").textContent = "Search titles and texts: every word is required; a trailing * matches a prefix.";
    showDownloads("search");
    return;
  }
  const page = await api("/api/search", { q, limit: 50 });
  document.getElementById("search-count").textContent = `${totalText(page)} document(s) match`;
  paged(page, document.getElementById("search-more"), (hits) => list.replaceChildren(...hits.map(hitItem)));
  showDownloads("search", apiLink("JSON", "/api/search", { q, limit: MAX_LIMIT }));
}
