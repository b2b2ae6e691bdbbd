"""The page's files as the app serves them, without a browser."""

from __future__ import annotations

import pytest
from fastapi.testclient import TestClient

from dossier.api import PAGE_POLICY, WEB, create_app
from dossier.store import open_store

from support import local_client


@pytest.fixture(scope="module")
def client(tmp_path_factory) -> TestClient:
    db = str(tmp_path_factory.mktemp("static") / "empty.db")
    open_store(db).dispose()  # a store that exists: a read-only app never creates one
    return local_client(create_app(db))


@pytest.mark.parametrize("path, media_type", [
    ("/", "text/html"),
    ("/static/app.js", "text/javascript"),
    ("/static/core.js", "text/javascript"),
    ("/static/events.js", "text/javascript"),
    ("/static/records.js", "text/javascript"),
    ("/static/review.js", "text/javascript"),
    ("/static/style.css", "text/css"),
])
def test_page_files_are_served(client, path, media_type):
    response = client.get(path, follow_redirects=False)
    assert response.status_code == 200 and response.headers["content-type"].startswith(media_type)


@pytest.mark.parametrize("path", ["/static/nope.js", "/static/../api.py", "/static/%2e%2e/api.py"])
def test_only_the_page_files_are_served(client, path):
    assert client.get(path).status_code == 404


def test_the_page_runs_only_its_own_script(client):
    response = client.get("/")
    assert response.headers["content-security-policy"] == PAGE_POLICY
    assert "default-src 'self'" in PAGE_POLICY and "<script src=\"/static/app.js\"" in response.text


SCRIPTS = sorted(path.name for path in WEB.glob("*.js"))


@pytest.mark.parametrize("script", SCRIPTS)
@pytest.mark.parametrize("sink", ["innerHTML", "outerHTML", "insertAdjacentHTML", "document.write", "eval(",
                                  "new Function", "style="])
def test_the_scripts_never_parse_data_as_markup(script, sink):
    assert sink not in (WEB / script).read_text(encoding="utf-8")


def test_the_page_loads_every_script_and_no_inline_code(client):
    page = client.get("/").text
    for script in set(SCRIPTS) - {"docs.js"}:
        assert f'<script src="/static/{script}" defer></script>' in page
    assert "<script>" not in page and "style=" not in page and " on" + "click=" not in page
