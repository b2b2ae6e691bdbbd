"""The whole flow in one screen: read -> skip known -> parse -> extract -> store.

`analyse` is a pure function from Documents to Analysis records (no I/O), so the same code runs
in one process, in worker processes (`--workers`), or on a Dask cluster (`distributed.py`, engine
`dask`); `ingest` adds the edges: readers in, one writer out, one transaction per batch.
"""

from __future__ import annotations

import logging
import multiprocessing
import os
import queue
import threading
from collections import Counter
from concurrent.futures import Future, ProcessPoolExecutor
from dataclasses import dataclass, field
from itertools import islice
from pathlib import Path
from typing import TYPE_CHECKING, Callable, Iterable, Iterator, TypeVar

from spacy.tokens import Doc

from dossier.annotate import load_pipeline
from dossier.errors import InvalidSetting
from dossier.extract.actors import actors_and_mentions, unnamed_states
from dossier.extract.antecedents import answer_retold_acts
from dossier.extract.arguments import attach_arguments
from dossier.extract.attribution import cue_kind, extract_attributions
from dossier.extract.contents import fold_contents
from dossier.extract.dating import date_events
from dossier.extract.dates import parse_published
from dossier.extract.events import extract_events
from dossier.extract.factuality import set_factuality
from dossier.extract.parties import complete_parties
from dossier.extract.roles import assign_roles
from dossier.extract.restated import complete_by_weapon, complete_references, restated_events
from dossier.extract.vetting import vet
from dossier.ingest import read_paths
from dossier.records import Analysis, Attribution, Document, Mention, Outcome
from dossier.settings import Settings

if TYPE_CHECKING:
    from sqlalchemy import Engine

LOGGER = logging.getLogger(__name__)

ENGINES = ("local", "dask")
BatchAnalyser = Callable[[Iterator[list[Document]], Settings], Iterator[list[Analysis | Outcome]]]


def analyse_parsed(doc: Doc, document: Document, vetted: bool = True) -> Analysis:
    """Every record the extractors find in one parsed document (`vetted`: judged by the learned
    event scorer; False gives the rules' reading, which that scorer is trained on)."""
    actors, mentions = actors_and_mentions(doc, document.id)
    attributions = extract_attributions(doc, document.id)
    resolve_speakers(attributions, mentions)
    events = extract_events(doc, document.id)
    attach_arguments(doc, events)
    countries = {a.id: a.country for a in actors}
    cues = set_factuality(doc, events, attributions, cue_kind, document.outlet, countries, document.id)
    date_events(doc, events, parse_published(document.published))  # reads the factuality just set
    complete_references(doc, events, countries)
    complete_by_weapon(events, countries)
    sentence_starts = [s.start_char for s in doc.sents]
    complete_parties(events, mentions, attributions, countries, sentence_starts)
    answer_retold_acts(doc, events, countries, sentence_starts)
    assign_roles(doc, events, attributions, countries)
    restated = restated_events(doc, events, document.id)  # reads the factuality just set
    cues += set_factuality(doc, restated, attributions, cue_kind, document.outlet, countries, document.id)
    events = fold_contents(doc, sorted(events + restated, key=lambda e: e.trigger.start), countries)
    if vetted:
        vet(events, actors, mentions, document, len(sentence_starts))
    actors += unnamed_states(actors, events)  # a system's maker as its supplier
    cues = sorted({(c.start, c.end): c for c in cues}.values(), key=lambda c: (c.start, c.end))
    return Analysis(document, actors, mentions, attributions, events, cues)


def analyse(documents: Iterable[Document], settings: Settings, vetted: bool = True) -> Iterator[Analysis]:
    """Parses documents in batches with `nlp.pipe` and extracts their records; an error propagates
    (for scoring, where a failure must be loud; ingest uses `analyse_guarded`)."""
    nlp = load_pipeline(settings.model)
    for doc, document in _parse(nlp, documents, settings):
        yield analyse_parsed(doc, document, vetted)


def analyse_guarded(documents: list[Document], settings: Settings) -> list[Analysis | Outcome]:
    """`analyse` for ingest: a document whose analysis raises becomes a `failed` Outcome with a
    one-line reason, so one bad article never loses its batch or stops the run. When the batch
    parse itself fails, the documents are parsed one at a time to find the culprit."""
    nlp = load_pipeline(settings.model)
    try:
        parsed = list(_parse(nlp, documents, settings))
    except Exception:  # noqa: BLE001 - isolate the document that broke the batch below
        LOGGER.debug("batch parse failed; parsing one document at a time", exc_info=True)
        parsed = None
    results: list[Analysis | Outcome] = []
    for i, document in enumerate(documents):
        try:
            doc = parsed[i][0] if parsed is not None else nlp(_make_doc(nlp, document))
            results.append(analyse_parsed(doc, document))
        except Exception as error:  # noqa: BLE001 - any extractor bug is this document's failure
            LOGGER.debug("analysis of %s failed", document.origin or document.id, exc_info=True)
            reason = f"analysis failed: {type(error).__name__}: {error}".splitlines()[0][:200]
            results.append(Outcome(document.origin or document.id, "failed", reason, document.id))
    return results


def _parse(nlp, documents: Iterable[Document], settings: Settings) -> Iterator[tuple[Doc, Document]]:
    return nlp.pipe(((_make_doc(nlp, d), d) for d in documents), as_tuples=True, batch_size=settings.batch_size)


UPDATED = "updated: analysed again with the metadata given"  # the reason of a `new` outcome under --update


def new_outcome(analysis: Analysis) -> Outcome:
    """The `new` outcome an ingest run records for a freshly analysed document."""
    document = analysis.document
    return Outcome(document.origin or document.id, "new", None, document.id, len(analysis.events))


def _make_doc(nlp, document: Document) -> Doc:
    """A tokenised Doc that carries the publication date, so components can read dates in context."""
    doc = nlp.make_doc(document.text)
    doc.user_data["published"] = parse_published(document.published)
    return doc


def resolve_speakers(attributions: list[Attribution], mentions: list[Mention]) -> None:
    """The actor behind each attribution's source: the first actor named inside the source span; for
    a definite source that names none ('The ministry said'), the speaker of the latest source before
    it with the same last word ('Ukraine's foreign ministry')."""
    by_word: dict[str, str] = {}
    for attribution in sorted(attributions, key=lambda a: a.cue.start):
        if attribution.source is None:
            continue
        inside = [m for m in mentions
                  if attribution.source.start <= m.start and m.end <= attribution.source.end]
        people = [m for m in inside if m.actor.startswith("person:")]
        chosen = (people or inside or [None])[0]
        words = attribution.source.text.lower().split()
        if chosen is not None:
            attribution.speaker = chosen.actor
            by_word[words[-1]] = chosen.actor
        elif len(words) > 1 and words[0] in {"the", "this", "that"}:
            attribution.speaker = by_word.get(words[-1])


@dataclass
class IngestSummary:
    """What an ingest run did, item by item."""

    outcomes: list[Outcome] = field(default_factory=list)

    @property
    def counts(self) -> Counter:
        return Counter(outcome.status for outcome in self.outcomes)

    @property
    def events(self) -> int:
        return sum(outcome.events for outcome in self.outcomes)

    @property
    def updated(self) -> int:
        return sum(outcome.reason == UPDATED for outcome in self.outcomes)

    @property
    def read_nothing(self) -> bool:
        return not any(o.status in {"new", "duplicate"} for o in self.outcomes)


def _batches(items: Iterable, size: int) -> Iterator[list]:
    iterator = iter(items)
    while batch := list(islice(iterator, size)):
        yield batch


def _batch_analyser(settings: Settings) -> BatchAnalyser:
    """The engine that turns batches of Documents into batches of `analyse_guarded` results, in
    input order: this machine's (`_analysed_batches`) or a Dask cluster's (`distributed.py`)."""
    if settings.engine not in ENGINES:
        raise InvalidSetting(f"unknown engine {settings.engine!r}; valid engines: {', '.join(ENGINES)}")
    if settings.engine == "local":
        if settings.scheduler:
            raise InvalidSetting(f"a scheduler ({settings.scheduler}) is for engine dask, not local")
        return _analysed_batches
    from dossier.distributed import analysed_batches  # raises MissingDependency without dask

    return analysed_batches


def _analysed_batches(batches: Iterator[list[Document]], settings: Settings
                      ) -> Iterator[list[Analysis | Outcome]]:
    """Batches of analyses in input order: in this process, or in `settings.workers` processes."""
    if settings.workers <= 1:
        yield from read_ahead(analyse_guarded(batch, settings) for batch in batches)
        return
    with ProcessPoolExecutor(max_workers=settings.workers, initializer=exit_with_parent) as pool:
        pending: list[Future] = []
        for batch in batches:
            pending.append(pool.submit(analyse_guarded, batch, settings))
            if len(pending) >= settings.workers * 2:  # bounded: memory stays flat
                yield pending.pop(0).result()
        for future in pending:
            yield future.result()


Item = TypeVar("Item")
_END = object()  # what the producing thread hands over last


def read_ahead(items: Iterator[Item]) -> Iterator[Item]:
    """The items of `items`, made one ahead in a thread of their own: in one process the next batch
    is parsed while the caller writes this one (SQLite, NumPy and the parser's inner loops release
    the GIL, so on two cores the two overlap). An error in the thread is raised here, in order;
    leaving early (an error, Ctrl-C) stops the thread once the item in hand is made."""
    handoff: queue.Queue = queue.Queue(maxsize=1)
    stop = threading.Event()

    def hand_over(item: object, error: BaseException | None = None) -> bool:
        while not stop.is_set():
            try:
                handoff.put((item, error), timeout=0.1)
                return True
            except queue.Full:
                continue
        return False

    def produce() -> None:
        try:
            for item in items:
                if not hand_over(item):
                    return
            hand_over(_END)
        except BaseException as error:  # noqa: BLE001 - handed to the caller's thread, raised there
            hand_over(_END, error)

    threading.Thread(target=produce, name="dossier-read-ahead", daemon=True).start()
    try:
        while True:
            item, error = handoff.get()
            if error is not None:
                raise error
            if item is _END:
                return
            yield item
    finally:
        stop.set()


def exit_with_parent() -> None:
    """Worker initialiser: end this worker as soon as the process that started it ends.

    A worker waits for tasks on a pipe its siblings hold open too, so a parent killed with SIGKILL
    (no chance to shut its pool down) left its workers waiting for good. `parent.join()` waits on
    the parent's sentinel, which reads as ended once the parent has ended, however it ended and
    even before this thread started (under fork, workers started later hold it open as well, and
    end first the same way). No polling, no signal handler, nothing Linux-only: prctl's parent-death
    signal would also fire when the thread that started the pool ends.
    """
    parent = multiprocessing.parent_process()
    if parent is not None:
        threading.Thread(target=_exit_after, args=(parent,), name="exit-with-parent", daemon=True).start()


def _exit_after(parent: multiprocessing.process.BaseProcess) -> None:
    parent.join()
    os._exit(1)  # nothing to flush: a worker only computes, the parent writes


def ingest(paths: Iterable[str | Path], settings: Settings,
           progress: Callable[[Outcome], None] | None = None) -> IngestSummary:
    """Reads, analyses and stores every article under `paths`; one transaction per batch."""
    return ingest_documents(read_paths(paths, settings), settings, progress)


def ingest_documents(items: Iterable[Document | Outcome], settings: Settings,
                     progress: Callable[[Outcome], None] | None = None,
                     *, engine: Engine | None = None) -> IngestSummary:
    """Analyses and stores read items (Documents, or Outcomes of items that could not be read).

    The one code path of the CLI and the API, whatever `settings.engine` analyses the documents;
    `engine` reuses an open store, else `settings.db` is opened for writing.
    """
    # The store is imported here, not with the module: a Dask worker imports this module for
    # `analyse_guarded` alone, and the store brings SQLAlchemy, datasketch and SciPy (0.6 s of CPU
    # in each worker's first batch under `dossier ingest --engine dask`).
    from dossier.store import StoreWriter, open_store

    analysed_batches = _batch_analyser(settings)  # an unusable engine fails before a run is opened
    summary = IngestSummary()
    writer = StoreWriter(engine if engine is not None else open_store(settings.db))
    writer.start_run()

    def record(outcome: Outcome) -> None:
        summary.outcomes.append(outcome)
        if progress is not None:
            progress(outcome)

    updated: set[str] = set()

    def new_documents() -> Iterator[list[Document]]:
        seen: set[str] = set()
        for chunk in _batches(items, settings.batch_size):
            skipped = [item for item in chunk if isinstance(item, Outcome)]
            documents = [item for item in chunk if isinstance(item, Document)]
            stored = writer.stored_ids([d.sha256 for d in documents])
            known = set(stored) | seen
            fresh = []
            for document in documents:
                if settings.update and document.sha256 in stored and document.sha256 not in seen:
                    document.id = stored[document.sha256]  # re-analysed under its id: links and reviews hold
                    updated.add(document.id)
                    seen.add(document.sha256)
                    fresh.append(document)
                elif document.sha256 in known:
                    skipped.append(Outcome(document.origin or document.id, "duplicate",
                                           "already stored", document.id))
                else:
                    known.add(document.sha256)
                    fresh.append(document)
            seen |= {d.sha256 for d in fresh}
            if skipped:
                for outcome in writer.write([], skipped):
                    record(outcome)
            if fresh:
                yield fresh

    for results in analysed_batches(new_documents(), settings):
        analyses = [r for r in results if isinstance(r, Analysis)]
        outcomes = [r if isinstance(r, Outcome) else new_outcome(r) for r in results]
        for outcome in writer.write(analyses, outcomes, replace=settings.update):
            if outcome.status == "new" and outcome.document in updated:
                outcome.reason = UPDATED
            record(outcome)
    writer.finish_run()
    return summary
