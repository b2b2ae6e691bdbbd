"""The write path's guards (access.py) and the offline API description, against the real app."""

from __future__ import annotations

import pytest

from dossier.access import served_hosts
from dossier.api import DOCS_POLICY, create_app
from dossier.settings import Settings

from support import local_client

TOKEN = "a-token-for-the-tests"
ARTICLE = {"text": "Russia delivered S-400 systems to India in 2021, the Indian defence ministry said."}


@pytest.fixture
def writable(tmp_path):
    """A writable app on its own store, with small limits, and a client that carries no token."""
    settings = Settings(max_request_bytes=5_000, writes_per_minute=3)
    return local_client(create_app(str(tmp_path / "w.db"), ingest_token=TOKEN, settings=settings))


def _auth(token: str = TOKEN) -> dict[str, str]:
    return {"Authorization": f"Bearer {token}"}


def test_an_app_without_a_token_refuses_writes_and_says_how_to_allow_them(tmp_path):
    client = local_client(create_app(str(tmp_path / "w.db"), ingest_token=TOKEN))  # creates the store
    read_only = local_client(create_app(str(tmp_path / "w.db")))
    response = read_only.post("/api/ingest", json=ARTICLE, headers=_auth())
    assert response.status_code == 403 and "--allow-ingest" in response.json()["detail"]
    assert client.get("/api/documents").json()["total"] == 0


@pytest.mark.parametrize("headers", [{}, _auth("wrong"), {"Authorization": f"Basic {TOKEN}"}, {"Authorization": TOKEN}])
def test_a_write_without_the_token_is_a_401(writable, headers):
    response = writable.post("/api/ingest", json=ARTICLE, headers=headers)
    assert response.status_code == 401 and response.headers["www-authenticate"] == "Bearer"
    assert writable.get("/api/documents").json()["total"] == 0


def test_the_token_lets_a_write_in(writable):
    response = writable.post("/api/ingest", json=ARTICLE, headers=_auth())
    assert response.status_code == 200 and response.json()["counts"] == {"new": 1}


@pytest.mark.parametrize("content_type", ["text/plain", "application/x-www-form-urlencoded", None])
def test_a_body_a_cross_site_form_could_send_is_a_415(writable, content_type):
    """A page elsewhere can POST text/plain without asking first; JSON it cannot."""
    headers = _auth() | ({"Content-Type": content_type} if content_type else {})
    response = writable.post("/api/ingest", content=b'{"text": "Russia delivered S-400s to India."}', headers=headers)
    assert response.status_code == 415


@pytest.mark.parametrize("origin, status", [
    ("https://evil.example", 403), ("http://localhost.evil.example:8000", 403), ("null", 403),
    ("http://localhost:8000", 200), ("http://127.0.0.1:8000", 200),
])
def test_writes_from_another_origin_are_refused(writable, origin, status):
    assert writable.post("/api/ingest", json=ARTICLE, headers=_auth() | {"Origin": origin}).status_code == status


@pytest.mark.parametrize("path", ["/api/events", "/", "/openapi.json"])
def test_requests_to_a_host_the_server_does_not_answer_to_are_refused(writable, path):
    """DNS rebinding: a name that resolves to 127.0.0.1 still says its own name in Host."""
    assert writable.get(path, headers={"Host": "rebind.evil.example"}).status_code == 400
    assert writable.get(path).status_code == 200


def test_served_hosts_add_the_listening_address_but_never_a_wildcard():
    assert "10.0.0.5" in served_hosts("10.0.0.5") and "0.0.0.0" not in served_hosts("0.0.0.0")
    assert "dossier.example" in served_hosts("0.0.0.0", ["dossier.example"])


def test_a_declared_body_over_the_limit_is_a_413_before_it_is_read(writable):
    response = writable.post("/api/ingest", json={"text": "x" * 6_000}, headers=_auth())
    assert response.status_code == 413 and "5000 bytes" in response.json()["detail"]


def test_a_streamed_body_over_the_limit_is_a_413_as_it_arrives(writable):
    """Chunked: no Content-Length to check, so the body is counted as it comes in."""
    sent = []

    def chunks():
        for _ in range(20):
            sent.append(1)
            yield b"x" * 1_000

    headers = _auth() | {"Content-Type": "application/json"}
    response = writable.post("/api/ingest", content=chunks(), headers=headers)
    assert response.status_code == 413
    assert "content-length" not in {k.lower() for k in response.request.headers}


def test_an_upload_over_the_limit_is_a_413(writable):
    upload = {"file": ("big.txt", b"Russia delivered S-400s to India. " * 500, "text/plain")}
    assert writable.post("/api/ingest", files=upload, headers=_auth()).status_code == 413


def test_writes_past_the_rate_are_a_429_with_retry_after(writable):
    statuses = [writable.post("/api/ingest", json={"text": f"{ARTICLE['text']} Note {n}."}, headers=_auth())
                for n in range(4)]
    assert [r.status_code for r in statuses] == [200, 200, 200, 429]
    assert int(statuses[-1].headers["retry-after"]) > 0
    assert writable.get("/api/events").status_code == 200  # reads are not counted


def test_the_page_carries_the_token_only_when_writes_are_open(writable, tmp_path):
    assert f'<meta name="dossier-token" content="{TOKEN}">' in writable.get("/").text
    assert writable.get("/").headers["cache-control"] == "no-store"
    read_only = local_client(create_app(str(tmp_path / "w.db")))
    assert "dossier-token" not in read_only.get("/").text


@pytest.mark.parametrize("path, asset", [("/docs", "swagger-ui-bundle.js"), ("/redoc", "redoc.standalone.js")])
def test_the_api_description_loads_nothing_from_elsewhere(writable, path, asset):
    response = writable.get(path)
    assert response.status_code == 200 and response.headers["content-security-policy"] == DOCS_POLICY
    assert f"/docs-assets/{asset}" in response.text and "https://" not in response.text
    assert "<script>" not in response.text  # no inline script: the policy forbids it
    served = writable.get(f"/docs-assets/{asset}")
    assert served.status_code == 200 and len(served.content) > 100_000


def test_the_api_description_offers_the_bearer_token(writable):
    spec = writable.get("/openapi.json").json()
    assert spec["components"]["securitySchemes"]["HTTPBearer"]["scheme"] == "bearer"
    assert spec["paths"]["/api/ingest"]["post"]["security"] == [{"HTTPBearer": []}]
