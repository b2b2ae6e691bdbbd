"""Shared fixtures."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

import pytest

from support import generated_store, postgres_database, postgres_server, shared_dir


@pytest.fixture(scope="session")
def seeds_dir() -> Path:
    folder = shared_dir() / "corpus" / "seeds"
    if not folder.is_dir():
        pytest.skip(f"seed reports not found at {folder} (set DOSSIER_SHARED to the shared folder)")
    return folder


@pytest.fixture(scope="session")
def postgres() -> Iterator[str]:
    """The URL of a real PostgreSQL server's maintenance database (skips where there is none)."""
    with postgres_server() as url:
        yield url


@pytest.fixture
def postgres_url(postgres: str) -> Iterator[str]:
    """The URL of a new, empty PostgreSQL database for one test."""
    with postgres_database(postgres) as url:
        yield url


@pytest.fixture(scope="session")
def generated_db(tmp_path_factory: pytest.TempPathFactory) -> str:
    """A SQLite store of 400 generated documents, fusion kept batch by batch: claims with many voices
    and many denials. Shared: a test that writes copies it first."""
    db = str(tmp_path_factory.mktemp("generated") / "generated.db")
    generated_store(db, 400, 50)
    return db
