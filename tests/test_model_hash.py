"""The installed spaCy model is the one whose digest is recorded in resources/model_digest.tsv.

After an intentional model upgrade (a new version in pyproject.toml, then `make lock`), re-record:
    .venv/bin/python -m dossier.modelcheck --record
and commit resources/model_digest.tsv with requirements.lock.
"""

from __future__ import annotations

import pytest

from dossier.modelcheck import installed, recorded, tree_digest
from dossier.settings import Settings

RERECORD = ("if the model was upgraded on purpose, re-record with "
            "`.venv/bin/python -m dossier.modelcheck --record` and commit "
            "src/dossier/resources/model_digest.tsv with requirements.lock; "
            "if not, reinstall from the lock with `make clean test`")


def test_recorded_model_is_the_one_loaded():
    assert recorded()["package"] == Settings().model


def test_installed_model_matches_recorded_digest():
    want = recorded()
    have = installed(want["package"])
    assert have["version"] == want["version"], f"model version differs: {RERECORD}"
    assert have["sha256"] == want["sha256"], f"model files differ from the recorded digest: {RERECORD}"


def _tree(root, files):
    for name, data in files.items():
        (root / name).parent.mkdir(parents=True, exist_ok=True)
        (root / name).write_bytes(data)
    return tree_digest(root)


BASE = {"meta.json": b"{}", "ner/model": b"weights"}


@pytest.mark.parametrize("files, same", [
    ({**BASE, "__pycache__/__init__.cpython-311.pyc": b"compiled"}, True),
    ({**BASE, "stray.pyc": b"compiled"}, True),
    ({**BASE, "ner/model": b"weightz"}, False),                       # content
    ({"meta.json": b"{}", "ner/modell": b"weights"}, False),          # a renamed file
    ({"meta.json": b"{}ner/model", "ner/model": b"weights"}, False),  # bytes moved across a boundary
    ({**BASE, "LICENSE": b""}, False),                                # an added empty file
])
def test_tree_digest(tmp_path, files, same):
    base = _tree(tmp_path / "base", BASE)
    assert (_tree(tmp_path / "other", files) == base) is same
