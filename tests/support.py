"""Helpers the tests share: where the read-only reference data lives, the bundled samples, and a
throwaway PostgreSQL server."""

from __future__ import annotations

import itertools
import os
import pwd
import shutil
import subprocess
import tempfile
from collections.abc import Iterator
from contextlib import contextmanager
from importlib import resources
from pathlib import Path

import pytest
from sqlalchemy import create_engine, make_url, text

from dossier.ingest import SUPPORTED_SUFFIXES

REPO = Path(__file__).resolve().parents[1]


def shared_dir() -> Path:
    """../shared beside the repository, or $DOSSIER_SHARED."""
    return Path(os.environ.get("DOSSIER_SHARED", REPO.parent / "shared"))


def local_client(app, token: str | None = None):
    """A test client that calls the app as a browser on this machine would (Host localhost),
    carrying the ingest token when one is given."""
    from fastapi.testclient import TestClient

    headers = {"Authorization": f"Bearer {token}"} if token else {}
    return TestClient(app, base_url="http://localhost", headers=headers)


def sample_paths() -> list[Path]:
    folder = Path(str(resources.files("dossier") / "samples"))
    return sorted(p for p in folder.iterdir() if p.suffix in SUPPORTED_SUFFIXES)


def store_analyses(engine, *analyses) -> list:
    """Store the analyses in one batch of one run; return the outcomes as recorded."""
    from dossier.pipeline import new_outcome
    from dossier.store import StoreWriter

    with StoreWriter(engine) as writer:
        return writer.write(list(analyses), [new_outcome(a) for a in analyses])


def exported(url: str) -> dict:
    """The store at `url` as its JSON export, parsed: what two stores must agree on, record for record."""
    import io
    import json

    from dossier.export import export_json
    from dossier.store import open_store

    engine = open_store(url, readonly=True)
    out = io.StringIO()
    export_json(engine, out)
    engine.dispose()
    return json.loads(out.getvalue())


def analyse_text(text: str, published: str | None = "2024-10-11"):
    """The whole pipeline on one text, as one Analysis."""
    import hashlib

    from dossier.pipeline import analyse
    from dossier.records import Document
    from dossier.settings import Settings

    document = Document("d", text, hashlib.sha256(text.encode()).hexdigest(), published=published)
    return next(analyse([document], Settings()))


@contextmanager
def postgres_server() -> Iterator[str]:
    """A real PostgreSQL server for this test run; yields the URL of its maintenance database.

    $DOSSIER_TEST_POSTGRES names a server of your own (its role must be allowed to create
    databases). Otherwise a throwaway cluster starts in a temporary folder, reachable only on a
    Unix socket there, and is removed afterwards; as root it runs as Debian's `postgres` user,
    since PostgreSQL refuses to run as root. Skips where neither is available.
    """
    if os.environ.get("DOSSIER_TEST_POSTGRES"):
        yield os.environ["DOSSIER_TEST_POSTGRES"]
        return
    bindir = _postgres_bindir()
    if bindir is None:
        pytest.skip("PostgreSQL's server programs (initdb, pg_ctl) are not installed: apt-get install "
                    "postgresql, or set DOSSIER_TEST_POSTGRES to a server URL")
    run_as: list[str] = []
    folder = Path(tempfile.mkdtemp(prefix="dossier-pg-"))
    if os.geteuid() == 0:
        try:
            owner = pwd.getpwnam("postgres")
        except KeyError:
            pytest.skip("running as root and there is no `postgres` user to run PostgreSQL as")
        os.chown(folder, owner.pw_uid, owner.pw_gid)
        run_as = ["runuser", "-u", "postgres", "--"]
    data, pg_ctl = folder / "data", str(bindir / "pg_ctl")
    try:
        subprocess.run([*run_as, str(bindir / "initdb"), "-D", str(data), "-A", "trust", "-U", "dossier",
                        "-E", "UTF8", "--no-locale"], check=True, capture_output=True)
        subprocess.run([*run_as, pg_ctl, "-D", str(data), "-w", "-l", str(folder / "server.log"),
                        "-o", f"-k {folder} -h '' -c fsync=off", "start"], check=True, capture_output=True)
        yield f"postgresql+psycopg://dossier@/postgres?host={folder}"
    finally:
        subprocess.run([*run_as, pg_ctl, "-D", str(data), "-m", "immediate", "stop"], capture_output=True)
        shutil.rmtree(folder, ignore_errors=True)


_DATABASE_NUMBERS = itertools.count()


@contextmanager
def postgres_database(server_url: str) -> Iterator[str]:
    """A new, empty database on the server; yields its URL and drops it afterwards."""
    name = f"dossier_test_{os.getpid()}_{next(_DATABASE_NUMBERS)}"
    admin = create_engine(server_url, isolation_level="AUTOCOMMIT")
    with admin.connect() as conn:
        conn.execute(text(f"CREATE DATABASE {name}"))
    try:
        yield make_url(server_url).set(database=name).render_as_string(hide_password=False)
    finally:
        with admin.connect() as conn:
            conn.execute(text(f"DROP DATABASE IF EXISTS {name} WITH (FORCE)"))
        admin.dispose()


def _postgres_bindir() -> Path | None:
    """Where initdb and pg_ctl are: on PATH, or in Debian's versioned folder (newest first)."""
    found = shutil.which("pg_ctl")
    candidates = [Path(found).resolve().parent] if found else []
    candidates += sorted(Path("/usr/lib/postgresql").glob("*/bin"), key=lambda p: int(p.parent.name), reverse=True)
    return next((folder for folder in candidates if (folder / "initdb").exists()), None)
