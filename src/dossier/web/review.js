// Writes: ingest (pasted text or an uploaded file) and review (confirm, reject, correct), both
// behind the token the server put in the page.
"use strict";

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

// POST to /api/ingest and show the outcome and the events found, for pasted text and uploads alike;
// the actors are read again first, so the new ones show by name.
async function postIngest(request) {
  const result = document.getElementById("ingest-result");
  result.textContent = "Analysing…";
  const headers = { ...(request.headers || {}), Authorization: `Bearer ${INGEST_TOKEN}` };
  const response = await fetch("/api/ingest", { method: "POST", ...request, headers });
  const body = await checked(response);
  await loadActors();
  showIngested(body);
}

function showIngested(body) {
  const result = document.getElementById("ingest-result");
  const outcome = body.outcomes[0] || {};
  const counts = Object.entries(body.counts).map(([status, n]) => `${n} ${status}`).join(", ");
  result.replaceChildren(`${counts}${outcome.reason ? ` (${outcome.reason})` : ""}: ${body.events.length} events found. `);
  if (outcome.document) {
    result.append(el("button", { type: "button", class: "link", onclick: () => navigate("document", { id: outcome.document }) },
      "open the document"));
  }
  document.getElementById("ingest-rows").replaceChildren(...body.events.map(eventRow));
}

// --- review controls ------------------------------------------------------------------------------

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
    ...VOCABULARY.transfer_statuses.map((value) => el("option", { value }, value)));
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
    el("label", {}, "type", select("type", VOCABULARY.event_types, initial.type)),
    el("label", {}, "factuality", select("factuality", VOCABULARY.factualities, initial.factuality)),
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

// Record a verdict, then show the view on screen again: every view reads the reviewed record.
async function postReview(body) {
  const by = document.getElementById("reviewer").value.trim() || "analyst";
  const response = await fetch("/api/review", {
    method: "POST", body: JSON.stringify({ ...body, by }),
    headers: { "Content-Type": "application/json", Authorization: `Bearer ${INGEST_TOKEN}` },
  });
  await checked(response);
  await route();
}

// --- review view ----------------------------------------------------------------------------------

// A queue item lists what the API cut (a claim's first events, a row's first steps), each with its
// total; what was cut is read from the part endpoints, as the claims and register views read theirs.
function queueItem(item) {
  const body = el("tbody");
  if (item.kind === "event") body.append(eventRow(item.event));
  if (item.kind === "claim") body.append(...item.events.map(eventRow));
  if (item.kind === "transfer") {
    const t = item.transfer;
    const sentences = (steps) => steps.map((step) => step.sentence).filter(Boolean).join(" ");
    const sentence = el("td", { class: "sentence" }, sentences(t.history || []));
    const more = moreButton(t, "history", "transfers", (steps) => sentence.replaceChildren(sentences(steps)));
    if (more) sentence.append(" ", more);
    body.append(el("tr", { class: "transfer" },
      el("td", {}, `${actorLabel(t.supplier)} → ${actorLabel(t.recipient)}`),
      el("td", {}, t.system ? `${t.system} (${t.category})` : t.category || ""),
      el("td", { class: "status" }, t.status),
      sentence,
      el("td", { class: "review" }, transferControls(t))));
  }
  const what = item.kind === "claim" ? ` ${item.claim.type} ${actorLabel(item.claim.source)} → ${actorLabel(item.claim.target)}` : "";
  return el("div", { class: `queue-item ${item.kind}`, dataset: { id: item.id, kind: item.kind } },
    el("h3", {}, item.reason, what), el("table", { class: "records" }, body), item.kind === "claim" ? claimVoices(item) : null);
}

// A claim told more often than its item lists: every voice, supporting and disputing side by side as
// the claims view shows them, each side's "show all" paging through it; a voice opens its document,
// where its event has the review buttons.
function claimVoices(item) {
  const total = item.events_total ?? item.events.length;
  if (total <= item.events.length) return null;
  return el("details", { class: "voices" },
    el("summary", {}, `${item.events.length} of ${total} events shown: every voice`),
    el("div", { class: "sides both" }, sideList("supporting", item.claim), sideList("disputing", item.claim)));
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

async function showReview() {
  const [queue, reviews] = await Promise.all([
    api("/api/review/queue", { limit: MAX_LIMIT }), api("/api/reviews", { limit: MAX_LIMIT })]);
  paged(queue, document.getElementById("review-queue-more"), (items, total) => {
    const shown = items.length < queue.total ? ` (${items.length} shown)` : "";
    document.getElementById("review-count").textContent =
      `${total} to review${shown}: disputed claims, register rows resting on one source, incomplete events`;
    document.getElementById("review-queue").replaceChildren(...items.map(queueItem));
  });
  paged(reviews, document.getElementById("review-history-more"),
    (items) => document.getElementById("review-history").replaceChildren(...items.map(historyRow)));
  showDownloads("review", apiLink("JSON (queue)", "/api/review/queue", { limit: MAX_LIMIT }, "json"),
    apiLink("JSON (reviews)", "/api/reviews", { limit: MAX_LIMIT }, "json-reviews"));
}
