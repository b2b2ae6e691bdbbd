"""The `dossier` command: thin typer commands over the library's functions."""

from __future__ import annotations

import os
import sys
from importlib import resources
from pathlib import Path
from typing import Optional

import typer
from rich.console import Console
from rich.markup import escape
from rich.progress import BarColumn, Progress, SpinnerColumn, TextColumn, TimeElapsedColumn
from rich.table import Table
from rich.text import Text

from dossier.errors import DossierError, UnsupportedFormat
from dossier.settings import DEFAULT_DB, Settings, describe

app = typer.Typer(help="Turn news reports about military cooperation into a sourced, structured record.",
                  no_args_is_help=True, add_completion=False)
console = Console(width=None if sys.stdout.isatty() else 140)  # files and pipes get wide tables
DbOption = typer.Option(None, "--db", help="SQLAlchemy URL or SQLite path (default: $DOSSIER_DB or dossier.db)")


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
    paths: list[Path] = typer.Argument(..., help="Files or directories: .txt, .html, .jsonl, RSS/Atom feeds"),
    db: Optional[str] = DbOption,
    published: Optional[str] = typer.Option(None, help="Publication date (ISO) for inputs that carry none"),
    outlet: Optional[str] = typer.Option(None, help="Outlet name for inputs that carry none"),
    workers: int = typer.Option(1, min=1, help="Processes that parse in parallel (with --engine dask: "
                                "the local cluster's worker processes)"),
    batch_size: int = typer.Option(64, min=1, help="Documents per parse batch and store transaction"),
    engine: str = typer.Option("local", help="Where documents are analysed: local or dask"),
    scheduler: Optional[str] = typer.Option(None, help="Dask scheduler tcp://HOST:PORT for --engine dask "
                                            "(default: a local cluster of --workers processes)"),
) -> None:
    """Read, analyse and store articles; print what was new, already stored, skipped or failed."""
    from dossier.pipeline import ingest as run_ingest

    settings = Settings(db=_db(db), published=published, outlet=outlet, workers=workers, batch_size=batch_size,
                        engine=engine.lower(), scheduler=scheduler)
    try:
        summary = _ingest_with_progress(run_ingest, paths, settings)
    except DossierError as error:
        raise _fail(error)
    _print_summary(summary)
    if summary.read_nothing:
        raise typer.Exit(code=1)


def _ingest_with_progress(run_ingest, paths, settings):
    if not sys.stderr.isatty():
        return run_ingest(paths, settings)
    columns = (SpinnerColumn(), TextColumn("{task.description}"), BarColumn(), TextColumn("{task.completed} items"),
               TextColumn("{task.fields[events]} events"), TimeElapsedColumn())
    with Progress(*columns, console=Console(stderr=True), transient=True) as progress:
        task = progress.add_task("ingesting", total=None, events=0)
        events = 0

        def advance(outcome) -> None:
            nonlocal events
            events += outcome.events
            progress.update(task, advance=1, events=events)

        return run_ingest(paths, settings, progress=advance)


def _print_summary(summary) -> None:
    counts = summary.counts
    console.print(f"new {counts['new']}, already stored {counts['duplicate']}, skipped {counts['skipped']}, "
                  f"failed {counts['failed']}; events found {summary.events}")
    for outcome in summary.outcomes:
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
) -> None:
    """Write the store in the chosen format."""
    from dossier.export import BINARY_FORMATS
    from dossier.export import export as run_export
    from dossier.store import open_store

    binary = format.lower() in BINARY_FORMATS
    try:
        engine = open_store(_db(db), readonly=True)
        if str(out) == "-":
            run_export(engine, format, sys.stdout.buffer if binary else sys.stdout)
        elif binary:
            with out.open("wb") as handle:
                run_export(engine, format, handle)
        else:
            with out.open("w", encoding="utf-8", newline="") as handle:
                run_export(engine, format, handle)
    except DossierError as error:
        raise _fail(error)
    if str(out) != "-":
        console.print(f"wrote {out}")


@app.command()
def events(
    db: Optional[str] = DbOption,
    actor: Optional[str] = typer.Option(None, help="Actor id or name, as source, target or other party"),
    type: Optional[str] = typer.Option(None, "--type", help="PLOVER event type, e.g. AID"),
    factuality: Optional[str] = typer.Option(None, help="asserted, reported, alleged, denied, expected ..."),
    date_from: Optional[str] = typer.Option(None, "--from", help="Earliest event date (ISO)"),
    date_to: Optional[str] = typer.Option(None, "--to", help="Latest event date (ISO)"),
    limit: int = typer.Option(50, min=1, help="Rows to show"),
    evidence: bool = typer.Option(False, help="Show each event's evidence sentence"),
) -> None:
    """Print stored events as a table, filtered."""
    from dossier.store import list_actors, list_events, open_store

    try:
        engine = open_store(_db(db), readonly=True)
        rows = list_events(engine, actor=actor, type=type and type.upper(), factuality=factuality,
                           date_from=date_from, date_to=date_to, limit=limit)
        names = {a["id"]: a["name"] for a in list_actors(engine)}
    except DossierError as error:
        raise _fail(error)
    console.print(events_table(rows, names, evidence))


def events_table(rows: list[dict], names: dict[str, str] | None = None, evidence: bool = False) -> Table:
    """Events as rows an analyst can scan: who, whom, when, what, how sure, on whose word."""
    names = names or {}
    table = Table(title=f"events ({len(rows)})", show_lines=evidence)
    for column in ("type", "source", "target", "date", "weapons", "number", "value", "factuality", "speaker"):
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
                 value.get("text", ""), row["factuality"], speakers]
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
) -> None:
    """Print stored actors as a table, filtered."""
    from dossier.store import list_actors, open_store

    try:
        rows = list_actors(open_store(_db(db), readonly=True), kind=kind, country=country, name=name)
    except DossierError as error:
        raise _fail(error)
    console.print(actors_table(rows))


def actors_table(rows: list[dict]) -> Table:
    table = Table("id", "name", "kind", "country", "aliases", "roles", title=f"actors ({len(rows)})")
    for row in rows:
        _add_row(table, row["id"], row["name"], row["kind"], row.get("country") or "",
                      ", ".join(row.get("aliases") or [])[:80], ", ".join(row.get("roles") or []))
    return table


def _fused(db: str | None, records: str, status: str | None) -> tuple[list[dict], dict[str, str]]:
    """The store's claims or transfers (`records`) with the given status (any case), and actor names
    by id: the same queries the API answers with."""
    from dossier.store import list_actors, list_claims, list_transfers, open_store

    listing = {"claims": list_claims, "transfers": list_transfers}[records]
    try:
        engine = open_store(_db(db), readonly=True)
        rows = listing(engine, status=status)
        names = {a["id"]: a["name"] for a in list_actors(engine)}
    except DossierError as error:
        raise _fail(error)
    return rows, names


def _write_records(records: list[dict], out: Path, fmt: str, columns: list[str]) -> None:
    """Claims or transfers as JSON (whole records) or CSV (one flat row each)."""
    import csv
    import json

    with out.open("w", encoding="utf-8", newline="") as handle:
        if fmt == "json":
            json.dump(records, handle, ensure_ascii=False, indent=1)
        elif fmt == "csv":
            writer = csv.writer(handle, lineterminator="\n")
            writer.writerow(columns)
            for record in records:
                writer.writerow([_flat(record.get(column)) for column in columns])
        else:
            raise _fail(UnsupportedFormat(f"unknown format {fmt!r}; valid formats: json, csv"))
    console.print(f"wrote {len(records)} records to {out}")


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
def claims(
    db: Optional[str] = DbOption,
    status: Optional[str] = typer.Option(None, help="corroborated, single_source or disputed"),
    out: Optional[Path] = typer.Option(None, "--out", "-o", help="Write the claims to this file instead"),
    format: str = typer.Option("json", "--format", "-f", help="json or csv, with --out"),
) -> None:
    """List claims across documents by status, with the sentences for and against each."""
    rows, names = _fused(db, "claims", status)
    rows.sort(key=lambda c: ({"disputed": 0, "corroborated": 1}.get(c["status"], 2), c["id"]))
    if out is not None:
        _write_records(rows, out, format, ["id", "status", "type", "source", "target", "events", "documents"])
        return
    table = Table(title=f"claims ({len(rows)})", show_lines=True)
    for column in ("status", "claim", "for", "against"):
        table.add_column(column, overflow="fold")
    for claim in rows:
        what = f"{claim['type']} {names.get(claim['source'], claim['source'] or '?')} -> " \
               f"{names.get(claim['target'], claim['target'] or '?')}"
        _add_row(table, claim["status"], what, _voices(claim["supporting"]), _voices(claim["disputing"]))
    console.print(table)


def _voices(voices: list[dict]) -> str:
    return "\n".join(f"[{v['factuality']}] {v['speaker_text'] or 'the outlet'}: {v['sentence'].strip()[:200]}"
                     for v in voices)


@app.command()
def register(
    db: Optional[str] = DbOption,
    status: Optional[str] = typer.Option(None, help="requested, offered, ordered, delivered, alleged, denied ..."),
    out: Optional[Path] = typer.Option(None, "--out", "-o", help="Write the register to this file instead"),
    format: str = typer.Option("json", "--format", "-f", help="json or csv, with --out"),
) -> None:
    """Print the arms-transfer register: supplier, recipient, system, figures, status and its history."""
    rows, names = _fused(db, "transfers", status)
    if out is not None:
        _write_records(rows, out, format, ["id", "supplier", "recipient", "system", "category", "number", "value",
                                           "ordered", "delivered", "status", "events", "documents"])
        return
    console.print(register_table(rows, names))


def register_table(rows: list[dict], names: dict[str, str]) -> Table:
    table = Table(title=f"transfers ({len(rows)})", show_lines=True)
    for column in ("supplier", "recipient", "system", "number", "value", "ordered", "delivered", "status",
                   "history"):
        table.add_column(column, overflow="fold")
    for row in rows:
        history = "\n".join(f"{step['date'] or '?'} {step['status']}" for step in row["history"])
        _add_row(table, names.get(row["supplier"], row["supplier"]), names.get(row["recipient"], row["recipient"]),
                 row["system"] or row["category"], _flat(row["number"]), _flat(row["value"]),
                 row["ordered"] or "", row["delivered"] or "", row["status"], history)
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
    rows, _ = _fused(db, "transfers", None)
    console.print(Text(format_comparison(match(rows, read_register(file)))))


@app.command()
def demo(
    db: Optional[str] = DbOption,
    fresh: bool = typer.Option(False, help="Delete the SQLite store file first"),
) -> None:
    """Ingest the bundled sample reports and show what was found."""
    from dossier.ingest import SUPPORTED_SUFFIXES
    from dossier.pipeline import ingest as run_ingest
    from dossier.store import counts, list_actors, list_events, open_store

    target = _db(db)
    if fresh and "://" not in target:
        for suffix in ("", "-wal", "-shm"):
            Path(target + suffix).unlink(missing_ok=True)
    samples = resources.files("dossier") / "samples"
    with resources.as_file(samples) as folder:
        articles = sorted(p for p in folder.iterdir() if p.suffix in SUPPORTED_SUFFIXES)  # not the README
        summary = _ingest_with_progress(run_ingest, articles, Settings(db=target))
    _print_summary(summary)
    engine = open_store(target, readonly=True)
    actors = list_actors(engine)
    console.print(events_table(list_events(engine, limit=200), {a["id"]: a["name"] for a in actors}))
    console.print(actors_table(actors))
    transfers, names = _fused(target, "transfers", None)
    console.print(register_table(transfers, names))
    totals = counts(engine)
    console.print(f"store {target}: " + ", ".join(f"{k} {v}" for k, v in totals.items() if not isinstance(v, dict)))


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
def settings() -> None:
    """List every setting with its default and help."""
    table = Table("setting", "default", "help")
    for name, (default, help_text) in describe().items():
        _add_row(table, name, str(default), help_text)
    console.print(table)


if __name__ == "__main__":
    app()
