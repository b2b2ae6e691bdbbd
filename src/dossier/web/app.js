// The page's views and where they live: each view and its filters are the URL's hash
// (#timeline?type=AID&country=IRN), so views can be bookmarked and shared, and back and forward work.
"use strict";

const VIEWS = {
  timeline: showTimeline, chart: showChart, network: showNetwork, claims: showClaims, register: showRegister,
  document: showDocument, search: showSearch, ingest: async () => {}, review: showReview,
};
const EVENT_VIEWS = new Set(["timeline", "chart", "network"]);  // they share the filters and facets
const remembered = {};  // each view's last parameters, for its tab; the event views share theirs

function currentRoute() {
  const hash = location.hash.slice(1);
  const at = hash.indexOf("?");
  const name = at < 0 ? hash : hash.slice(0, at);
  return { view: VIEWS[name] ? name : "timeline", params: new URLSearchParams(at < 0 ? "" : hash.slice(at + 1)) };
}

// Go to a view with these parameters: a new history entry, which `route` then shows.
function navigate(view, params) {
  const text = query(params);
  const hash = `#${view}${text ? `?${text}` : ""}`;
  if (location.hash === hash) route();
  else location.hash = hash;
}

// Show the view the URL names, with its parameters; an error from an older route is not shown.
async function route() {
  const { view, params } = currentRoute();
  const ticket = ++routeTicket;
  remembered[EVENT_VIEWS.has(view) ? "events" : view] = params.toString();
  for (const section of document.querySelectorAll(".view")) section.hidden = section.id !== view;
  for (const tab of document.querySelectorAll("#tabs button")) {
    tab.setAttribute("aria-selected", String(tab.dataset.view === view));
  }
  const filters = document.getElementById("filters");
  filters.hidden = !EVENT_VIEWS.has(view);
  document.getElementById("facets").hidden = !EVENT_VIEWS.has(view);
  if (EVENT_VIEWS.has(view)) setFields(filters, EVENT_PARAMS, eventFilters(params));
  showError(null);
  try {
    await VIEWS[view](params);
  } catch (error) {
    if (ticket === routeTicket) showError(error);
  }
}

// A form whose fields are a view's parameters: a change or a submit goes to the view with them.
function wireForm(form, view) {
  const go = () => navigate(view(), formValues(form));
  form.addEventListener("submit", (e) => { e.preventDefault(); go(); });
  for (const select of form.querySelectorAll("select")) select.addEventListener("change", go);
  form.addEventListener("reset", () => setTimeout(() => navigate(view(), {})));
}

function wireIngest() {
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
}

// Controls answer at once; views are shown once the vocabularies and actor names are read.
function start() {
  const ready = Promise.all([loadVocabulary(), loadActors()]);
  const filters = document.getElementById("filters");
  const register = document.getElementById("register-filters");
  wireForm(filters, () => currentRoute().view);
  wireForm(document.getElementById("claim-filters"), () => "claims");
  wireForm(register, () => "register");
  wireForm(document.getElementById("search-form"), () => "search");
  document.getElementById("tabs").addEventListener("click", (e) => {
    const view = e.target.dataset && e.target.dataset.view;
    if (!view) return;
    const last = new URLSearchParams(remembered[EVENT_VIEWS.has(view) ? "events" : view] || "");
    navigate(view, Object.fromEntries(last.entries()));
  });
  document.getElementById("document-picker").addEventListener("change", (e) => {
    if (e.target.value) navigate("document", { id: e.target.value });
  });
  wireIngest();
  window.addEventListener("hashchange", () => ready.then(route));
  ready.then(() => {
    fillOptions(filters.elements.type, VOCABULARY.event_types);
    fillOptions(filters.elements.factuality, VOCABULARY.factualities);
    fillOptions(filters.elements.weapon, VOCABULARY.weapon_categories);
    fillOptions(document.getElementById("claim-filters").elements.type, VOCABULARY.event_types);
    fillOptions(register.elements.status, VOCABULARY.transfer_statuses);
    fillOptions(register.elements.weapon, VOCABULARY.weapon_categories);
    return route();
  }).catch(showError);
}

document.addEventListener("DOMContentLoaded", start);
