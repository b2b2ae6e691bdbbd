// Starts Swagger UI on the API's own description. "Try it out" sends the page's requests to this
// server; ingest needs the token that `dossier serve --allow-ingest` printed (the Authorize button).
"use strict";
window.addEventListener("DOMContentLoaded", () => {
  window.ui = SwaggerUIBundle({ url: "/openapi.json", dom_id: "#swagger-ui", deepLinking: true });
});
