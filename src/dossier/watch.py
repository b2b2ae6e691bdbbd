"""`dossier watch`: poll feeds and pages, ingest what is new, remember each URL, back off failures.

A round polls each URL in turn: a conditional GET with the ETag and Last-Modified the store
remembers for it, then its entries or its article through `ingest_documents`, as `dossier ingest`
does. A URL's new state is saved only once its items are stored, so a watcher stopped mid-feed
fetches that feed again next time: what it stored is then a duplicate (found by its text's hash),
and links it fetched are not fetched again. A URL that fails waits `retry_after` seconds before its
next try, twice as long after each further failure, at most `max_retry_after`.
"""

from __future__ import annotations

import logging
import re
import threading
import time
from collections import Counter
from collections.abc import Callable, Iterable, Iterator
from dataclasses import dataclass, field, replace
from datetime import UTC, datetime, timedelta

from sqlalchemy import Engine

from dossier.errors import DossierError, FetchError
from dossier.ingest.documents import refusal
from dossier.ingest.fetch import Fetched, fetch
from dossier.ingest.urls import read_fetched
from dossier.pipeline import ingest_documents
from dossier.records import Document, Outcome, UrlState
from dossier.settings import Settings
from dossier.store import StoreWriter, open_store
from dossier.store.urls import load_url_states

LOGGER = logging.getLogger(__name__)

_DURATION = re.compile(r"(\d+(?:\.\d+)?)([smhd])")
_SECONDS = {"s": 1, "m": 60, "h": 3600, "d": 86400}


def parse_every(text: str) -> float:
    """Seconds in '30s', '15m', '1h', '1h30m' or '1d'; ValueError naming the accepted forms."""
    compact = text.strip().lower().replace(" ", "")
    parts = _DURATION.findall(compact)
    seconds = sum(float(number) * _SECONDS[unit] for number, unit in parts)
    if not parts or "".join(n + u for n, u in parts) != compact or seconds <= 0:
        raise ValueError(f"not a duration: {text!r}; write a number and a unit: 30s, 15m, 1h, 1h30m, 1d")
    return seconds


@dataclass
class UrlReport:
    """One URL's part of a round: `read` (its outcomes), `unchanged` (304), `waiting` (backing off),
    `failed` (the fetch did not succeed), `stopped` (a signal came mid-URL) or `error` (the store)."""

    url: str
    state: str
    outcomes: list[Outcome] = field(default_factory=list)
    detail: str | None = None

    @property
    def counts(self) -> Counter:
        return Counter(outcome.status for outcome in self.outcomes)


@dataclass
class RoundReport:
    number: int
    started: datetime
    urls: list[UrlReport]

    @property
    def counts(self) -> Counter:
        return sum((report.counts for report in self.urls), Counter())

    @property
    def all_failed(self) -> bool:
        return bool(self.urls) and all(report.state in {"failed", "error"} for report in self.urls)


def watch(urls: list[str], settings: Settings, *, stop: threading.Event, once: bool = False,
          report: Callable[[RoundReport], None] | None = None) -> list[RoundReport]:
    """Poll `urls` every `settings.watch_every` seconds (start to start) until `stop` is set, or
    one round with `once`; return the rounds' reports."""
    engine = open_store(settings.db)
    rounds: list[RoundReport] = []
    try:
        while not stop.is_set():
            started = time.monotonic()
            done = RoundReport(len(rounds) + 1, _now(), poll_round(urls, settings, engine, stop))
            rounds.append(done)
            if report is not None:
                report(done)
            if once:
                break
            stop.wait(max(0.0, settings.watch_every - (time.monotonic() - started)))
    finally:
        engine.dispose()
    return rounds


def poll_round(urls: Iterable[str], settings: Settings, engine: Engine, stop: threading.Event) -> list[UrlReport]:
    """Each URL polled once, in order, until `stop` is set; a URL that fails never stops the round."""
    reports = []
    for url in urls:
        if stop.is_set():
            break
        try:
            reports.append(poll_url(url, settings, engine, stop))
        except DossierError as error:  # the store: this URL's state stays as it was
            LOGGER.error("polling %r: %s", url, error)
            reports.append(UrlReport(url, "error", detail=str(error)))
        except Exception as error:  # noqa: BLE001 - a bug on one URL must not stop the watcher
            LOGGER.exception("polling %r failed unexpectedly", url)
            reports.append(UrlReport(url, "error", detail=f"unexpected error: {error}"))
    return reports


def poll_url(url: str, settings: Settings, engine: Engine, stop: threading.Event) -> UrlReport:
    """Fetch one URL if it is due, ingest what it holds, and remember what was learnt."""
    now = _now()
    state = load_url_states(engine, [url]).get(url) or UrlState(url)
    if not _due(state, now):
        return UrlReport(url, "waiting", detail=_waiting(state))
    writer = StoreWriter(engine)
    try:
        fetched = fetch(url, settings, etag=state.etag, last_modified=state.last_modified, stop=stop)
    except FetchError as error:
        if stop.is_set():  # not the URL's failure: it is polled again next time
            return UrlReport(url, "stopped", detail=str(error))
        LOGGER.warning("fetching %r failed: %s", url, error)
        writer.save_url_states([_failed(state, str(error), now, settings)])
        summary = ingest_documents([refusal(url, str(error))], settings, engine=engine)
        return UrlReport(url, "failed", summary.outcomes, str(error))
    if fetched.status == 304:
        writer.save_url_states([_fetched(state, fetched, now)])
        return UrlReport(url, "unchanged")
    links = _Links(engine, settings, stop)
    items = _UntilStopped(read_fetched(fetched, url, settings, links), stop)
    summary = ingest_documents(items, settings, engine=engine)
    learnt = list(links.states.values())  # their items are stored, stopped or not
    if items.finished:
        learnt.append(_fetched(state, fetched, now))
    writer.save_url_states(learnt)
    return UrlReport(url, "read" if items.finished else "stopped", summary.outcomes)


class _Links:
    """Fetches the links of a feed's entries: each once, one that failed only when its wait is over."""

    def __init__(self, engine: Engine, settings: Settings, stop: threading.Event) -> None:
        self.engine = engine
        self.settings = settings
        self.stop = stop
        self.states: dict[str, UrlState] = {}

    def __call__(self, link: str) -> Fetched | Outcome:
        now = _now()
        state = self.states.get(link) or load_url_states(self.engine, [link]).get(link) or UrlState(link)
        if state.fetched_at is not None:
            return Outcome(link, "duplicate", "link already fetched")
        if not _due(state, now):
            return Outcome(link, "skipped", f"waiting {_waiting(state)}")
        try:
            fetched = fetch(link, self.settings, etag=state.etag, last_modified=state.last_modified, stop=self.stop)
        except FetchError as error:
            if self.stop.is_set():
                return Outcome(link, "skipped", "stopped before it was fetched")
            LOGGER.warning("fetching %r failed: %s", link, error)
            self.states[link] = _failed(state, str(error), now, self.settings)
            return refusal(link, str(error))
        self.states[link] = _fetched(state, fetched, now)
        if fetched.status == 304:
            return Outcome(link, "duplicate", "unchanged since last fetched")
        return fetched


class _UntilStopped:
    """The items until `stop` is set, checked before each; `finished` once all were given."""

    def __init__(self, items: Iterable[Document | Outcome], stop: threading.Event) -> None:
        self.items = items
        self.stop = stop
        self.finished = False

    def __iter__(self) -> Iterator[Document | Outcome]:
        iterator = iter(self.items)
        while not self.stop.is_set():
            try:
                item = next(iterator)
            except StopIteration:
                self.finished = True
                return
            yield item


def _now() -> datetime:
    return datetime.now(UTC)


def _due(state: UrlState, now: datetime) -> bool:
    return state.retry_at is None or now >= state.retry_at


def _waiting(state: UrlState) -> str:
    """'until 2026-12-07 04:55:19 UTC after 2 failures (HTTP 500)'"""
    until = f"{state.retry_at:%Y-%m-%d %H:%M:%S} UTC" if state.retry_at else "now"
    failures = f"{state.failures} failure{'s' if state.failures != 1 else ''}"
    return f"until {until} after {failures} ({state.error})"


def _fetched(state: UrlState, fetched: Fetched, now: datetime) -> UrlState:
    """The state after a 200 (new validators) or a 304 (the old ones, unless the server sent new)."""
    if fetched.status == 304:
        return replace(state, etag=fetched.etag or state.etag, checked_at=now, error=None, failures=0,
                       last_modified=fetched.last_modified or state.last_modified, retry_at=None)
    return replace(state, etag=fetched.etag, last_modified=fetched.last_modified, checked_at=now,
                   fetched_at=now, error=None, failures=0, retry_at=None)


def _failed(state: UrlState, error: str, now: datetime, settings: Settings) -> UrlState:
    """The state after a failure: one more in the run, and the wait before the next try doubled."""
    failures = state.failures + 1
    wait = min(settings.retry_after * 2 ** min(failures - 1, 32), settings.max_retry_after)
    return replace(state, checked_at=now, error=error, failures=failures, retry_at=now + timedelta(seconds=wait))
