"""The growth benchmark's synthetic store (bench/synthetic.py): offsets that hold, the size asked,
and the same store again for the same seed."""

from __future__ import annotations

import sqlite3
import sys
from pathlib import Path

import pytest

from dossier.store import counts, open_store
from support import REPO

sys.path.insert(0, str(REPO / "bench"))
import synthetic  # noqa: E402 - bench/ is no package

DOCUMENTS = 50
# Every table the writer fills from an analysis, with its columns that do not depend on the clock.
CONTENT = {
    "documents": "id, sha256, title, outlet, url, published, language, chars, origin, text",
    **{table: "*" for table in ("actors", "actor_aliases", "actor_roles", "mentions", "attributions", "events",
                                "event_others", "event_weapons", "event_attributions", "evidence", "cues")},
}


@pytest.fixture(scope="module")
def stores(tmp_path_factory: pytest.TempPathFactory) -> tuple[Path, Path, dict[str, int]]:
    """Two stores built with seed 0, and what the first build said it wrote."""
    folder = tmp_path_factory.mktemp("synthetic")
    written = synthetic.build_store(str(folder / "a.db"), DOCUMENTS, seed=0, progress=False)
    synthetic.build_store(str(folder / "b.db"), DOCUMENTS, seed=0, progress=False)
    return folder / "a.db", folder / "b.db", written


def contents(db: Path) -> dict[str, list[tuple]]:
    with sqlite3.connect(db) as conn:
        return {table: sorted(conn.execute(f"SELECT {columns} FROM {table}"), key=repr)
                for table, columns in CONTENT.items()}


def test_every_evidence_slices_its_document_to_the_sentence(stores) -> None:
    with sqlite3.connect(stores[0]) as conn:
        texts = dict(conn.execute("SELECT id, text FROM documents"))
        evidence = list(conn.execute("SELECT document, start, \"end\", sentence FROM evidence"))
        triggers = list(conn.execute("SELECT document, trigger_start, trigger_end, trigger_text FROM events"))
        mentions = list(conn.execute("SELECT document, start, \"end\", text FROM mentions"))
    assert len(evidence) >= DOCUMENTS * synthetic.EVENTS[0]
    for document, start, end, words in evidence + triggers + mentions:
        assert texts[document][start:end] == words


def test_the_store_holds_what_was_asked(stores) -> None:
    engine = open_store(str(stores[0]), readonly=True)
    held = counts(engine)
    engine.dispose()
    assert stores[2]["documents"] == held["documents"] == DOCUMENTS
    assert stores[2]["events"] == held["events"] >= DOCUMENTS * synthetic.EVENTS[0]


def test_the_same_seed_builds_the_same_store(stores) -> None:
    assert contents(stores[0]) == contents(stores[1])


# Every fusion table, as rows in a fixed order: what incremental fusion and a rebuild must agree on.
FUSION_CONTENT = {
    "claims": "SELECT id, type, source, target, status, rank, first_position, first, forecast, systems, categories, "
              "when_low, when_high, independent_stories, supporting_total, signatures, summary, denial FROM claims",
    "claim_voices": "SELECT claim, position, event FROM claim_voices",
    "claim_disputes": "SELECT claim, signature FROM claim_disputes",
    "claim_marks": "SELECT claim, mark, type, source, target, forecast, period, first_position, first FROM claim_marks",
    "claim_stories": "SELECT claim, story FROM claim_stories",
    "claim_documents": "SELECT claim, document FROM claim_documents",
    "denial_signatures": "SELECT id, links, denials_total FROM denial_signatures",
    "signature_marks": "SELECT signature, mark, type, source, target FROM signature_marks",
    "denials": "SELECT event, signature FROM denials",
    "transfers": "SELECT key, status, phase, first, item, listed, state FROM transfers",
    "transfer_dates": "SELECT transfer, date FROM transfer_dates",
    "register_steps": "SELECT event, item, phase, low, high, name, transfer, day, undated, entry, figure "
                      "FROM register_steps",
    "fusion_documents": "SELECT document, position, story FROM fusion_documents",
    "story_keys": "SELECT key, story FROM story_keys",
}


def _fusion_rows(path: Path) -> dict[str, list[tuple]]:
    with sqlite3.connect(path) as db:
        return {table: sorted(db.execute(query).fetchall(), key=repr) for table, query in FUSION_CONTENT.items()}


@pytest.mark.parametrize("backwards", [False, True])
def test_fusion_batch_by_batch_equals_a_rebuild(tmp_path, backwards):
    """Synthetic documents (many keys and pairs, denials naming weapons or none, syndicated copies)
    written in small batches with fusion kept in step leave the same claims, links and register
    rows as `fuse --rebuild` of the same store: the candidate lookups by mark miss nothing.
    Backwards, many denials come before the claims they dispute: they stand alone, then join (a
    key's first claim that every signature answers takes them all)."""
    from dossier.pipeline import new_outcome
    from dossier.store import StoreWriter

    path = tmp_path / "batches.db"
    engine = open_store(str(path))
    generated = list(synthetic.analyses(300, seed=1))
    generated = iter(generated[::-1] if backwards else generated)
    with StoreWriter(engine) as writer:
        for _ in range(6):
            batch = [next(generated) for _ in range(50)]
            writer.write(batch, [new_outcome(a) for a in batch])
    engine.dispose()
    batched = _fusion_rows(path)
    engine = open_store(str(path))
    StoreWriter(engine).rebuild_fusion()
    engine.dispose()
    rebuilt = _fusion_rows(path)
    assert batched["claim_disputes"] and batched["transfers"]  # the check has something to check
    quiet = {claim for claim, mark, *_ in batched["claim_marks"] if mark == "quiet"}
    assert {row[0] for row in batched["claims"] if row[0] in quiet and row[4] == "disputed"}  # disputed by their key
    assert not quiet & {claim for claim, _ in batched["claim_disputes"]}  # with no link of their own
    for table in FUSION_CONTENT:
        assert batched[table] == rebuilt[table], table


def test_an_older_store_is_filed_again_under_the_marks_of_today(tmp_path):
    """`store.fused.refile` (migrations 0009_claim_lookup and 0011_bounded_lookups) gives the claims of
    a store written before 'bare' marks the marks fusion gives them today: missing ones written,
    stale ones (and stale months) dropped."""
    from dossier.pipeline import new_outcome
    from dossier.store import StoreWriter
    from dossier.store.fused import refile

    path = tmp_path / "older.db"
    engine = open_store(str(path))
    batch = list(synthetic.analyses(100, seed=2))
    with StoreWriter(engine) as writer:
        writer.write(batch, [new_outcome(a) for a in batch])
    engine.dispose()
    today = _fusion_rows(path)["claim_marks"]
    with sqlite3.connect(path) as db:
        older = db.execute("DELETE FROM claim_marks WHERE mark LIKE 'bare %'").rowcount
        db.execute("INSERT INTO claim_marks SELECT claim, 'stale', type, source, target, forecast, period, "
                   "first_position, first FROM claim_marks LIMIT 1")
        moved = db.execute("UPDATE claim_marks SET period = '1900-01' WHERE rowid = "
                           "(SELECT min(rowid) FROM claim_marks WHERE period IS NOT NULL)").rowcount
    assert older and moved, "the synthetic store files no claim under a 'bare' mark or a month: nothing to check"
    engine = open_store(str(path))
    with engine.begin() as conn:
        refile(conn)
    engine.dispose()
    assert _fusion_rows(path)["claim_marks"] == today
