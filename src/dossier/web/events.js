// The event views (timeline, chart, network): one filter form and the facets beside them, all
// read from and written to the URL, so a view can be bookmarked, shared and gone back to.
"use strict";

const EVENT_PARAMS = ["actor", "type", "factuality", "weapon", "date_from", "date_to", "country", "outlet", "year"];
const FACET_TITLES = { type: "Type", factuality: "Factuality", country: "Country", weapon: "Weapon", outlet: "Outlet", year: "Year" };
// One colour per event type (in the vocabulary's order) and per transfer status.
const PALETTE = ["#1f5fa8", "#2e7d32", "#c62828", "#f9a825", "#6a1b9a", "#00838f", "#ef6c00", "#5d4037",
  "#ad1457", "#558b2f", "#283593", "#00695c", "#8d6e63", "#9e9d24", "#4e342e", "#37474f"];

function eventFilters(params) {
  return Object.fromEntries(EVENT_PARAMS.map((name) => [name, params.get(name)]).filter(([, value]) => value));
}

// A form's fields set from `values`; a value a select does not offer (a weapon system from a
// bookmark, say) is added to it rather than lost.
function setFields(form, names, values) {
  for (const name of names) {
    const field = form.elements[name];
    const value = values[name] || "";
    if (field.tagName === "SELECT" && value && ![...field.options].some((o) => o.value === value)) {
      field.append(el("option", { value }, value));
    }
    field.value = value;
  }
}

function formValues(form) {
  return Object.fromEntries([...new FormData(form).entries()].filter(([, value]) => value));
}

// --- facets ---------------------------------------------------------------------------------------

// Each facet's values with their counts under the other filters (GET /api/events/facets); a click
// filters by the value, or, on the chosen one, takes its filter off.
async function showFacets(view, filters) {
  const facets = await api("/api/events/facets", filters);
  const box = document.getElementById("facets");
  box.replaceChildren(...Object.entries(facets).map(([name, values]) => {
    const chosen = (filters[name] || "").toLowerCase();
    const shown = chosen && !values.some((v) => String(v.value).toLowerCase() === chosen)
      ? [{ value: filters[name], count: 0 }, ...values] : values;
    const items = shown.map(({ value, count }) => {
      const selected = String(value).toLowerCase() === chosen;
      const next = { ...filters, [name]: selected ? "" : value };
      return el("li", {}, el("button", {
        type: "button", class: selected ? "facet-value chosen" : "facet-value", dataset: { facet: name, value },
        title: selected ? "take this filter off" : `only these ${count} events`, onclick: () => navigate(view, next),
      }, name === "country" ? actorLabel(value) : value, " ", el("span", { class: "n" }, count), selected ? " ×" : null));
    });
    return el("section", { class: "facet", dataset: { facet: name } },
      el("h3", {}, FACET_TITLES[name] || name), el("ul", {}, items.length ? items : el("li", { class: "meta" }, "none")));
  }));
}

// --- timeline -------------------------------------------------------------------------------------

function eventRow(event) {
  const open = el("button", { type: "button", class: "link open", title: "show its evidence in its document",
    onclick: () => navigate("document", { id: event.document, event: event.id }) }, "open");
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

// Events by date, undated last ("~" sorts after digits).
function byDate(events) {
  const when = (event) => dateText(event.date) || "~";
  return events.slice().sort((a, b) => (when(a) < when(b) ? -1 : when(a) > when(b) ? 1 : 0));
}

async function showTimeline(params) {
  const filters = eventFilters(params);
  const [page] = await Promise.all([api("/api/events", { ...filters, limit: MAX_LIMIT }), showFacets("timeline", filters)]);
  showDownloads("timeline", apiLink("CSV", "/api/export/csv", filters), apiLink("JSON", "/api/export/json", filters));
  paged(page, document.getElementById("timeline-more"), (events, total) => {
    const shown = events.length < page.total ? ` (${events.length} shown)` : "";
    document.getElementById("timeline-count").textContent = `${total} events${shown}`;
    document.getElementById("timeline-rows").replaceChildren(...byDate(events).map(eventRow));
  });
}

// --- chart ----------------------------------------------------------------------------------------

function colour(values, value) {
  const index = values.indexOf(value);
  return PALETTE[(index < 0 ? values.length : index) % PALETTE.length];
}

// A legend row under a chart: one swatch and name per series.
function legend(series, values, y) {
  return series.map((name, i) => svg("g", { class: "series", "data-series": name, transform: `translate(${60 + (i % 8) * 115} ${y + 18 * Math.floor(i / 8)})` },
    svg("rect", { width: 10, height: 10, fill: colour(values, name) }), svg("text", { x: 14, y: 9 }, name)));
}

// Stacked bars: one per month with dated events, one colour per event type.
function drawMonths(items) {
  const months = [...new Set(items.map((item) => item.month))];
  const types = VOCABULARY.event_types.filter((type) => items.some((item) => item.type === type));
  const totals = months.map((month) => items.filter((i) => i.month === month).reduce((n, i) => n + i.count, 0));
  const highest = Math.max(1, ...totals);
  const [width, height, left, top] = [1000, 260, 60, 10];
  const step = (width - left - 30) / Math.max(months.length, 1);  // room for the last label
  const scale = (height - top) / highest;
  const every = Math.ceil(months.length / 40);  // at most 40 month labels
  const bars = months.map((month, i) => {
    let y = height;
    const x = left + i * step;
    const parts = types.flatMap((type) => {
      const item = items.find((it) => it.month === month && it.type === type);
      if (!item) return [];
      y -= item.count * scale;
      return [svg("rect", { class: "bar", x, y, width: Math.max(1, step * 0.8), height: item.count * scale,
        fill: colour(VOCABULARY.event_types, type), "data-type": type, "data-count": item.count },
      svg("title", {}, `${month} ${type}: ${item.count}`))];
    });
    const label = i % every ? null : svg("text", { class: "tick", x: x + step * 0.4, y: height + 8,
      transform: `rotate(60 ${x + step * 0.4} ${height + 8})` }, month);
    return svg("g", { class: "month", "data-month": month, "data-total": totals[i] }, ...parts, ...(label ? [label] : []));
  });
  const axis = [svg("line", { class: "axis", x1: left - 4, y1: height, x2: width, y2: height }),
    svg("text", { class: "tick", x: left - 8, y: top + 4, "text-anchor": "end" }, highest),
    svg("text", { class: "tick", x: left - 8, y: height, "text-anchor": "end" }, 0)];
  const chart = document.getElementById("month-chart");
  chart.setAttribute("viewBox", `0 0 ${width} ${height + 70 + 18 * Math.ceil(types.length / 8)}`);
  chart.replaceChildren(...axis, ...bars, ...legend(types, VOCABULARY.event_types, height + 62));
}

// Horizontal stacked bars: register rows per supplier and recipient, one colour per status.
function drawTransfers(transfers) {
  const statuses = VOCABULARY.transfer_statuses;
  const pairs = new Map();
  for (const t of transfers) {
    const key = `${t.supplier}|${t.recipient}`;
    if (!pairs.has(key)) pairs.set(key, []);
    pairs.get(key).push(t);
  }
  const rows = [...pairs].sort((a, b) => b[1].length - a[1].length || (a[0] < b[0] ? -1 : 1));
  const highest = Math.max(1, ...rows.map(([, list]) => list.length));
  const [width, left, band] = [1000, 240, 22];
  const bars = rows.map(([key, list], i) => {
    const [supplier, recipient] = key.split("|");
    let x = left;
    const parts = statuses.flatMap((status) => {
      const n = list.filter((t) => t.status === status).length;
      if (!n) return [];
      const w = (n * (width - left - 20)) / highest;
      const rect = svg("rect", { class: "bar", x, y: i * band, width: w, height: band - 6, fill: colour(statuses, status),
        "data-status": status, "data-count": n }, svg("title", {}, `${actorLabel(supplier)} → ${actorLabel(recipient)}, ${status}: ${n}`));
      x += w;
      return [rect];
    });
    return svg("g", { class: "pair", "data-pair": key, "data-count": list.length },
      svg("text", { class: "tick", x: left - 8, y: i * band + 12, "text-anchor": "end" },
        `${actorLabel(supplier)} → ${actorLabel(recipient)} (${list.length})`), ...parts);
  });
  const used = statuses.filter((status) => transfers.some((t) => t.status === status));
  const chart = document.getElementById("transfer-chart");
  const height = rows.length * band;
  chart.setAttribute("viewBox", `0 0 ${width} ${height + 30 + 18 * Math.ceil(used.length / 8)}`);
  chart.replaceChildren(...bars, ...legend(used, statuses, height + 12));
}

async function showChart(params) {
  const filters = eventFilters(params);
  // The register takes the filters it shares with the events; its rows have no type or factuality.
  const shared = { actor: filters.actor, weapon: filters.weapon, date_from: filters.date_from, date_to: filters.date_to };
  const [months, transfers] = await Promise.all([
    api("/api/events/months", filters), everyPage("/api/transfers", shared), showFacets("chart", filters)]);
  const dated = months.items.reduce((n, item) => n + item.count, 0);
  document.getElementById("chart-count").textContent =
    `${dated} dated events by month and type (${months.undated} undated or dated to a year only); ${transfers.length} register rows`;
  drawMonths(months.items);
  drawTransfers(transfers);
  showDownloads("chart",
    csvLink([["month", "type", "events"], ...months.items.map((i) => [i.month, i.type, i.count])], "dossier-months.csv", "CSV (months)"),
    apiLink("JSON", "/api/events/months", filters),
    csvLink([["supplier", "recipient", "system", "category", "status"],
      ...transfers.map((t) => [t.supplier, t.recipient, t.system, t.category, t.status])], "dossier-transfers.csv", "CSV (register)"),
    apiLink("JSON (register)", "/api/transfers", { ...shared, limit: MAX_LIMIT }, "json-register"));
}

// --- network --------------------------------------------------------------------------------------

// Every event with a source and a target is an edge; actors sit on a circle, edges weighted by events.
// The API groups the events into pairs (the busiest few hundred), so a large store draws as fast as a small one.
async function showNetwork(params) {
  const filters = eventFilters(params);
  const [links] = await Promise.all([api("/api/network", filters), showFacets("network", filters)]);
  const edges = new Map(links.items.map((link) => [`${link.a}|${link.b}`, link.events]));
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
    node.addEventListener("click", () => navigate("timeline", { actor: id }));
    return node;
  });
  const busiest = links.total > edges.size ? ` (the ${edges.size} busiest of ${links.total})` : "";
  document.getElementById("network-count").textContent =
    `${actors.length} actors, ${edges.size} links${busiest}; click an actor for its events`;
  document.getElementById("network-graph").replaceChildren(...lines, ...nodes);
  showDownloads("network", apiLink("CSV", "/api/export/csv", filters), apiLink("JSON", "/api/export/json", filters),
    apiLink("GraphML", "/api/export/graphml", filters));
}
