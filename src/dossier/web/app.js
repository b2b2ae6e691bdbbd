// The analyst's page over dossier's JSON API. Article text and every record field are untrusted
// data: the DOM is built with createElement and text nodes only, never by parsing markup.
"use strict";

const EVENT_TYPES = ["AGREE", "CONSULT", "SUPPORT", "CONCEDE", "COOPERATE", "AID", "RETREAT", "REQUEST",
  "ACCUSE", "REJECT", "THREATEN", "PROTEST", "SANCTION", "MOBILIZE", "COERCE", "ASSAULT"];
const FACTUALITY = ["asserted", "reported", "alleged", "denied", "expected", "speculated", "requested"];
const WEAPON_CATEGORIES = ["aircraft", "air defence", "missiles", "drones", "armoured vehicles", "artillery",
  "ships", "electronic warfare", "sensors", "engines", "small arms", "other"];
const MAX_LIMIT = 500;
// Highlight kinds, outermost first: a mention inside an evidence sentence nests inside its mark.
const MARK_KINDS = ["evidence", "cue", "hedge", "weapon", "mention"];

const TRANSFER_STATUSES = ["requested", "offered", "negotiating", "agreed", "ordered", "delivering", "delivered",
  "alleged", "denied", "cancelled"];
// The server puts its ingest token in the page it serves when it accepts writes (--allow-ingest):
// ingest and review both need it.
const INGEST_TOKEN = document.querySelector('meta[name="dossier-token"]')?.content || null;
const actorNames = new Map();
const loaded = new Set();

// An element with properties and children; strings become text nodes, never markup.
function el(tag, props, ...children) {
  const node = document.createElement(tag);
  for (const [key, value] of Object.entries(props || {})) {
    if (key === "class") node.className = value;
    else if (key === "dataset") Object.assign(node.dataset, value);
    else if (key.startsWith("on")) node.addEventListener(key.slice(2), value);
    else node.setAttribute(key, value);
  }
  for (const child of children.flat()) {
    if (child === null || child === undefined) continue;
    node.append(child instanceof Node ? child : document.createTextNode(String(child)));
  }
  return node;
}

async function api(path, params) {
  const query = new URLSearchParams();
  for (const [key, value] of Object.entries(params || {})) {
    if (value !== "" && value !== null && value !== undefined) query.set(key, value);
  }
  const url = query.toString() ? `${path}?${query}` : path;
  const response = await fetch(url, { headers: { Accept: "application/json" } });
  return checked(response);
}

async function checked(response) {
  const body = await response.json().catch(() => ({}));
  if (!response.ok) {
    const detail = typeof body.detail === "string" ? body.detail : JSON.stringify(body.detail || body);
    throw new Error(`${response.status}: ${detail}`);
  }
  return body;
}

function showError(error) {
  const box = document.getElementById("error");
  box.textContent = error ? String(error.message || error) : "";
  box.hidden = !error;
}

function actorLabel(id) {
  if (!id) return "?";
  return actorNames.get(id) || id;
}

function dateText(date) {
  if (!date) return "";
  if (typeof date === "string") return date;
  if (date.start && date.end && date.start !== date.end) return `${date.start} – ${date.end}`;
  return date.start || date.end || date.text || "";
}

// A number, quantity, money amount or date from the JSON export as short text.
// As the CLI prints them: '12', '10-20', '10+', 'up to 5'.
function quantityText(min, max) {
  if (max === null || max === undefined) return min === null || min === undefined ? "" : `${min}+`;
  if (min === null || min === undefined) return `up to ${max}`;
  return min === max ? String(min) : `${min}-${max}`;
}

function figure(value) {
  if (value === null || value === undefined) return "";
  if (typeof value !== "object") return String(value);
  if ("amount" in value) return value.text || `${value.amount} ${value.currency}`;
  if ("min" in value) return quantityText(value.min, value.max);
  if ("start" in value) return dateText(value);
  return value.text || "";
}

function weaponsText(weapons) {
  return (weapons || []).map((w) => (w.system ? `${w.system} (${w.category})` : w.category)).join(", ");
}

function speakerText(item) {
  const who = item.speaker_text || (item.speaker ? actorLabel(item.speaker) : "unattributed");
  return item.speaker_kind ? `${who} [${item.speaker_kind}]` : who;
}

// --- tabs -----------------------------------------------------------------------------------------

const LOADERS = {
  timeline: loadTimeline, claims: loadClaims, register: loadRegister, document: loadDocumentList, network: loadNetwork,
  review: loadReview,
};

function showView(name) {
  for (const view of document.querySelectorAll(".view")) view.hidden = view.id !== name;
  for (const tab of document.querySelectorAll("#tabs button")) {
    tab.setAttribute("aria-selected", String(tab.dataset.view === name));
  }
  showError(null);
  if (LOADERS[name] && !loaded.has(name)) {
    loaded.add(name);
    LOADERS[name]().catch(showError);
  }
}

// --- timeline -------------------------------------------------------------------------------------

function eventRow(event) {
  const open = el("button", { type: "button", class: "link", onclick: () => openDocument(event.document) }, "open");
  const sentence = (event.evidence || []).map((x) => x.sentence).join(" ");
  const verdict = event.review ? event.review.verdict : "";
  return el("tr", { class: `event ${verdict}`, dataset: { id: event.id, type: event.type, factuality: event.factuality } },
    el("td", {}, dateText(event.date)),
    el("td", { class: "type" }, event.type),
    el("td", {}, `${actorLabel(event.source)} → ${actorLabel(event.target)}`),
    el("td", {}, weaponsText(event.weapons)),
    el("td", { class: "factuality" }, event.factuality),
    el("td", { class: "sentence" }, sentence, " ", open),
    el("td", { class: "review" }, reviewBadge(event.review), eventControls(event)));
}

async function loadTimeline() {
  const form = document.getElementById("filters");
  const params = Object.fromEntries(new FormData(form).entries());
  const page = await api("/api/events", { ...params, limit: MAX_LIMIT });
  const shown = page.items.length < page.total ? ` (first ${page.items.length} shown)` : "";
  document.getElementById("timeline-count").textContent = `${page.total} events${shown}`;
  const when = (event) => dateText(event.date) || "~";  // undated events last ("~" sorts after digits)
  const rows = page.items.slice().sort((a, b) => (when(a) < when(b) ? -1 : when(a) > when(b) ? 1 : 0));
  document.getElementById("timeline-rows").replaceChildren(...rows.map(eventRow));
}

function fillOptions(select, values) {
  select.append(...values.map((value) => el("option", { value }, value)));
}

// --- claims ---------------------------------------------------------------------------------------

// Listings cut the lists inside a claim or a register row; a button fetches the rest, page by page.
async function wholePart(kind, id, part) {
  const items = [];
  let url = `/api/${kind}/part?${new URLSearchParams({ id, part, limit: MAX_LIMIT })}`;
  while (url) {
    const page = await api(url);
    items.push(...page.items);
    url = page.next ? new URL(page.next).pathname + new URL(page.next).search : null;
  }
  return items;
}

function moreButton(record, part, kind, show) {
  const total = record[`${part}_total`] ?? record[part].length;
  if (total <= record[part].length) return null;
  return el("button", { type: "button", class: "link more", onclick: (e) => {
    e.target.disabled = true;
    wholePart(kind, record.id, part).then(show).catch(showError);
  } }, `show all ${total}`);
}

function voiceItem(item) {
  return el("li", {},
    el("q", {}, item.sentence),
    el("span", { class: "speaker" }, speakerText(item)),
    el("span", { class: "factuality" }, item.factuality || ""));
}

function sideList(kind, claim) {
  const list = el("ul", {}, (claim[kind] || []).map(voiceItem));
  const more = moreButton(claim, kind, "claims", (items) => { list.replaceChildren(...items.map(voiceItem)); more.remove(); });
  return el("div", { class: `side ${kind}` },
    el("h3", {}, kind === "supporting" ? "Supporting" : "Disputing"), list, more);
}

function claimCard(claim) {
  const documents = claim.documents_total ?? claim.documents.length;
  const events = claim.events_total ?? claim.events.length;
  const summary = el("summary", {},
    el("strong", {}, claim.type), ` ${actorLabel(claim.source)} → ${actorLabel(claim.target)}`,
    el("span", { class: "meta" }, ` · ${documents} document(s), ${events} event(s)`));
  const sides = el("div", { class: "sides" }, sideList("supporting", claim));
  if (claim.status === "disputed") {
    sides.classList.add("both");
    sides.append(sideList("disputing", claim));
  }
  return el("details", { class: `claim ${claim.status}`, dataset: { id: claim.id } }, summary, sides);
}

async function loadClaims() {
  const page = await api("/api/claims", { limit: MAX_LIMIT });
  for (const column of document.querySelectorAll("#claims .column")) {
    const claims = page.items.filter((claim) => claim.status === column.dataset.status);
    column.querySelector("h2").dataset.count = claims.length;
    column.querySelector(".cards").replaceChildren(...claims.map(claimCard));
  }
}

// --- register -------------------------------------------------------------------------------------

// Each step cites its source: the document (a link to the document view), the speaker and the sentence.
function historyList(transfer, titles) {
  const stepItem = (step) => el("li", {},
    el("strong", {}, step.status), ` ${dateText(step.date)} `,
    el("q", {}, step.sentence || ""),
    el("span", { class: "speaker" }, speakerText(step)),
    step.document ? el("button", { type: "button", class: "link source", dataset: { document: step.document },
      onclick: () => openDocument(step.document).catch(showError) }, titles.get(step.document) || step.document)
      : null);
  const steps = el("ol", {}, transfer.history.map(stepItem));
  const more = moreButton(transfer, "history", "transfers", (items) => { steps.replaceChildren(...items.map(stepItem)); more.remove(); });
  const total = transfer.history_total ?? transfer.history.length;
  return el("details", { class: "history" }, el("summary", {}, `${total} step(s)`), steps, more);
}

async function loadRegister() {
  const [page, documents] = await Promise.all([
    api("/api/transfers", { limit: MAX_LIMIT }), api("/api/documents", { limit: MAX_LIMIT })]);
  const titles = new Map(documents.items.map((d) => [d.id, d.title || d.id]));
  document.getElementById("register-count").textContent = `${page.total} transfers`;
  document.getElementById("register-rows").replaceChildren(...page.items.map((t) => el("tr", { class: "transfer" },
    el("td", {}, actorLabel(t.supplier)),
    el("td", {}, actorLabel(t.recipient)),
    el("td", {}, t.system ? `${t.system} (${t.category})` : t.category || ""),
    el("td", {}, figure(t.number)),
    el("td", {}, figure(t.value)),
    el("td", {}, figure(t.ordered)),
    el("td", {}, figure(t.delivered)),
    el("td", { class: "status" }, t.status),
    el("td", {}, historyList(t, titles)),
    el("td", { class: "review" }, reviewBadge(t.review), transferControls(t)))));
}

// --- document -------------------------------------------------------------------------------------

async function loadDocumentList() {
  const page = await api("/api/documents", { limit: MAX_LIMIT });
  const picker = document.getElementById("document-picker");
  const current = picker.value;
  picker.replaceChildren(el("option", { value: "" }, "choose a document"),
    ...page.items.map((d) => el("option", { value: d.id }, d.title || d.id)));
  picker.value = current;
}

// Spans by kind from the document's mentions, weapons, hedges, attribution cues and event evidence.
function spansOf(doc) {
  const spans = doc.mentions.map((m) => ({ kind: "mention", start: m.start, end: m.end, title: actorLabel(m.actor) }));
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
      if (evidence.has(key)) evidence.get(key).title += `; ${label}`;
      else evidence.set(key, { kind: "evidence", start: x.start, end: x.end, title: label });
    }
  }
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
    for (const span of covering) node = el("mark", { class: span.kind, title: span.title }, node);
    nodes.push(node);
  }
  return nodes;
}

async function openDocument(id) {
  loaded.add("document");
  showView("document");
  await loadDocumentList().catch(showError);
  const picker = document.getElementById("document-picker");
  picker.value = id;
  const doc = await api(`/api/documents/${encodeURIComponent(id)}`);
  document.getElementById("document-title").textContent = doc.title || doc.id;
  document.getElementById("document-meta").textContent =
    [doc.outlet, doc.published, doc.url, `${doc.events.length} events`].filter(Boolean).join(" · ");
  document.getElementById("document-text").replaceChildren(...highlighted(doc.text, spansOf(doc)));
  document.getElementById("document-events").replaceChildren(...doc.events.map(eventRow));
}

// --- network --------------------------------------------------------------------------------------

const SVG = "http://www.w3.org/2000/svg";

function svg(tag, attributes, ...children) {
  const node = document.createElementNS(SVG, tag);
  for (const [key, value] of Object.entries(attributes)) node.setAttribute(key, value);
  for (const child of children) node.append(child instanceof Node ? child : document.createTextNode(String(child)));
  return node;
}

// Every event with a source and a target is an edge; actors sit on a circle, edges weighted by events.
async function loadNetwork() {
  const events = [];
  let url = `/api/events?limit=${MAX_LIMIT}`;
  while (url) {
    const page = await api(url);
    events.push(...page.items);
    url = page.next ? new URL(page.next).pathname + new URL(page.next).search : null;
  }
  const edges = new Map();
  for (const e of events) {
    if (!e.source || !e.target || e.source === e.target) continue;
    const key = [e.source, e.target].sort().join("|");
    edges.set(key, (edges.get(key) || 0) + 1);
  }
  const actors = [...new Set([...edges.keys()].flatMap((key) => key.split("|")))].sort();
  const where = new Map(actors.map((id, i) => {
    const angle = (2 * Math.PI * i) / actors.length;
    return [id, [400 + 320 * Math.cos(angle), 400 + 320 * Math.sin(angle)]];
  }));
  const lines = [...edges].map(([key, weight]) => {
    const [[x1, y1], [x2, y2]] = key.split("|").map((id) => where.get(id));
    return svg("line", { class: "edge", x1, y1, x2, y2, "stroke-width": Math.min(1 + weight, 8), "data-pair": key },
      svg("title", {}, `${key.split("|").map(actorLabel).join(" – ")}: ${weight} event(s)`));
  });
  const nodes = actors.map((id) => {
    const [x, y] = where.get(id);
    const node = svg("g", { class: "node", "data-actor": id, transform: `translate(${x} ${y})` },
      svg("circle", { r: 7 }), svg("text", { x: 10, y: 4 }, actorLabel(id)));
    node.addEventListener("click", () => showActor(id));
    return node;
  });
  document.getElementById("network-count").textContent =
    `${actors.length} actors, ${edges.size} links; click an actor for its events`;
  document.getElementById("network-graph").replaceChildren(...lines, ...nodes);
}

function showActor(id) {
  const filters = document.getElementById("filters");
  for (const select of filters.querySelectorAll("select")) select.value = "";
  filters.elements.actor.value = id;
  showView("timeline");
  loadTimeline().catch(showError);
}

// --- ingest ---------------------------------------------------------------------------------------

async function ingest(form) {
  const data = Object.fromEntries(new FormData(form).entries());
  const article = { text: data.text, title: data.title || null, published: data.published || null };
  await postIngest({ headers: { "Content-Type": "application/json" }, body: JSON.stringify(article) });
}

// An uploaded file goes as the multipart field `file`; the browser sets the boundary header itself.
async function upload(form) {
  const file = form.elements.file.files[0];
  if (!file) throw new Error("choose a file to upload");
  const body = new FormData();
  body.append("file", file, file.name);
  await postIngest({ body });
}

// POST to /api/ingest and show the outcome and the events found, for pasted text and uploads alike.
async function postIngest(request) {
  const result = document.getElementById("ingest-result");
  result.textContent = "Analysing…";
  const headers = { ...(request.headers || {}), Authorization: `Bearer ${INGEST_TOKEN}` };
  const response = await fetch("/api/ingest", { method: "POST", ...request, headers });
  showIngested(await checked(response));
}

function showIngested(body) {
  const result = document.getElementById("ingest-result");
  const outcome = body.outcomes[0] || {};
  const counts = Object.entries(body.counts).map(([status, n]) => `${n} ${status}`).join(", ");
  result.replaceChildren(`${counts}${outcome.reason ? ` (${outcome.reason})` : ""}: ${body.events.length} events found. `);
  if (outcome.document) {
    result.append(el("button", { type: "button", class: "link", onclick: () => openDocument(outcome.document) },
      "open the document"));
  }
  document.getElementById("ingest-rows").replaceChildren(...body.events.map(eventRow));
  loaded.clear();  // other views reload with the new article
}

// --- review ---------------------------------------------------------------------------------------

function reviewBadge(review) {
  if (!review) return null;
  const title = [`${review.verdict} by ${review.by}`, (review.at || "").slice(0, 10), review.note].filter(Boolean).join(" · ");
  return el("span", { class: `badge ${review.verdict}`, title }, `reviewed: ${review.verdict}`);
}

function controlButton(label, action) {
  const button = el("button", { type: "button", class: `review-${label}` }, label);
  button.addEventListener("click", () => { showError(null); action(button).catch(showError); });
  button.disabled = !INGEST_TOKEN;  // a read-only server takes no reviews
  if (!INGEST_TOKEN) button.title = "read-only: start the server with --allow-ingest to review";
  return button;
}

function eventControls(event) {
  const rejected = event.review && event.review.verdict === "rejected";
  return [
    controlButton(rejected ? "restore" : "confirm", () => postReview({ event: event.id, verdict: "confirmed" })),
    rejected ? null : controlButton("reject", () => postReview({ event: event.id, verdict: "rejected" })),
    rejected ? null : controlButton("correct", (button) => toggleCorrection(button, event)),
  ];
}

function transferControls(row) {
  const status = el("select", { name: "status", "aria-label": "status" },
    ...TRANSFER_STATUSES.map((value) => el("option", { value }, value)));
  status.value = row.status;
  status.disabled = !INGEST_TOKEN;
  return [
    controlButton("confirm", () => postReview({ transfer: row.id, verdict: "confirmed" })),
    controlButton("reject", () => postReview({ transfer: row.id, verdict: "rejected" })),
    status,
    controlButton("set", () => postReview({ transfer: row.id, verdict: "corrected", fields: { status: status.value } })),
  ];
}

// A small form under the controls: the fields an analyst may correct, filled with the event's values;
// only the ones changed are sent (an emptied field clears the value).
function toggleCorrection(button, event) {
  const cell = button.closest("td");
  const open = cell.querySelector("form.correct");
  if (open) { open.remove(); return Promise.resolve(); }
  const select = (name, values, current) => {
    const node = el("select", { name }, ...values.map((value) => el("option", { value }, value)));
    node.value = current;
    return node;
  };
  const weapon = (event.weapons || [])[0];
  const quantity = event.quantity;
  const initial = {
    type: event.type, factuality: event.factuality, source: event.source || "", target: event.target || "",
    date: (event.date && event.date.start) || "", weapon: weapon ? weapon.system || weapon.category : "",
    number: quantity ? (quantity.min === quantity.max ? `${quantity.min ?? ""}` : `${quantity.min}-${quantity.max}`) : "",
    value: event.value ? `${event.value.amount} ${event.value.currency}` : "",
  };
  const form = el("form", { class: "correct" },
    el("label", {}, "type", select("type", EVENT_TYPES, initial.type)),
    el("label", {}, "factuality", select("factuality", FACTUALITY, initial.factuality)),
    ...["source", "target", "date", "weapon", "number", "value"].map((name) => el("label", {}, name,
      el("input", { name, value: initial[name], ...(name === "source" || name === "target" ? { list: "actor-list" } : {}) }))),
    el("label", { class: "wide" }, "note", el("input", { name: "note", maxlength: "2000" })),
    el("button", { type: "submit" }, "save"));
  form.addEventListener("submit", (e) => {
    e.preventDefault();
    showError(null);
    const data = Object.fromEntries(new FormData(form).entries());
    const fields = {};
    for (const [name, before] of Object.entries(initial)) {
      if (data[name].trim() !== before) fields[name] = data[name].trim() || "none";
    }
    if (!Object.keys(fields).length) { showError("change a value to correct it"); return; }
    postReview({ event: event.id, verdict: "corrected", fields, note: data.note || null }).catch(showError);
  });
  cell.append(form);
  return Promise.resolve();
}

async function postReview(body) {
  const by = document.getElementById("reviewer").value.trim() || "analyst";
  const response = await fetch("/api/review", {
    method: "POST", body: JSON.stringify({ ...body, by }),
    headers: { "Content-Type": "application/json", Authorization: `Bearer ${INGEST_TOKEN}` },
  });
  await checked(response);
  await refreshAfterReview();
}

// Every view shows the reviewed record: the one on screen reloads now, the others when opened.
async function refreshAfterReview() {
  const shown = [...document.querySelectorAll(".view")].find((view) => !view.hidden);
  loaded.clear();
  if (!shown) return;
  loaded.add(shown.id);
  if (shown.id === "document") {
    const id = document.getElementById("document-picker").value;
    if (id) await openDocument(id);
  } else if (LOADERS[shown.id]) {
    await LOADERS[shown.id]();
  }
}

function queueItem(item) {
  const body = el("tbody");
  if (item.kind === "event") body.append(eventRow(item.event));
  if (item.kind === "claim") body.append(...item.events.map(eventRow));
  if (item.kind === "transfer") {
    const t = item.transfer;
    const sentence = (t.history || []).map((step) => step.sentence).filter(Boolean).join(" ");
    body.append(el("tr", { class: "transfer" },
      el("td", {}, `${actorLabel(t.supplier)} → ${actorLabel(t.recipient)}`),
      el("td", {}, t.system ? `${t.system} (${t.category})` : t.category || ""),
      el("td", { class: "status" }, t.status),
      el("td", { class: "sentence" }, sentence),
      el("td", { class: "review" }, transferControls(t))));
  }
  const what = item.kind === "claim" ? ` ${item.claim.type} ${actorLabel(item.claim.source)} → ${actorLabel(item.claim.target)}` : "";
  return el("div", { class: `queue-item ${item.kind}`, dataset: { id: item.id, kind: item.kind } },
    el("h3", {}, item.reason, what), el("table", { class: "records" }, body));
}

function historyRow(item) {
  const what = item.event ? el("table", { class: "records" }, el("tbody", {}, eventRow(item.event))) : item.target;
  return el("tr", { class: `reviewed ${item.verdict}`, dataset: { id: String(item.id) } },
    el("td", {}, (item.at || "").replace("T", " ").slice(0, 16)),
    el("td", {}, item.by),
    el("td", {}, el("span", { class: `badge ${item.verdict}` }, item.verdict)),
    el("td", {}, what),
    el("td", {}, item.note || ""));
}

async function loadReview() {
  const [queue, reviews] = await Promise.all([
    api("/api/review/queue", { limit: MAX_LIMIT }), api("/api/reviews", { limit: 100 })]);
  const shown = queue.items.length < queue.total ? ` (first ${queue.items.length} shown)` : "";
  document.getElementById("review-count").textContent =
    `${queue.total} to review${shown}: disputed claims, register rows resting on one source, incomplete events`;
  document.getElementById("review-queue").replaceChildren(...queue.items.map(queueItem));
  document.getElementById("review-history").replaceChildren(...reviews.items.map(historyRow));
}

// --- start ----------------------------------------------------------------------------------------

async function loadActors() {
  let url = `/api/actors?limit=${MAX_LIMIT}`;
  const list = document.getElementById("actor-list");
  while (url) {
    const page = await api(url);
    for (const actor of page.items) {
      actorNames.set(actor.id, actor.name);
      list.append(el("option", { value: actor.name }));
    }
    url = page.next ? new URL(page.next).pathname + new URL(page.next).search : null;
  }
}

function start() {
  const filters = document.getElementById("filters");
  fillOptions(filters.elements.type, EVENT_TYPES);
  fillOptions(filters.elements.factuality, FACTUALITY);
  fillOptions(filters.elements.weapon, WEAPON_CATEGORIES);
  filters.addEventListener("submit", (e) => { e.preventDefault(); loadTimeline().catch(showError); });
  filters.addEventListener("reset", () => setTimeout(() => loadTimeline().catch(showError)));
  for (const select of filters.querySelectorAll("select")) {
    select.addEventListener("change", () => loadTimeline().catch(showError));
  }
  document.getElementById("tabs").addEventListener("click", (e) => {
    if (e.target.dataset && e.target.dataset.view) showView(e.target.dataset.view);
  });
  document.getElementById("document-picker").addEventListener("change", (e) => {
    if (e.target.value) openDocument(e.target.value).catch(showError);
  });
  for (const [id, send] of [["ingest-form", ingest], ["upload-form", upload]]) {
    const form = document.getElementById(id);
    if (!INGEST_TOKEN) form.querySelector("fieldset").disabled = true;
    form.addEventListener("submit", (e) => {
      e.preventDefault();
      showError(null);
      send(e.target).catch((error) => {
        document.getElementById("ingest-result").textContent = "";
        showError(error);
      });
    });
  }
  if (!INGEST_TOKEN) {
    document.getElementById("ingest-result").textContent =
      "This server is read-only: start it with `dossier serve --allow-ingest` to add articles here.";
  }
  loadActors().catch(showError).finally(() => showView("timeline"));
}

document.addEventListener("DOMContentLoaded", start);
