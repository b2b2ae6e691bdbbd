"""The `dossier` command: thin typer commands over the library's functions."""

from __future__ import annotations

import itertools
import json
import os
import sys
from collections.abc import Iterable, Iterator
from contextlib import contextmanager
from functools import partial
from importlib import resources
from pathlib import Path
from typing import Optional

import typer
from rich.console import Console
from rich.markup import escape
from rich.progress import (
    BarColumn, MofNCompleteColumn, Progress, SpinnerColumn, TextColumn, TimeElapsedColumn, TimeRemainingColumn,
)
from rich.table import Table
from rich.text import Text

from dossier.errors import DossierError, UnsupportedFormat
from dossier.settings import DEFAULT_DB, Settings, describe

app = typer.Typer(help="Turn news reports about military cooperation into a sourced, structured record.",
                  no_args_is_help=True, add_completion=False)
console = Console(width=None if sys.stdout.isatty() else 140)  # files and pipes get wide tables
DbOption = typer.Option(None, "--db", help="SQLAlchemy URL or SQLite path (default: $DOSSIER_DB or dossier.db)")
LimitOption = typer.Option(50, min=1, help="Rows to show")
OffsetOption = typer.Option(0, min=0, help="Rows to skip")
FormatOption = typer.Option("table", "--format", "-f", help="table, csv or json")
# The event filters of `dossier events`, `dossier export` and the API's /api/events.
ActorOption = typer.Option(None, help="Actor id or name, as source, target or other party")
TypeOption = typer.Option(None, "--type", help="PLOVER event type, e.g. AID")
FactualityOption = typer.Option(None, help="asserted, reported, alleged, denied, expected ...")
FromOption = typer.Option(None, "--from", help="Earliest event date (ISO)")
ToOption = typer.Option(None, "--to", help="Latest event date (ISO)")
WeaponOption = typer.Option(None, help="Weapon category (e.g. drones) or system (e.g. S-300)")
DocumentOption = typer.Option(None, help="Document id")
TextOption = typer.Option(None, "--q", help="Part of an evidence sentence, any case")
CountryOption = typer.Option(None, "--country", help="Source or target of this country (alpha-3, e.g. IRN)")
OutletOption = typer.Option(None, "--outlet", help="Events read in documents from this outlet, any case")
YearOption = typer.Option(None, "--year", help="The event's date starts in this year (YYYY)")


def _add_row(table: Table, *cells: object) -> None:
    """Cells as plain text: words from articles are never read as rich markup ('[denied]')."""
    table.add_row(*(Text(str(cell)) for cell in cells))


def _db(db: str | None) -> str:
    return db or os.environ.get("DOSSIER_DB") or DEFAULT_DB


def _fail(error: DossierError) -> typer.Exit:
    console.print(f"[red]error:[/red] {escape(str(error))}")
    return typer.Exit(code=2)


@app.command()
def ingest(
    paths: list[Path] = typer.Argument(  # not readable=True: an unreadable path is a failed outcome, not a usage error
        ..., readable=False, help="Files or directories: .txt, .html, .jsonl, RSS/Atom feeds; '-' for standard input"),
    db: Optional[str] = DbOption,
    published: Optional[str] = typer.Option(None, help="Publication date (ISO) for inputs that carry none"),
    outlet: Optional[str] = typer.Option(None, help="Outlet name for inputs that carry none"),
    workers: int = typer.Option(1, min=1, help="Processes that parse in parallel (with --engine dask: "
                                "the local cluster's worker processes)"),
    batch_size: int = typer.Option(64, min=1, help="Documents per parse batch and store transaction"),
    stdin_format: str = typer.Option("txt", help="What '-' reads from standard input: txt, html or jsonl"),
    update: bool = typer.Option(False, "--update", help="Analyse again articles already stored, with the metadata "
                                                        "given now (--published, --outlet, a header); ids and reviews stay"),
    engine: str = typer.Option("local", help="Where documents are analysed: local or dask"),
    scheduler: Optional[str] = typer.Option(None, help="Dask scheduler tcp://HOST:PORT for --engine dask "
                                            "(default: a local cluster of --workers processes)"),
) -> None:
    """Read, analyse and store articles; print what was new, already stored, skipped or failed."""
    from dossier.ingest import STREAM_FORMATS, expected_items, read_paths, read_stream
    from dossier.ingest.documents import normalise_date
    from dossier.pipeline import ingest_documents

    settings = Settings(db=_db(db), published=published, outlet=outlet, workers=workers, batch_size=batch_size,
                        update=update, engine=engine.lower(), scheduler=scheduler)
    try:
        if published is not None and normalise_date(published) is None:
            raise DossierError(f"--published {published!r} is not a date; give it as YYYY-MM-DD")
        stdin_format = _choice("--stdin-format", stdin_format, STREAM_FORMATS)
        named = [path for path in paths if str(path) != "-"]
        items = read_paths(named, settings)
        if len(named) < len(paths):
            items = itertools.chain(read_stream(sys.stdin.buffer, stdin_format, settings), items)
        total = expected_items(named) if len(named) == len(paths) else None
        summary = _ingest_with_progress(partial(ingest_documents, items, settings), total)
    except DossierError as error:
        raise _fail(error)
    _print_summary(summary)
    if summary.read_nothing:
        raise typer.Exit(code=1)


def _ingest_with_progress(run, total: int | None):
    """`run(progress=...)` under a progress bar on a terminal: items done of `total` (when known,
    with the time left), events found, time taken."""
    if not sys.stderr.isatty():
        return run()
    columns = (SpinnerColumn(), TextColumn("{task.description}"), BarColumn(), MofNCompleteColumn(),
               TextColumn("items, {task.fields[events]} events"), TimeElapsedColumn(), TimeRemainingColumn())
    with Progress(*columns, console=Console(stderr=True), transient=True) as progress:
        task = progress.add_task("ingesting", total=total, events=0)
        events = 0

        def advance(outcome) -> None:
            nonlocal events
            events += outcome.events
            progress.update(task, advance=1, events=events)

        return run(progress=advance)


def _print_summary(summary) -> None:
    counts = summary.counts
    updated = f" ({summary.updated} of them analysed again)" if summary.updated else ""
    console.print(f"new {counts['new']}{updated}, already stored {counts['duplicate']}, skipped {counts['skipped']}, "
                  f"failed {counts['failed']}; events found {summary.events}")
    _print_bad_items(summary.outcomes)


def _print_bad_items(outcomes) -> None:
    """A line for each item skipped or failed, with its reason, escaped."""
    for outcome in outcomes:
        if outcome.status in {"skipped", "failed"}:
            colour = "yellow" if outcome.status == "skipped" else "red"
            told = printable(f"{outcome.origin}: {outcome.reason}")
            console.print(f"[{colour}]{outcome.status}[/{colour}] {escape(told)}", soft_wrap=True, highlight=False)


def printable(text: str) -> str:
    """`text` with control and format characters written as escapes: a file name with a newline or a
    terminal escape sequence in it cannot forge a summary line or reach the terminal."""
    return "".join(c if c.isprintable() or c == " " else repr(c)[1:-1] for c in text)


@app.command()
def export(
    format: str = typer.Option("json", "--format", "-f", help="json, csv, parquet, graphml or plover (JSONL)"),
    out: Path = typer.Option(..., "--out", "-o", help="File to write ('-' for standard output)"),
    db: Optional[str] = DbOption,
    actor: Optional[str] = ActorOption,
    type: Optional[str] = TypeOption,
    factuality: Optional[str] = FactualityOption,
    date_from: Optional[str] = FromOption,
    date_to: Optional[str] = ToOption,
    weapon: Optional[str] = WeaponOption,
    document: Optional[str] = DocumentOption,
    q: Optional[str] = TextOption,
    country: Optional[str] = CountryOption,
    outlet: Optional[str] = OutletOption,
    year: Optional[str] = YearOption,
) -> None:
    """Write the store in the chosen format; the event filters keep the events it holds."""
    from dossier.export import BINARY_FORMATS
    from dossier.export import export as run_export
    from dossier.store import open_store

    filters = _event_filters(locals())
    binary = format.lower() in BINARY_FORMATS
    try:
        engine = open_store(_db(db), readonly=True)
        if str(out) == "-":
            run_export(engine, format, sys.stdout.buffer if binary else sys.stdout, **filters)
        else:
            with _opened(out, binary) as handle:
                run_export(engine, format, handle, **filters)
    except DossierError as error:
        raise _fail(error)
    if str(out) != "-":
        console.print(f"wrote {out}")


@app.command()
def events(
    db: Optional[str] = DbOption,
    actor: Optional[str] = ActorOption,
    type: Optional[str] = TypeOption,
    factuality: Optional[str] = FactualityOption,
    date_from: Optional[str] = FromOption,
    date_to: Optional[str] = ToOption,
    weapon: Optional[str] = WeaponOption,
    document: Optional[str] = DocumentOption,
    q: Optional[str] = TextOption,
    country: Optional[str] = CountryOption,
    outlet: Optional[str] = OutletOption,
    year: Optional[str] = YearOption,
    limit: int = LimitOption,
    offset: int = OffsetOption,
    evidence: bool = typer.Option(False, help="Show each event's evidence sentence"),
    output: str = FormatOption,
) -> None:
    """Print stored events, filtered as the API filters them: a table, or CSV or JSON to standard output."""
    from dossier.store import count_events, list_actors, list_events, open_store

    filters = _event_filters(locals())
    try:
        engine = open_store(_db(db), readonly=True)
        rows = list_events(engine, **filters, limit=limit, offset=offset)
        total = count_events(engine, **filters)
        names = {a["id"]: a["name"] for a in list_actors(engine)}
    except DossierError as error:
        raise _fail(error)
    if output.strip().lower() == "csv":  # the export's flat rows, with actor names and the document
        from dossier.export import write_event_rows
        from dossier.store.queries import document_metadata

        with engine.connect() as conn:
            write_event_rows(rows, names, sys.stdout, partial(document_metadata, conn))
    else:
        _emit(rows, total, offset, output, partial(events_table, names=names, evidence=evidence), [])


def _event_filters(given: dict) -> dict:
    """The event filters among a command's arguments: the names `queries.EVENT_FILTERS` lists."""
    from dossier.store.queries import EVENT_FILTERS

    return {name: given[name] for name in EVENT_FILTERS}


def _choice(name: str, value: str, accepted: tuple[str, ...]) -> str:
    from dossier.store.filters import choice

    return choice(name, value, accepted)


def events_table(rows: list[dict], names: dict[str, str] | None = None, evidence: bool = False,
                 shown: str | None = None) -> Table:
    """Events as rows an analyst can scan: who, whom, when, what, how sure, on whose word, where read."""
    names = names or {}
    table = Table(title=f"events ({shown or len(rows)})", show_lines=evidence)
    for column in ("type", "source", "target", "date", "weapons", "number", "value", "factuality", "speaker",
                   "document"):
        table.add_column(column, overflow="fold")
    if evidence:
        table.add_column("evidence", overflow="fold", ratio=2)
    for row in rows:
        date, quantity, value = row.get("date") or {}, row.get("quantity") or {}, row.get("value") or {}
        weapons = ", ".join(w.get("system") or w.get("text") for w in row.get("weapons", []))
        speakers = ", ".join(a.get("speaker_text") or a.get("speaker_kind") for a in row.get("attributions", []))
        cells = [row["type"] + (f" {row['mode']}" if row.get("mode") else ""),
                 names.get(row.get("source"), row.get("source") or ""),
                 names.get(row.get("target"), row.get("target") or ""),
                 date.get("start") or date.get("text") or "", weapons, quantity.get("text", ""),
                 value.get("text", ""), row["factuality"], speakers, row["document"]]
        if evidence:
            cells.append((row.get("evidence") or [{}])[0].get("sentence", ""))
        _add_row(table, *cells)
    return table


@app.command()
def actors(
    db: Optional[str] = DbOption,
    kind: Optional[str] = typer.Option(None, help="state, organization, person or group"),
    country: Optional[str] = typer.Option(None, help="ISO 3166-1 alpha-3 code, e.g. IRN"),
    name: Optional[str] = typer.Option(None, help="Part of a name or alias"),
    limit: int = LimitOption,
    offset: int = OffsetOption,
    output: str = FormatOption,
) -> None:
    """Print stored actors, filtered: a table, or CSV or JSON to standard output."""
    from dossier.store import list_actors, open_store
    from dossier.store.queries import count_actors

    filters = {"kind": kind, "country": country, "name": name}
    try:
        engine = open_store(_db(db), readonly=True)
        rows = list_actors(engine, **filters, limit=limit, offset=offset)
        total = count_actors(engine, **filters)
    except DossierError as error:
        raise _fail(error)
    _emit(rows, total, offset, output, actors_table, ["id", "name", "kind", "country", "wikidata", "aliases", "roles"])


@app.command()
def documents(
    db: Optional[str] = DbOption,
    outlet: Optional[str] = typer.Option(None, help="Outlet name, any case"),
    actor: Optional[str] = typer.Option(None, help="Documents that mention this actor (id, name or alias)"),
    date_from: Optional[str] = typer.Option(None, "--from", help="Published on or after (ISO)"),
    date_to: Optional[str] = typer.Option(None, "--to", help="Published on or before (ISO)"),
    q: Optional[str] = typer.Option(None, "--q", help="Part of the title or text, any case"),
    limit: int = LimitOption,
    offset: int = OffsetOption,
    output: str = FormatOption,
) -> None:
    """Print stored documents' metadata, filtered: a table, or CSV or JSON to standard output."""
    from dossier.store import list_documents, open_store
    from dossier.store.queries import count_documents

    filters = {"outlet": outlet, "actor": actor, "date_from": date_from, "date_to": date_to, "q": q}
    try:
        engine = open_store(_db(db), readonly=True)
        rows = list_documents(engine, **filters, limit=limit, offset=offset)
        total = count_documents(engine, **filters)
    except DossierError as error:
        raise _fail(error)
    _emit(rows, total, offset, output, documents_table,
          ["id", "title", "outlet", "published", "url", "language", "chars", "sha256"])


def documents_table(rows: list[dict], shown: str | None = None) -> Table:
    table = Table("id", "published", "outlet", "title", "chars", title=f"documents ({shown or len(rows)})")
    for row in rows:
        _add_row(table, row["id"], row.get("published") or "", row.get("outlet") or "", row.get("title") or "",
                 row["chars"])
    return table


def _emit(rows: list[dict], total: int, offset: int, output: str, table, columns: list[str]) -> None:
    """A page of records on standard output: a table saying which of how many it shows, JSON in the
    API's page shape, or CSV with `columns` (lists joined by '; ')."""
    try:
        output = _choice("format", output, ("table", "csv", "json"))
    except DossierError as error:
        raise _fail(error)
    if output == "json":
        sys.stdout.write(json.dumps({"items": rows, "total": total, "offset": offset}, ensure_ascii=False, indent=1) + "\n")
    elif output == "csv":
        _write_rows(rows, sys.stdout, columns)
    else:
        console.print(table(rows, shown=f"showing {len(rows)} of {total}" + (f" from {offset + 1}" if offset and rows else "")))


def actors_table(rows: list[dict], shown: str | None = None) -> Table:
    table = Table("id", "name", "kind", "country", "aliases", "roles", title=f"actors ({shown or len(rows)})")
    for row in rows:
        _add_row(table, row["id"], row["name"], row["kind"], row.get("country") or "",
                      ", ".join(row.get("aliases") or [])[:80], ", ".join(row.get("roles") or []))
    return table


# Claims as the CLI lists them: what an analyst reads first, then by the store's order within each status.
CLAIM_STATUS_ORDER = ("disputed", "corroborated", "single_source")


def _fused(db: str | None, records: str, status: str | None, limit: int = 0, offset: int = 0, whole: bool = False,
           **filters: str | None) -> tuple[Iterable[dict], int, dict[str, str]]:
    """The store's claims or transfers (`records`) with the given status (any case) and filters: if
    `whole`, all of them as an iterator read a chunk at a time; else the page `limit` from `offset`.
    Then how many match (if `whole`, 0: the reader counts), and actor names by id. The same queries
    the API answers with."""
    from dossier.store import list_actors, open_store, queries

    try:
        engine = open_store(_db(db), readonly=True)
        names = {a["id"]: a["name"] for a in list_actors(engine)}
        statuses = (status,) if status or records == "transfers" else CLAIM_STATUS_ORDER
        if whole:
            return _every(engine, records, statuses, filters), 0, names
        listing = {"claims": queries.list_claims, "transfers": queries.list_transfers}[records]
        counting = {"claims": queries.count_claims, "transfers": queries.count_transfers}[records]
        rows: list[dict] = []
        total = 0
        for one in statuses:  # the page may span two statuses: each is counted, then read from where the page starts
            matching = counting(engine, status=one, **filters)
            start = max(offset - total, 0)
            if start < matching and len(rows) < limit:
                rows += listing(engine, status=one, **filters, limit=limit - len(rows), offset=start)
            total += matching
    except DossierError as error:
        raise _fail(error)
    return rows, total, names


def _every(engine, records: str, statuses: tuple[str | None, ...], filters: dict[str, str | None]) -> Iterator[dict]:
    """Every claim or transfer with each of `statuses` in turn, read on one connection (one snapshot)."""
    from dossier.store import queries

    each = {"claims": queries.iter_claims, "transfers": queries.iter_transfers}[records]
    with engine.connect() as conn:
        for status in statuses:
            yield from each(conn, status=status, **filters)


def _opened(out: Path, binary: bool = False):
    """`out` opened for writing, or the error a user can act on ('no such folder'), not a traceback."""
    try:
        return out.open("wb") if binary else out.open("w", encoding="utf-8", newline="")
    except OSError as error:
        raise _fail(DossierError(f"cannot write {out}: {error.strerror or error}")) from None


def _write_records(records: Iterable[dict], out: Path, fmt: str, columns: list[str]) -> None:
    """Claims or transfers as a JSON array (whole records) or CSV (one flat row each), written as
    they are read: memory holds one chunk of records, not the file."""
    fmt = "json" if fmt.strip().lower() == "table" else fmt.strip().lower()  # a file gets whole records
    if fmt not in ("json", "csv"):
        raise _fail(UnsupportedFormat(f"unknown format {fmt!r}; valid formats: json, csv"))
    with _opened(out) as handle:
        if fmt == "json":
            written = 0
            handle.write("[")
            for record in records:
                handle.write(",\n" if written else "\n")
                handle.write(json.dumps(record, ensure_ascii=False, indent=1))
                written += 1
            handle.write("\n]\n" if written else "]\n")
        else:
            written = _write_rows(records, handle, columns)
    console.print(f"wrote {written} records to {out}")


def _write_rows(records: Iterable[dict], handle, columns: list[str]) -> int:
    """CSV rows of `columns`, lists joined by '; '; how many were written."""
    import csv

    writer = csv.writer(handle, lineterminator="\n")
    writer.writerow(columns)
    written = 0
    for record in records:
        writer.writerow([_flat(record.get(column)) for column in columns])
        written += 1
    return written


def _flat(value) -> str:
    if isinstance(value, list):
        return "; ".join(map(str, value))
    if isinstance(value, dict) and "min" in value:
        low, high = (f"{v:g}" if v is not None else None for v in (value["min"], value["max"]))
        if high is None:
            return f"{low}+"
        return low if low == high else f"{low or 'up to '}-{high}".replace("up to -", "up to ")
    if isinstance(value, dict):
        return value.get("text") or ""
    return "" if value is None else str(value)


@app.command()
def fuse(
    db: Optional[str] = DbOption,
    rebuild: bool = typer.Option(False, "--rebuild", help="Recompute every claim, story group and register row"),
) -> None:
    """Fusion's tables: each ingest keeps them in step; --rebuild recomputes them all (after a change of rules)."""
    from dossier.store import StoreWriter, count_claims, count_transfers, open_store

    try:
        engine = open_store(_db(db), readonly=not rebuild)
        if rebuild:
            _rebuild_with_progress(StoreWriter(engine))
        console.print(f"claims {count_claims(engine)}, register rows {count_transfers(engine)}")
    except DossierError as error:
        raise _fail(error)


def _rebuild_with_progress(writer) -> None:
    """`writer.rebuild_fusion` under a progress bar on a terminal, one task per stage."""
    if not sys.stderr.isatty():
        writer.rebuild_fusion()
        return
    columns = (SpinnerColumn(), TextColumn("{task.description}"), BarColumn(), MofNCompleteColumn(),
               TimeElapsedColumn(), TimeRemainingColumn())
    with Progress(*columns, console=Console(stderr=True), transient=True) as progress:
        tasks: dict[str, int] = {}

        def advance(stage: str, done: int, total: int) -> None:
            if stage not in tasks:
                tasks[stage] = progress.add_task(stage, total=total)
            progress.update(tasks[stage], completed=done)

        writer.rebuild_fusion(advance)


@app.command()
def claims(
    db: Optional[str] = DbOption,
    status: Optional[str] = typer.Option(None, help="corroborated, single_source or disputed"),
    type: Optional[str] = TypeOption,
    actor: Optional[str] = typer.Option(None, help="Source or target (by country where it has one)"),
    document: Optional[str] = typer.Option(None, help="Claims a document supports or disputes"),
    limit: int = LimitOption,
    offset: int = OffsetOption,
    out: Optional[Path] = typer.Option(None, "--out", "-o", help="Write all the claims to this file instead"),
    format: str = typer.Option("table", "--format", "-f", help="table, csv or json (json or csv with --out)"),
) -> None:
    """List claims across documents by status, with the sentences for and against each."""
    rows, total, names = _fused(db, "claims", status, limit, offset, out is not None, type=type, actor=actor,
                                document=document)
    columns = ["id", "status", "type", "source", "target", "events", "documents"]
    if out is not None:
        _write_records(rows, out, format, columns)
        return
    _emit(list(rows), total, offset, format, partial(claims_table, names=names), columns)


def claims_table(rows: list[dict], names: dict[str, str], title: str | None = None, shown: str | None = None) -> Table:
    table = Table(title=title or f"claims ({shown or len(rows)})", show_lines=True)
    for column in ("status", "claim", "for", "against"):
        table.add_column(column, overflow="fold")
    for claim in rows:
        what = f"{claim['type']} {names.get(claim['source'], claim['source'] or '?')} -> " \
               f"{names.get(claim['target'], claim['target'] or '?')}"
        _add_row(table, claim["status"], what, _voices(claim["supporting"]), _voices(claim["disputing"]))
    return table


def _voices(voices: list[dict]) -> str:
    return "\n".join(f"[{v['factuality']}] {v['speaker_text'] or 'the outlet'}: {v['sentence'].strip()[:200]}"
                     for v in voices)


@app.command()
def register(
    db: Optional[str] = DbOption,
    status: Optional[str] = typer.Option(None, help="requested, offered, ordered, delivered, alleged, denied ..."),
    actor: Optional[str] = typer.Option(None, help="Supplier or recipient (by country where it has one)"),
    weapon: Optional[str] = WeaponOption,
    date_from: Optional[str] = typer.Option(None, "--from", help="A step dated on or after (ISO)"),
    date_to: Optional[str] = typer.Option(None, "--to", help="A step dated on or before (ISO)"),
    limit: int = LimitOption,
    offset: int = OffsetOption,
    out: Optional[Path] = typer.Option(None, "--out", "-o", help="Write all the register to this file instead"),
    format: str = typer.Option("table", "--format", "-f", help="table, csv or json (json or csv with --out)"),
) -> None:
    """Print the arms-transfer register: supplier, recipient, system, figures, status and its history."""
    rows, total, names = _fused(db, "transfers", status, limit, offset, out is not None, actor=actor, weapon=weapon,
                                date_from=date_from, date_to=date_to)
    columns = ["id", "supplier", "recipient", "system", "category", "number", "value", "ordered", "delivered",
               "status", "events", "documents"]
    if out is not None:
        _write_records(rows, out, format, columns)
        return
    _emit(list(rows), total, offset, format, partial(register_table, names=names), columns)


def register_table(rows: list[dict], names: dict[str, str], history: bool = True, shown: str | None = None) -> Table:
    table = Table(title=f"transfers ({shown or len(rows)})", show_lines=history)
    for column in ("supplier", "recipient", "system", "number", "value", "ordered", "delivered", "status",
                   *(["history"] if history else [])):
        table.add_column(column, overflow="fold")
    for row in rows:
        steps = ["\n".join(f"{step['date'] or '?'} {step['status']}" for step in row["history"])] if history else []
        _add_row(table, names.get(row["supplier"], row["supplier"]), names.get(row["recipient"], row["recipient"]),
                 row["system"] or row["category"], _flat(row["number"]), _flat(row["value"]),
                 row["ordered"] or "", row["delivered"] or "", row["status"], *steps)
    return table


sipri_app = typer.Typer(help="Reconcile the register with SIPRI's arms-transfer database.", no_args_is_help=True)
app.add_typer(sipri_app, name="sipri")


@sipri_app.command("compare")
def sipri_compare(
    file: Path = typer.Argument(..., help="A SIPRI trade-register CSV export, as downloaded"),
    db: Optional[str] = DbOption,
) -> None:
    """Which register rows match a SIPRI deal, which SIPRI lacks, and where figures disagree."""
    from dossier.sipri import format_comparison, match, read_register

    if not file.is_file():
        raise _fail(DossierError(f"no such file: {file}"))
    rows, _, _ = _fused(db, "transfers", None, whole=True)
    console.print(Text(format_comparison(match(list(rows), read_register(file)))))


review_app = typer.Typer(help="Confirm, reject or correct events and register rows; the review queue; "
                                "reviewed events as gold.", no_args_is_help=True)
app.add_typer(review_app, name="review")
SetOption = typer.Option([], "--set", help="A corrected value, name=value (repeat): " + ", ".join(
    ("type", "source", "target", "date", "weapon", "number", "value", "factuality")) + "; 'none' clears")
NoteOption = typer.Option(None, "--note", help="Why, in a sentence")
ByOption = typer.Option(None, "--by", help="Who reviews (default: $USER)")


def _reviewer(by: str | None) -> str:
    import getpass

    if by:
        return by
    try:
        return getpass.getuser()
    except (KeyError, OSError):
        return "analyst"


def _review(kind: str, target: str, confirm: bool, reject: bool, pairs: list[str], note: str | None,
            by: str | None, db: str | None) -> tuple[str, dict]:
    """Record a review of an event or a register row: the verdict the flags say, and the record as
    it now reads."""
    from dossier import review
    from dossier.store import open_store

    record = review.review_event if kind == "event" else review.review_transfer
    try:
        fields = review.parse_settings(pairs)
        verdict = review.verdict_of(confirm, reject, fields)
        return verdict, record(open_store(_db(db)), target, verdict, fields, note=note, by=_reviewer(by))
    except DossierError as error:
        raise _fail(error)


@review_app.command("queue")
def review_queue(
    db: Optional[str] = DbOption,
    limit: int = typer.Option(20, min=1, help="Items to show"),
    offset: int = typer.Option(0, min=0, help="Items to skip"),
) -> None:
    """What most needs an eye: disputed claims, register rows resting on one source, incomplete events."""
    from dossier.review import queue
    from dossier.store import open_store

    try:
        items, total = queue(open_store(_db(db), readonly=True), limit=limit, offset=offset)
    except DossierError as error:
        raise _fail(error)
    table = Table(title=f"review queue ({total}; {offset + 1}-{offset + len(items)} shown)", show_lines=True)
    for column in ("why", "id", "what", "evidence"):
        table.add_column(column, overflow="fold")
    for item in items:
        _add_row(table, item["reason"], item["id"], *_queue_cells(item))
    console.print(table)


def _queue_cells(item: dict) -> tuple[str, str]:
    if item["kind"] == "transfer":
        row = item["transfer"]
        step = row["history"][-1] if row["history"] else {}
        return f"{row['supplier']} -> {row['recipient']} {row['system'] or row['category']}: {row['status']}", \
            step.get("sentence") or ""
    if item["kind"] == "claim":
        claim = item["claim"]
        events = "\n".join(f"{e['id']} [{e['factuality']}] {(e['evidence'] or [{}])[0].get('sentence', '')[:160]}"
                           for e in item["events"])
        return f"{claim['type']} {claim['source']} -> {claim['target']}", events
    event = item["event"]
    return f"{event['type']} {event['source'] or '?'} -> {event['target'] or '?'}", \
        (event["evidence"] or [{}])[0].get("sentence", "")


@review_app.command("event")
def review_event(
    event_id: str = typer.Argument(..., help="The event's id, as the events list and the API give it"),
    confirm: bool = typer.Option(False, "--confirm", help="The machine got it right"),
    reject: bool = typer.Option(False, "--reject", help="No such event: it leaves every view, export and fusion"),
    set_: list[str] = SetOption,
    note: Optional[str] = NoteOption,
    by: Optional[str] = ByOption,
    db: Optional[str] = DbOption,
) -> None:
    """Confirm, reject or correct an event; the analyst's version wins everywhere from then on."""
    verdict, event = _review("event", event_id, confirm, reject, set_, note, by, db)
    console.print(f"{verdict} {escape(printable(event_id))} (by {escape(printable(event['review']['by']))})",
                  highlight=False)
    if verdict != "rejected":
        console.print(events_table([event]))


@review_app.command("transfer")
def review_transfer(
    row_id: str = typer.Argument(..., help="The register row's id, e.g. transfer:IRN-RUS-Shahed-136"),
    confirm: bool = typer.Option(False, "--confirm", help="The row's status is right"),
    reject: bool = typer.Option(False, "--reject", help="No such transfer: the row leaves the register"),
    set_: list[str] = typer.Option([], "--set", help="status=STATUS (requested ... delivered, alleged, "
                                                    "denied, cancelled)"),
    note: Optional[str] = NoteOption,
    by: Optional[str] = ByOption,
    db: Optional[str] = DbOption,
) -> None:
    """Confirm, reject or correct the status of a register row."""
    verdict, row = _review("transfer", row_id, confirm, reject, set_, note, by, db)
    console.print(f"{verdict} {escape(printable(row_id))}: status {row['status']}", highlight=False)


@review_app.command("export")
def review_export(
    out: Path = typer.Option(..., "--out", "-o", help="Folder to write reports.jsonl and gold.json into"),
    db: Optional[str] = DbOption,
) -> None:
    """Write the reviewed events and register rows as a gold set in the format of tests/gold/."""
    from dossier.review import export_gold
    from dossier.store import open_store

    try:
        written = export_gold(open_store(_db(db), readonly=True), out)
    except DossierError as error:
        raise _fail(error)
    console.print(f"wrote {written['events']} events and {written['register']} register rows from "
                  f"{written['documents']} documents to {escape(printable(str(out)))}", highlight=False)


@app.command()
def demo(
    db: Optional[str] = DbOption,
    fresh: bool = typer.Option(False, help="Delete the SQLite store file first"),
) -> None:
    """Ingest the bundled sample reports and show a summary: counts, the register, the top claims."""
    from dossier.ingest import SUPPORTED_SUFFIXES, expected_items
    from dossier.pipeline import ingest as run_ingest
    from dossier.store import counts, open_store

    target = _db(db)
    if fresh and "://" not in target:
        for suffix in ("", "-wal", "-shm"):
            Path(target + suffix).unlink(missing_ok=True)
    samples = resources.files("dossier") / "samples"
    with resources.as_file(samples) as folder:
        articles = sorted(p for p in folder.iterdir() if p.suffix in SUPPORTED_SUFFIXES)  # not the README
        summary = _ingest_with_progress(partial(run_ingest, articles, Settings(db=target)), expected_items(articles))
    _print_summary(summary)
    totals = counts(open_store(target, readonly=True))
    console.print(f"store {target}: " + ", ".join(f"{k} {v}" for k, v in totals.items() if not isinstance(v, dict)))
    transfers, _, names = _fused(target, "transfers", None, whole=True)
    console.print(register_table(list(transfers), names, history=False))
    shown, total, _ = _fused(target, "claims", None, DEMO_CLAIMS)
    console.print(claims_table(list(shown), names, title=f"claims (the first {len(list(shown))} of {total})"))
    console.print(f"next: [bold]dossier serve --db {escape(target)}[/bold] and open http://127.0.0.1:8000 "
                  f"for the page; [bold]dossier events --db {escape(target)}[/bold] for every event.")


DEMO_CLAIMS = 5


@app.command()
def serve(
    db: Optional[str] = DbOption,
    host: str = typer.Option("127.0.0.1", help="Address to listen on"),
    port: int = typer.Option(8000, help="Port to listen on"),
    allow_ingest: bool = typer.Option(False, "--allow-ingest",
                                      help="Accept POST /api/ingest, with the token printed at start "
                                           "($DOSSIER_TOKEN, or a new one)"),
    allowed_host: list[str] = typer.Option([], "--allowed-host",
                                           help="Another name the server answers to (besides localhost)"),
    max_request_bytes: int = typer.Option(Settings().max_request_bytes, min=1, help="Larger request bodies get 413"),
    writes_per_minute: int = typer.Option(Settings().writes_per_minute, min=1, help="Writes per client a minute"),
) -> None:
    """Serve the web page at / and the HTTP API under /api (OpenAPI at /docs). Read-only unless
    --allow-ingest; requests must name a host it answers to."""
    import uvicorn

    from dossier.access import new_token, served_hosts
    from dossier.api import create_app

    token = (os.environ.get("DOSSIER_TOKEN") or new_token()) if allow_ingest else None
    limits = Settings(max_request_bytes=max_request_bytes, writes_per_minute=writes_per_minute)
    try:
        application = create_app(_db(db), ingest_token=token, hosts=served_hosts(host, allowed_host), settings=limits)
    except DossierError as error:
        raise _fail(error)
    if token is not None:
        console.print(f"ingest is open to clients with the token: {escape(token)}", highlight=False)
    uvicorn.run(application, host=host, port=port)


@app.command()
def watch(
    urls: list[str] = typer.Argument(..., help="RSS/Atom feeds and article pages (http or https)"),
    every: str = typer.Option("15m", help="Time between rounds: 30s, 15m, 1h ..."),
    once: bool = typer.Option(False, "--once", help="Poll every URL once and exit (for cron)"),
    allow_private: bool = typer.Option(False, "--allow-private",
                                       help="Also fetch from private, loopback and link-local addresses"),
    db: Optional[str] = DbOption,
) -> None:
    """Poll feeds and pages, ingesting what is new, until SIGINT or SIGTERM (or once, with --once)."""
    import threading

    from dossier.watch import parse_every
    from dossier.watch import watch as run_watch

    try:
        seconds = parse_every(every)
    except ValueError as error:
        raise typer.BadParameter(str(error), param_hint="--every") from None
    stop = threading.Event()
    settings = Settings(db=_db(db), watch_every=seconds, allow_private=allow_private)
    with _stopping_on_signals(stop):
        try:
            rounds = run_watch(urls, settings, stop=stop, once=once, report=_print_round)
        except DossierError as error:
            raise _fail(error)
    if once and rounds and rounds[-1].all_failed:
        raise typer.Exit(code=1)


@contextmanager
def _stopping_on_signals(stop) -> Iterator[None]:
    """SIGINT and SIGTERM set `stop` (the watcher ends after the current document); a second one
    exits at once. The previous handlers come back afterwards."""
    import signal

    def handle(signum: int, _frame: object) -> None:
        if stop.is_set():
            raise SystemExit(128 + signum)
        stop.set()
        sys.stderr.write("stopping after the current document (a second signal stops at once)\n")

    previous = {sig: signal.signal(sig, handle) for sig in (signal.SIGINT, signal.SIGTERM)}
    try:
        yield
    finally:
        for sig, handler in previous.items():
            signal.signal(sig, handler)


def _print_round(report) -> None:
    """One line a round (its totals, then each URL's), then the items skipped or failed."""
    from dossier.store import OUTCOME_STATUSES

    totals = report.counts
    parts = []
    for url in report.urls:
        words = [] if url.state == "read" else [url.state]
        if url.state != "failed":  # a failed fetch's one outcome is the state itself
            words += [f"{status} {url.counts[status]}" for status in OUTCOME_STATUSES if url.counts[status]]
        said = ", ".join(words) + (f" ({url.detail})" if url.detail else "")
        parts.append(f"{url.url}: {said}")
    head = f"round {report.number} {report.started:%H:%M:%S} UTC: " + ", ".join(
        f"{status} {totals[status]}" for status in OUTCOME_STATUSES)
    console.print(escape(printable(" | ".join([head, *parts]))), soft_wrap=True, highlight=False)
    _print_bad_items(outcome for url in report.urls if url.state != "failed" for outcome in url.outcomes)


@app.command()
def settings() -> None:
    """List every setting with its default and help."""
    table = Table("setting", "default", "help")
    for name, (default, help_text) in describe().items():
        _add_row(table, name, str(default), help_text)
    console.print(table)


if __name__ == "__main__":
    app()
