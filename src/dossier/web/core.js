// The analyst's page over dossier's JSON API: what every view shares. Article text and every record
// field are untrusted data: the DOM is built with createElement and text nodes only, never by parsing
// markup. Plain scripts loaded in order (core, events, records, review, app), no build step.
"use strict";

const MAX_LIMIT = 500;
// The server puts its ingest token in the page it serves when it accepts writes (--allow-ingest):
// ingest and review both need it.
const INGEST_TOKEN = document.querySelector('meta[name="dossier-token"]')?.content || null;
const actorNames = new Map();
// The closed lists of values (event types, factualities, statuses...), read from /api/vocabulary.
const VOCABULARY = {};

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

const SVG = "http://www.w3.org/2000/svg";

function svg(tag, attributes, ...children) {
  const node = document.createElementNS(SVG, tag);
  for (const [key, value] of Object.entries(attributes)) node.setAttribute(key, value);
  for (const child of children) node.append(child instanceof Node ? child : document.createTextNode(String(child)));
  return node;
}

// Parameters without the empty ones, as a query string.
function query(params) {
  const kept = new URLSearchParams();
  for (const [key, value] of Object.entries(params || {})) {
    if (Array.isArray(value)) value.forEach((item) => kept.append(key, item));  // a repeated parameter
    else if (value !== "" && value !== null && value !== undefined) kept.set(key, value);
  }
  return kept.toString();
}

function withQuery(path, params) {
  const text = query(params);
  return text ? `${path}?${text}` : path;
}

// The route being shown (app.js counts them). A read started for an older route never settles, so a
// slow answer cannot draw over the view the user has gone to since (the whole register landing after
// its 'delivered' filter was clicked).
let routeTicket = 0;

async function api(path, params) {
  const ticket = routeTicket;
  const response = await fetch(withQuery(path, params), { headers: { Accept: "application/json" } });
  const body = await checked(response);
  return ticket === routeTicket ? body : new Promise(() => {});
}

async function checked(response) {
  const body = await response.json().catch(() => ({}));
  if (!response.ok) {
    const detail = typeof body.detail === "string" ? body.detail : JSON.stringify(body.detail || body);
    throw new Error(`${response.status}: ${detail}`);
  }
  return body;
}

// A page's `next` URL as a path on this server.
function local(url) {
  const parsed = new URL(url);
  return parsed.pathname + parsed.search;
}

// Every page of a list, for the views that need all of it (network, register chart, pickers).
async function everyPage(path, params) {
  const items = [];
  let url = withQuery(path, { ...params, limit: MAX_LIMIT });
  while (url) {
    const page = await api(url);
    items.push(...page.items);
    url = page.next ? local(page.next) : null;
  }
  return items;
}

// A list's total as the API counted it: past its count's reach, a lower bound ('10050+').
function totalText(page) {
  return page.total_exact === false ? `${page.total}+` : String(page.total);
}

// A list's first page drawn by `draw(items, total)` (the latest page's `totalText`), then a 'more'
// button in `box` that fetches the next page (the API's `next`) while there is one, and draws all
// that is loaded.
function paged(first, box, draw) {
  const items = [...first.items];
  let next = first.next;
  let latest = first;
  const render = () => {
    draw(items, totalText(latest));
    if (!next) { box.replaceChildren(); return; }
    const more = el("button", { type: "button", class: "more" }, `more (${items.length} of ${totalText(latest)} shown)`);
    more.addEventListener("click", () => {
      more.disabled = true;
      api(local(next)).then((page) => { items.push(...page.items); next = page.next; latest = page; render(); }).catch(showError);
    });
    box.replaceChildren(more);
  };
  render();
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

function fillOptions(select, values) {
  select.append(...values.map((value) => el("option", { value }, value)));
}

// --- downloads ------------------------------------------------------------------------------------

// Rows as CSV text (RFC 4180 quoting), the first row the header.
function csvText(rows) {
  const cell = (value) => {
    const text = value === null || value === undefined ? "" : String(value);
    return /[",\r\n]/.test(text) ? `"${text.replaceAll('"', '""')}"` : text;
  };
  return rows.map((row) => row.map(cell).join(",")).join("\r\n") + "\r\n";
}

// A link that downloads `rows` as a CSV file made here, for views the API has no CSV of.
function csvLink(rows, filename, label) {
  const href = URL.createObjectURL(new Blob([csvText(rows)], { type: "text/csv" }));
  return el("a", { href, download: filename, class: label ? "csv-more" : "csv" }, label || "CSV");
}

// The view's download links in its `.downloads` paragraph: exactly what the view shows.
function showDownloads(view, ...links) {
  const box = document.querySelector(`#${view} .downloads`);
  for (const old of box.querySelectorAll("a[href^='blob:']")) URL.revokeObjectURL(old.href);
  box.replaceChildren("Download: ", ...links.flatMap((link, i) => (i ? [" · ", link] : [link])));
}

function apiLink(label, path, params, className) {
  return el("a", { href: withQuery(path, params), class: className || label.toLowerCase(), download: "" }, label);
}

// --- actors and vocabularies ----------------------------------------------------------------------

// Every actor's name, read again after an ingest so new actors show by name at once.
async function loadActors() {
  const actors = await everyPage("/api/actors");
  actorNames.clear();
  for (const actor of actors) actorNames.set(actor.id, actor.name);
  document.getElementById("actor-list").replaceChildren(...actors.map((actor) => el("option", { value: actor.name })));
}

async function loadVocabulary() {
  Object.assign(VOCABULARY, await api("/api/vocabulary"));
}
