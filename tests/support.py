"""Helpers the tests share: where the read-only reference data lives, and the bundled samples."""

from __future__ import annotations

import os
from importlib import resources
from pathlib import Path

from dossier.ingest import SUPPORTED_SUFFIXES

REPO = Path(__file__).resolve().parents[1]


def shared_dir() -> Path:
    """../shared beside the repository, or $DOSSIER_SHARED."""
    return Path(os.environ.get("DOSSIER_SHARED", REPO.parent / "shared"))


def sample_paths() -> list[Path]:
    folder = Path(str(resources.files("dossier") / "samples"))
    return sorted(p for p in folder.iterdir() if p.suffix in SUPPORTED_SUFFIXES)
