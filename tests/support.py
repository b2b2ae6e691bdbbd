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
from sqlalchemy.exc import DBAPIError

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


def retold_store(folder: Path, copies: int = 12, denied: bool = False) -> str:
    """A store in `folder` where one delivery is told by `copies` reports: a claim with that many
    voices, a register row with that many steps; `denied` adds a report denying it, which makes the
    claim disputed (and so first in the review queue)."""
    from dossier.pipeline import ingest
    from dossier.settings import Settings

    for n in range(copies):
        (folder / f"report-{n}.txt").write_text(
            f"Russia delivered S-400 air defence systems to India in December 2021, report number {n} said, "
            f"citing officials in New Delhi who spoke on day {n} of the month.\n", encoding="utf-8")
    if denied:
        (folder / "denial.txt").write_text("India's defence ministry denied that Russia delivered S-400 air defence "
                                           "systems to India in December 2021.\n", encoding="utf-8")
    db = str(folder / "retold.db")
    assert ingest([folder], Settings(db=db, published="2022-01-05")).counts["new"] == copies + denied
    return db


def _bench_module(name: str):
    """A module of bench/ (no package): the synthetic news and the corpus copies the benchmarks use."""
    import importlib
    import sys

    if str(REPO / "bench") not in sys.path:
        sys.path.insert(0, str(REPO / "bench"))
    return importlib.import_module(name)


def generated_store(db: str, documents: int, batch: int) -> None:
    """`documents` of the growth benchmark's generated news (bench/synthetic.py, seed 0) stored at
    `db` in batches of `batch`, fusion kept as each is written: the popular pairs of states make
    claims of many voices and many denials, grown one batch at a time as a store grows."""
    from dossier.store import open_store

    engine = open_store(db)
    generated = _bench_module("synthetic").analyses(documents)
    for _ in range(0, documents, batch):
        store_analyses(engine, *itertools.islice(generated, batch))
    engine.dispose()


def busy_claim_store(db: str, voices: int, documents: int = 50) -> str:
    """`generated_store` of `documents`, then `voices` near-copies of the document behind the first
    supporting event of its first disputed claim, each holding only that event (as
    bench/corpus.py copies documents): a disputed claim told hundreds of times, without parsing.
    Returns the claim's id."""
    from dossier.store import list_claims, open_store

    generated_store(db, documents, documents)
    engine = open_store(db)
    claim = list_claims(engine, status="disputed", limit=1)[0]
    told = claim["supporting"][0]
    original = next(a for a in _bench_module("synthetic").analyses(documents) if a.document.id == told["document"])
    copies = []
    for n in range(voices):
        twin = _bench_module("corpus").copy_analysis(original, f"{original.document.id}-{n}", f" Copy {n}.")
        twin.events = [e for e in twin.events if e.id == told["event"].replace(original.document.id, twin.document.id, 1)]
        copies.append(twin)
    for start in range(0, voices, 100):
        store_analyses(engine, *copies[start : start + 100])
    engine.dispose()
    return claim["id"]


def sample_paths() -> list[Path]:
    folder = Path(str(resources.files("dossier") / "samples"))
    return sorted(p for p in folder.iterdir() if p.suffix in SUPPORTED_SUFFIXES)


def deny_access(monkeypatch: pytest.MonkeyPatch, *denied: Path) -> None:
    """`denied` files and folders behave as if their permissions were 000, also for root (whom
    chmod does not stop): opening a file, listing a folder and reaching anything below a folder
    raise PermissionError, and os.access says no, as click's checks ask it."""
    import builtins
    import errno
    import io

    def is_denied(path: object, below_only: bool = False) -> bool:
        if not isinstance(path, str | bytes | os.PathLike):
            return False  # a file descriptor
        given = Path(os.fsdecode(path))
        return any(d in given.parents or (not below_only and given == d) for d in denied)

    def guarded(real, below_only: bool = False):
        def call(path, *args, **kwargs):
            if is_denied(path, below_only):
                raise PermissionError(errno.EACCES, "Permission denied", os.fsdecode(path))
            return real(path, *args, **kwargs)
        return call

    for module, name in ((builtins, "open"), (io, "open"), (os, "scandir")):
        monkeypatch.setattr(module, name, guarded(getattr(module, name)))
    for name in ("stat", "lstat"):
        monkeypatch.setattr(os, name, guarded(getattr(os, name), below_only=True))
    real_access = os.access
    monkeypatch.setattr(os, "access", lambda path, mode, **kwargs: (
        not is_denied(path) and real_access(path, mode, **kwargs)))


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


def analyse_text(text: str, published: str | None = "2024-10-11", vetted: bool = False):
    """The pipeline on one text, as one Analysis: by default the rules' reading, which the
    extraction tests pin down (`vetted` adds the learned event scorer, tested on its own)."""
    import hashlib

    from dossier.pipeline import analyse
    from dossier.records import Document
    from dossier.settings import Settings

    document = Document("d", text, hashlib.sha256(text.encode()).hexdigest(), published=published)
    return next(analyse([document], Settings(), vetted))


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
def postgres_database(server_url: str, icu_locale: str | None = None) -> Iterator[str]:
    """A new, empty database on the server; yields its URL and drops it afterwards. With `icu_locale`
    (e.g. 'en-US') its text sorts by that locale's rules (skips where the server has no ICU)."""
    name = f"dossier_test_{os.getpid()}_{next(_DATABASE_NUMBERS)}"
    admin = create_engine(server_url, isolation_level="AUTOCOMMIT")
    with admin.connect() as conn:
        if icu_locale is None:
            conn.execute(text(f"CREATE DATABASE {name}"))
        else:
            try:
                conn.execute(text(f"CREATE DATABASE {name} TEMPLATE template0 LOCALE_PROVIDER icu "
                                  f"ICU_LOCALE '{icu_locale}' LOCALE 'C'"))
            except DBAPIError as error:
                admin.dispose()
                pytest.skip(f"the PostgreSQL server makes no database of ICU locale {icu_locale}: {error}")
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


class LocalServer:
    """An `http.server` on 127.0.0.1 in a thread, for the fetching tests.

    `routes` maps a path to a function that answers the request through `reply`; `hits` counts the
    requests by path and `answers` lists (path, status) as answered. Handlers that hang wait on
    `released`, which closing the server sets.
    """

    def __init__(self, routes: dict) -> None:
        import threading
        from collections import Counter
        from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer

        server = self

        class Handler(BaseHTTPRequestHandler):
            def do_GET(self) -> None:  # noqa: N802 - http.server's name
                path = self.path.split("?")[0]
                server.hits[path] += 1
                route = server.routes.get(path)
                if route is None:
                    server.reply(self, 404, b"not here")
                else:
                    route(self)

            def log_message(self, *_args) -> None:
                pass

        self.routes = routes
        self.hits: Counter = Counter()
        self.answers: list[tuple[str, int]] = []
        self.released = threading.Event()
        self.httpd = ThreadingHTTPServer(("127.0.0.1", 0), Handler)
        self.httpd.daemon_threads = True
        threading.Thread(target=self.httpd.serve_forever, kwargs={"poll_interval": 0.05}, daemon=True).start()

    def url(self, path: str) -> str:
        return f"http://127.0.0.1:{self.httpd.server_port}{path}"

    def reply(self, handler, status: int, body: bytes = b"", headers: dict[str, str] | None = None) -> None:
        self.answers.append((handler.path, status))
        handler.send_response(status)
        for name, value in (headers or {}).items():
            handler.send_header(name, value)
        if "Content-Length" not in (headers or {}):
            handler.send_header("Content-Length", str(len(body)))
        handler.end_headers()
        handler.wfile.write(body)

    def close(self) -> None:
        self.released.set()
        self.httpd.shutdown()
        self.httpd.server_close()


def endless_page(handler) -> None:
    """An HTML page that streams, without a length, until the client hangs up (4 MB at most)."""
    handler.send_response(200)
    handler.send_header("Content-Type", "text/html")
    handler.end_headers()
    try:
        for _ in range(1000):
            handler.wfile.write(b"<p>" + b"x" * 4093)
    except OSError:
        pass  # the client hung up at its limit


def closed_port() -> int:
    """A loopback port nothing listens on (connecting is refused)."""
    import socket

    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]
