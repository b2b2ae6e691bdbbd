"""`dossier watch` against a local server on loopback: feeds and pages ingested, conditional requests,
links fetched once, bad entries and failing URLs reported while the run goes on, signals."""

from __future__ import annotations

import logging
import os
import signal
import subprocess
import sys
import threading
import time
from datetime import UTC, datetime

import pytest
from sqlalchemy import text
from typer.testing import CliRunner

from dossier.cli import _stopping_on_signals, app
from dossier.records import UrlState
from dossier.settings import Settings
from dossier.store import get_document, list_documents, open_store
from dossier.store.urls import load_url_states
from dossier.watch import _failed, parse_every, watch

from support import LocalServer, closed_port, endless_page

runner = CliRunner()

# Invented reports about invented states; nothing here is taken from real news.
FULL_TEXT = (
    "Norland has delivered four coastal patrol boats to Vesmark under an agreement the two governments "
    "signed last spring, the Norland defence ministry said on Tuesday. The boats, built at the Portmere "
    "yard, will patrol the approaches to the Vesmark capital, the ministry said in a statement. A "
    "Vesmark navy spokeswoman confirmed that the boats had arrived and said crews had finished their "
    "training in Norland in September. Officials in both capitals said further deliveries were being "
    "discussed, but no new contract has been signed."
)
TEASER = "Defence ministers met in Portmere."
ARTICLE = (
    "<html><head><title>Ministers meet in Portmere</title></head><body><nav>Home | World</nav>"
    "<article><h1>Ministers meet in Portmere</h1><p>The defence ministers of Norland and Vesmark met in "
    "Portmere on Saturday to discuss joint naval exercises planned for next spring, officials said.</p>"
    "<p>Neither side announced an agreement after the talks.</p></article></body></html>"
).encode()


def rss(server: LocalServer, *items: tuple[str, str, str]) -> bytes:
    """A feed whose items are (title, path of the link, description)."""
    entries = "".join(f"<item><title>{title}</title><link>{server.url(path)}</link>"
                      f"<description>{description}</description><pubDate>Tue, 15 Oct 2024 09:00:00 GMT"
                      f"</pubDate></item>" for title, path, description in items)
    return (f'<?xml version="1.0"?><rss version="2.0"><channel><title>Harbour Gazette</title>'
            f"<language>en</language>{entries}</channel></rss>").encode()


class Site:
    """The local server with a feed that answers conditional requests, and its pages."""

    def __init__(self) -> None:
        self.server = LocalServer({})
        self.version = 1
        self.items = [("Boats for Vesmark", "/boats", FULL_TEXT), ("Ministers meet", "/article", TEASER)]
        self.server.routes.update({
            "/feed": self.feed,
            "/article": lambda h: self.server.reply(h, 200, ARTICLE, {"Content-Type": "text/html; charset=utf-8"}),
            "/huge": endless_page,
            "/error": lambda h: self.server.reply(h, 500, b"broken"),
        })

    def feed(self, handler) -> None:
        etag = f'"v{self.version}"'
        if handler.headers.get("If-None-Match") == etag:
            self.server.reply(handler, 304)
        else:
            body = rss(self.server, *self.items)
            self.server.reply(handler, 200, body, {"Content-Type": "application/rss+xml", "ETag": etag})

    def url(self, path: str) -> str:
        return self.server.url(path)


@pytest.fixture
def site():
    local = Site()
    yield local
    local.server.close()


@pytest.fixture
def db(tmp_path) -> str:
    return str(tmp_path / "watch.db")


def settings(db: str, **changes) -> Settings:
    return Settings(db=db, allow_private=True, fetch_timeout=3, **changes)


def once(urls: list[str], db: str, **changes):
    """One round; the reports by URL."""
    [report] = watch(urls, settings(db, **changes), stop=threading.Event(), once=True)
    return {url.url: url for url in report.urls}


def test_a_feed_is_ingested_then_unchanged(site, db):
    feed = site.url("/feed")
    result = runner.invoke(app, ["watch", feed, "--once", "--allow-private", "--db", db])
    assert result.exit_code == 0, result.output
    assert "round 1" in result.output and f"{feed}: new 2" in result.output
    engine = open_store(db, readonly=True)
    documents = {d["title"]: get_document(engine, d["id"]) for d in list_documents(engine)}
    assert set(documents) == {"Boats for Vesmark", "Ministers meet"}
    assert documents["Boats for Vesmark"]["text"].startswith("Norland has delivered four coastal patrol boats")
    assert documents["Ministers meet"]["text"].startswith("The defence ministers of Norland and Vesmark met")
    assert documents["Ministers meet"]["url"] == site.url("/article")
    assert {d["outlet"] for d in documents.values()} == {"Harbour Gazette"}
    assert (site.server.hits["/feed"], site.server.hits["/article"], site.server.hits["/boats"]) == (1, 1, 0)

    again = runner.invoke(app, ["watch", feed, "--once", "--allow-private", "--db", db])
    assert again.exit_code == 0, again.output
    assert f"{feed}: unchanged" in again.output and "new 0" in again.output
    assert site.server.answers[-1] == ("/feed", 304)
    assert site.server.hits["/article"] == 1
    assert len(list_documents(open_store(db, readonly=True))) == 2
    states = load_url_states(open_store(db), [feed, site.url("/article")])
    assert states[feed].etag == '"v1"' and states[feed].checked_at.tzinfo is not None
    assert states[site.url("/article")].fetched_at is not None


def test_a_changed_feed_skips_what_is_stored_and_links_fetched_before(site, db):
    once([site.url("/feed")], db)
    site.version = 2
    site.items.append(("Talks to go on", "/talks", FULL_TEXT.replace("four", "six")))
    report = once([site.url("/feed")], db)[site.url("/feed")]
    assert report.counts == {"new": 1, "duplicate": 2}
    duplicates = sorted(o.reason for o in report.outcomes if o.status == "duplicate")
    assert duplicates == ["already stored", "link already fetched"]
    assert site.server.hits["/article"] == 1


def test_bad_entries_become_outcomes_and_the_rest_is_read(site, db):
    site.items += [("Huge", "/huge", TEASER), ("Gone", "/gone", TEASER), ("Broken", "/error", TEASER)]
    report = once([site.url("/feed")], db, max_fetch_bytes=50_000)[site.url("/feed")]
    reasons = {o.origin: (o.status, o.reason) for o in report.outcomes if o.status in {"skipped", "failed"}}
    assert reasons == {
        site.url("/huge"): ("skipped", "too large: more than 50000 bytes, cut there"),
        site.url("/gone"): ("failed", "HTTP 404"),
        site.url("/error"): ("failed", "HTTP 500"),
    }
    assert report.state == "read" and report.counts["new"] == 2


def test_network_errors_are_logged_and_the_run_goes_on(site, db, caplog):
    refused = f"http://127.0.0.1:{closed_port()}/feed"
    urls = [site.url("/error"), refused, site.url("/feed")]
    with caplog.at_level(logging.WARNING, logger="dossier.watch"):
        first = once(urls, db)
    assert [first[url].state for url in urls] == ["failed", "failed", "read"]
    assert first[site.url("/error")].detail == "HTTP 500"
    assert "connection refused" in first[refused].detail
    assert first[site.url("/feed")].counts["new"] == 2
    logged = caplog.text
    assert f"fetching '{site.url('/error')}' failed: HTTP 500" in logged and refused in logged

    second = once(urls, db)  # the failing URLs wait; the feed is unchanged
    assert [second[url].state for url in urls] == ["waiting", "waiting", "unchanged"]
    assert "after 1 failure (HTTP 500)" in second[site.url("/error")].detail
    assert site.server.hits["/error"] == 1


def test_waits_double_after_each_failure_up_to_the_limit():
    now = datetime(2024, 10, 15, tzinfo=UTC)
    state, waits = UrlState("http://x/"), []
    for _ in range(12):
        state = _failed(state, "HTTP 503", now, Settings())
        waits.append((state.retry_at - now).total_seconds())
    assert waits[:4] == [60, 120, 240, 480] and waits[-1] == Settings().max_retry_after
    assert state.failures == 12 and state.error == "HTTP 503"


def test_private_addresses_need_the_flag(site, db):
    result = runner.invoke(app, ["watch", site.url("/feed"), "--once", "--db", db])
    assert result.exit_code == 1  # every URL failed
    assert "refused address 127.0.0.1 (loopback)" in result.output
    assert site.server.hits["/feed"] == 0


def test_refused_schemes(db):
    result = runner.invoke(app, ["watch", "ftp://example.org/feed.xml", "file:///etc/passwd", "--once", "--db", db])
    assert result.exit_code == 1
    assert "unsupported URL scheme ftp://" in result.output and "unsupported URL scheme file://" in result.output


def test_names_are_printed_escaped(site, db):
    result = runner.invoke(app, ["watch", site.url("/a\x1b[2Jb"), "--once", "--allow-private", "--db", db])
    assert "\x1b" not in result.output and "/a\\x1b[2Jb: failed (URL holds control characters" in result.output


@pytest.mark.parametrize(("given", "seconds"), [("30s", 30), ("15m", 900), ("1h", 3600), ("1h30m", 5400),
                                                ("1d", 86400), ("2.5m", 150)])
def test_every(given, seconds):
    assert parse_every(given) == seconds


@pytest.mark.parametrize("given", ["15", "m", "0s", "-1m", "15 minutes", "1w", ""])
def test_every_refuses_what_it_cannot_read(given):
    with pytest.raises(ValueError, match="30s, 15m, 1h"):
        parse_every(given)
    assert runner.invoke(app, ["watch", "http://example.org/", "--every", given, "--once"]).exit_code == 2


def test_a_second_signal_exits_at_once():
    stop = threading.Event()
    before = signal.getsignal(signal.SIGTERM)
    with pytest.raises(SystemExit) as exited, _stopping_on_signals(stop):
        os.kill(os.getpid(), signal.SIGTERM)
        assert stop.wait(2)
        os.kill(os.getpid(), signal.SIGTERM)
        time.sleep(2)
    assert exited.value.code == 128 + signal.SIGTERM
    assert signal.getsignal(signal.SIGTERM) is before


def test_sigterm_stops_the_watcher_cleanly(site, db):
    """Round 1 stores the feed; round 2, a second later, is caught waiting on a page that hangs and
    ends at SIGTERM with exit status 0 and the store intact."""
    served = []

    def slow(handler) -> None:
        served.append(time.monotonic())
        if len(served) > 1:
            site.server.released.wait(20)
        site.server.reply(handler, 200, ARTICLE.replace(b"Saturday", b"Sunday"), {"Content-Type": "text/html"})

    site.server.routes["/slow"] = slow
    command = [sys.executable, "-m", "dossier.cli", "watch", site.url("/feed"), site.url("/slow"),
               "--every", "1s", "--allow-private", "--db", db]
    process = subprocess.Popen(command, stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True,
                               env={**os.environ, "PYTHONPATH": os.pathsep.join(sys.path)})
    deadline = time.monotonic() + 90
    while len(served) < 2 and time.monotonic() < deadline and process.poll() is None:
        time.sleep(0.05)
    assert len(served) == 2, process.communicate(timeout=5)
    process.send_signal(signal.SIGTERM)
    output, errors = process.communicate(timeout=10)
    assert process.returncode == 0, errors
    assert "round 1" in output and "round 2" in output and "stopped" in output
    engine = open_store(db, readonly=True)
    assert len(list_documents(engine)) == 3
    with engine.connect() as conn:
        assert conn.execute(text("PRAGMA integrity_check")).scalar() == "ok"
    assert site.server.hits["/feed"] == 2 and ("/feed", 304) in site.server.answers
