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


def analyse_text(text: str, published: str | None = "2024-10-11"):
    """The whole pipeline on one text, as one Analysis."""
    import hashlib

    from dossier.pipeline import analyse
    from dossier.records import Document
    from dossier.settings import Settings

    document = Document("d", text, hashlib.sha256(text.encode()).hexdigest(), published=published)
    return next(analyse([document], Settings()))
