"""The analyst's page (`web/`) and the API's own description (`/docs`, `/redoc`), each under its policy."""

from __future__ import annotations

import html
from importlib import resources
from pathlib import Path

from fastapi import APIRouter
from fastapi.responses import FileResponse, HTMLResponse

WEB = Path(__file__).parent.parent / "web"  # the analyst's page: static files, no build step
DOCS_ASSETS = resources.files("fastapi_offline") / "static"  # Swagger UI and ReDoc, installed, never a CDN
# The page runs only its own script and styles: a second guard, after textContent, against article markup.
PAGE_POLICY = "default-src 'self'; object-src 'none'; base-uri 'none'; frame-ancestors 'none'"
# Swagger UI and ReDoc set inline styles and draw icons from data: URIs; ReDoc runs a worker from a blob.
DOCS_POLICY = ("default-src 'self'; style-src 'self' 'unsafe-inline'; img-src 'self' data:; "
               "worker-src 'self' blob:; object-src 'none'; base-uri 'none'; frame-ancestors 'none'")


def router(token: str | None) -> APIRouter:
    """`/`, carrying the ingest `token` when writes are open, and `/docs` and `/redoc`."""
    api = APIRouter(include_in_schema=False)
    page = with_token((WEB / "index.html").read_text(encoding="utf-8"), token)

    @api.get("/")
    def root() -> HTMLResponse:
        """The analyst's page; it reads everything through the JSON API."""
        return HTMLResponse(page, headers={"Content-Security-Policy": PAGE_POLICY, "Cache-Control": "no-store"})

    @api.get("/docs")
    def docs() -> FileResponse:
        return FileResponse(WEB / "docs.html", media_type="text/html", headers={"Content-Security-Policy": DOCS_POLICY})

    @api.get("/redoc")
    def redoc() -> FileResponse:
        return FileResponse(WEB / "redoc.html", media_type="text/html", headers={"Content-Security-Policy": DOCS_POLICY})

    return api


def with_token(page: str, token: str | None) -> str:
    """The page, carrying the ingest token when writes are open: only a page served here can read it."""
    if token is None:
        return page
    return page.replace('<meta charset="utf-8">', f'<meta charset="utf-8">\n  <meta name="dossier-token" content="{html.escape(token)}">', 1)
