"""What the benchmarks read: the base corpus, stores of its analysed copies, and a cache of stores.

The base corpus is the bundled samples plus, where present, the seed reports in
../shared/corpus/seeds. A store of any size is built from copies of the base corpus's analyses
(new ids, shifted wording), so it holds the volume of events real documents would give without
hours of parsing first. Built stores are cached under a key hashed from everything they are made
of (the dossier package, this module, the base texts, the size), so a rerun reuses them.
"""

from __future__ import annotations

import copy
import hashlib
import shutil
import sqlite3
import tempfile
import time
from collections.abc import Callable
from contextlib import suppress
from importlib import resources
from pathlib import Path

import dossier
from dossier.ingest import read_paths
from dossier.pipeline import analyse, new_outcome
from dossier.records import Analysis, Document
from dossier.settings import Settings
from dossier.store import StoreWriter, counts, open_store

SEEDS = Path(__file__).resolve().parents[2] / "shared" / "corpus" / "seeds"
CACHE = Path(tempfile.gettempdir()) / "dossier-bench"
PACKAGE = Path(dossier.__file__).resolve().parent  # the package imported, wherever it lives
STALE_SECONDS = 3600  # a cached store unused this long is removed when another of its kind is built


def base_texts() -> list[str]:
    settings = Settings()
    with resources.as_file(resources.files("dossier") / "samples") as samples:
        paths = [samples] + ([SEEDS] if SEEDS.is_dir() else [])
        return [item.text for item in read_paths(paths, settings) if hasattr(item, "text")]


def base_analyses(texts: list[str]) -> list[Analysis]:
    documents = [Document(f"base{n}", t, hashlib.sha256(t.encode()).hexdigest(), published="2024-10-11")
                 for n, t in enumerate(texts)]
    return list(analyse(documents, Settings()))


def copy_analysis(analysis: Analysis, document_id: str, ending: str) -> Analysis:
    """The analysis of a copy of the document with `ending` appended to its text, under a new id:
    every record's id and document made new, offsets unchanged."""
    twin = copy.deepcopy(analysis)
    old = twin.document.id
    twin.document.id = document_id
    twin.document.text = twin.document.text + ending
    twin.document.sha256 = hashlib.sha256(twin.document.text.encode()).hexdigest()
    for record in [*twin.mentions, *twin.attributions, *twin.cues]:
        record.document = document_id
    for attribution in twin.attributions:
        attribution.id = attribution.id.replace(old, document_id, 1)
    for event in twin.events:
        event.id = event.id.replace(old, document_id, 1)
        for evidence in event.evidence:
            evidence.document = document_id
    return twin


def write_copies(db: str, analyses: list[Analysis], documents: int) -> None:
    """Store `documents` copies of `analyses` at `db`; stops if the store refuses any of them. A bulk
    load: fusion's tables are computed once, at the end."""
    engine = open_store(db)
    writer = StoreWriter(engine, fuse=False)
    for start in range(0, documents, 500):
        bases = [(n, analyses[n % len(analyses)]) for n in range(start, min(start + 500, documents))]
        batch = [copy_analysis(base, f"{base.document.id}-{n}", f" Copy {n}.") for n, base in bases]
        writer.write(batch, [new_outcome(a) for a in batch])
    writer.rebuild_fusion()
    stored = counts(engine)["documents"]
    engine.dispose()
    if stored != documents:  # a copy the store refused would make any figure meaningless
        raise SystemExit(f"only {stored} of {documents} copies were stored")


def cached_store(kind: str, build: Callable[[str], None], *inputs: str, cache: Path = CACHE) -> tuple[Path, bool]:
    """The SQLite store `build(path)` makes from `inputs`, built once per key under `cache`; True if reused.

    The key hashes the dossier package and this module too, since the rows depend on the code that
    analysed them. Building one removes the stores of its kind unused for an hour (not all of them:
    a run from another checkout, with other code, may be reading its own).
    """
    digest = hashlib.sha256(Path(__file__).read_bytes())
    for path in sorted(PACKAGE.rglob("*")):
        if path.is_file() and "__pycache__" not in path.parts:
            digest.update(str(path.relative_to(PACKAGE)).encode() + path.read_bytes())
    for item in inputs:
        digest.update(item.encode())
    target = cache / f"{kind}-{digest.hexdigest()[:16]}.db"
    if target.exists():
        return target, True
    cache.mkdir(parents=True, exist_ok=True)
    for old in cache.glob(f"{kind}-*.db"):
        with suppress(FileNotFoundError):  # another run may be removing it too
            files = [old, *cache.glob(f"{old.name}-*")]  # with its -wal and -shm, touched by readers
            if time.time() - max(f.stat().st_mtime for f in files) > STALE_SECONDS:
                for f in files:
                    f.unlink(missing_ok=True)
    with tempfile.TemporaryDirectory(dir=cache) as tmp:
        partial = Path(tmp) / "store.db"
        build(str(partial))
        with sqlite3.connect(partial) as conn:  # the WAL folded into the file, which can move alone
            conn.execute("PRAGMA wal_checkpoint(TRUNCATE)")
        conn.close()
        shutil.move(partial, target)  # only a finished store gets the key's name
    return target, False
