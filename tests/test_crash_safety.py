"""A kill mid-ingest loses nothing already stored, and the next run picks up where it stopped."""

from __future__ import annotations

import contextlib
import json
import os
import signal
import subprocess
import sys
import time
from pathlib import Path

import pytest
from sqlalchemy import text

from dossier.ingest import read_paths
from dossier.settings import Settings
from dossier.store import counts, open_store

from support import sample_paths

DOCUMENTS = 60
STATES = ("Norland", "Vesmark", "Ostria", "Kelvania", "Drummond")  # fictional


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


def _state(pid: int) -> str | None:
    """The process's state letter from /proc ('R', 'S', 'Z' ...), None once it is gone."""
    try:
        return Path(f"/proc/{pid}/stat").read_text().rpartition(")")[2].split()[0]
    except (OSError, IndexError):
        return None


def _children(parent: int) -> set[int]:
    """Processes whose parent is `parent`, read from /proc/*/stat (field 4 is the parent's id)."""
    found = set()
    for stat in Path("/proc").glob("[0-9]*/stat"):
        try:
            state, ppid = stat.read_text().rpartition(")")[2].split()[:2]
        except (OSError, ValueError):
            continue  # the process ended while we looked
        if int(ppid) == parent and state != "Z":
            found.add(int(stat.parent.name))
    return found


def _article(n: int) -> str:
    supplier, recipient = STATES[n % len(STATES)], STATES[(n + 1) % len(STATES)]
    return (f"{supplier} delivered {n + 2} patrol boats to {recipient} on Tuesday, the {recipient} navy "
            f"said. Officials in {supplier} denied that the boats carried missiles. The ministry said "
            f"talks on a further {n + 3} aircraft would continue next year, report {n}.")


@pytest.mark.skipif(not Path("/proc/self/stat").exists(), reason="reads processes from /proc (Linux)")
def test_workers_end_when_the_parent_is_killed(tmp_path):
    corpus = tmp_path / "corpus.jsonl"
    corpus.write_text("".join(json.dumps({"id": f"r{n}", "text": _article(n)}) + "\n" for n in range(3000)))
    command = [sys.executable, "-m", "dossier.cli", "ingest", str(corpus), "--db", str(tmp_path / "d.db"),
               "--workers", "2", "--batch-size", "8"]
    process = subprocess.Popen(command, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    workers: set[int] = set()
    try:
        deadline = time.monotonic() + 120
        while len(workers) < 2 and time.monotonic() < deadline and process.poll() is None:
            time.sleep(0.1)
            workers = _children(process.pid)
        time.sleep(2)  # the workers are loading the model or parsing
        assert len(workers) >= 2 and process.poll() is None, "the run should be under way with two workers"
        process.kill()
        process.wait()
        deadline = time.monotonic() + 10
        while any(_state(pid) not in (None, "Z") for pid in workers) and time.monotonic() < deadline:
            time.sleep(0.1)
        assert {pid for pid in workers if _state(pid) not in (None, "Z")} == set()
    finally:
        process.kill()
        for pid in workers:
            with contextlib.suppress(ProcessLookupError):
                os.kill(pid, signal.SIGKILL)
