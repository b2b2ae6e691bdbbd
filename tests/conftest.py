"""Shared fixtures."""

from __future__ import annotations

from pathlib import Path

import pytest

from support import shared_dir


@pytest.fixture(scope="session")
def seeds_dir() -> Path:
    folder = shared_dir() / "corpus" / "seeds"
    if not folder.is_dir():
        pytest.skip(f"seed reports not found at {folder} (set DOSSIER_SHARED to the shared folder)")
    return folder
