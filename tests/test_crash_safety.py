"""A kill mid-ingest loses nothing already stored, and the next run picks up where it stopped."""

from __future__ import annotations

import json
import os
import signal
import subprocess
import sys
import time

from sqlalchemy import text

from dossier.ingest import read_paths
from dossier.settings import Settings
from dossier.store import counts, open_store

from support import sample_paths

DOCUMENTS = 60


def _stored(db: str) -> int:
    if not os.path.exists(db):
        return 0
    try:
        return counts(open_store(db, readonly=True))["documents"]
    except Exception:  # the writer may not have created the schema yet
        return 0


def test_kill_mid_ingest_keeps_committed_batches(tmp_path):
    texts = [d.text for d in read_paths(sample_paths(), Settings()) if hasattr(d, "text")]
    corpus = tmp_path / "corpus.jsonl"
    with corpus.open("w") as handle:
        for n in range(DOCUMENTS):
            handle.write(json.dumps({"id": f"c{n}", "text": f"{texts[n % len(texts)]}\n\nCopy {n}."}) + "\n")
    db = str(tmp_path / "dossier.db")
    command = [sys.executable, "-m", "dossier.cli", "ingest", str(corpus), "--db", db, "--batch-size", "4"]
    process = subprocess.Popen(command, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    deadline = time.monotonic() + 120
    while _stored(db) < 8 and time.monotonic() < deadline and process.poll() is None:
        time.sleep(0.05)
    process.send_signal(signal.SIGKILL)
    process.wait()
    kept = _stored(db)
    assert 8 <= kept < DOCUMENTS, "the kill should land mid-run, after some batches"
    with open_store(db, readonly=True).connect() as conn:
        assert conn.execute(text("PRAGMA integrity_check")).scalar() == "ok"
        orphans = conn.execute(text("SELECT count(*) FROM events WHERE document NOT IN (SELECT id FROM documents)"))
        assert orphans.scalar() == 0
    rerun = subprocess.run(command, capture_output=True, text=True, timeout=300)
    assert rerun.returncode == 0, rerun.stdout + rerun.stderr
    assert f"new {DOCUMENTS - kept}, already stored {kept}" in rerun.stdout
    assert _stored(db) == DOCUMENTS
