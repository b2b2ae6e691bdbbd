"""The fusion tables the writer keeps in step agree, record for record, with fusion over the whole store
at once: after any split of the ingest into batches, after reviews, re-analysis and actors gaining a
country, after `dossier fuse --rebuild`, and as the CLI, the API and the JSON export read them.

The reference is what `dossier claims` and `dossier register` computed on read before the tables
existed: every complete event, stories grouped in the order documents were stored, register-row
reviews applied after fusion.
"""

from __future__ import annotations

import dataclasses
import io
import json
from importlib import resources
from pathlib import Path

import pytest
from sqlalchemy import event, select
from typer.testing import CliRunner

from dossier.api import PART_LIMIT, create_app
from dossier.cli import app as cli
from dossier.export import export_json
from dossier.fuse.claims import QUIET
from dossier.fuse.duplicates import story_groups
from dossier.fuse.fusion import fuse_events
from dossier.ingest import read_paths
from dossier.pipeline import analyse, new_outcome
from dossier.records import Document
from dossier.review import review_event, review_transfer
from dossier.settings import Settings
from dossier.store import StoreWriter, list_claims, list_transfers, open_store
from dossier.store import schema as t
from dossier.store.queries import CLAIM_PARTS, TRANSFER_PARTS, cut_parts, iter_actors, iter_events
from dossier.store import reviews as stored_reviews
from support import local_client

GOLD = Path(__file__).parents[1] / "gold" / "fusion"


@pytest.fixture(scope="module")
def analyses():
    """The fusion gold's reports (near-duplicates, denials, a register) and the bundled samples, analysed once."""
    samples = Path(str(resources.files("dossier") / "samples"))
    documents = {item.id: item for item in read_paths([GOLD / "reports.jsonl", samples], Settings())
                 if isinstance(item, Document)}
    return list(analyse(documents.values(), Settings()))


def reference(engine) -> tuple[list[dict], list[dict]]:
    """Claims and register rows computed from every event at once, as they were before the tables."""
    with engine.connect() as conn:
        fd = t.fusion_documents.c
        position = dict(conn.execute(select(fd.document, fd.position)).all())
        events = sorted(iter_events(conn), key=lambda e: (position[e["document"]], e["id"]))
        countries = {actor["id"]: actor["country"] for actor in iter_actors(conn)}
        texts = conn.execute(select(t.documents.c.id, t.documents.c.text).join(
            t.fusion_documents, fd.document == t.documents.c.id).order_by(fd.position))
        claims, transfers = fuse_events(events, countries, story_groups(texts))
        latest = stored_reviews.latest_transfer_reviews(conn)
        reviewed = [stored_reviews.review_transfer(row, latest.get(stored_reviews.transfer_key_of(row)))
                    for row in transfers]
    return claims, [row for row, rejected in reviewed if not rejected]


def tables(engine) -> tuple[list[dict], list[dict]]:
    return list_claims(engine), list_transfers(engine)


def write(engine, batches, replace: bool = False) -> None:
    with StoreWriter(engine) as writer:
        for batch in batches:
            writer.write(batch, [new_outcome(a) for a in batch], replace=replace)


def _split(items: list, size: int) -> list[list]:
    return [items[i : i + size] for i in range(0, len(items), size)]


@pytest.fixture(params=["sqlite", "postgresql"])
def url(request, tmp_path):
    if request.param == "sqlite":
        return str(tmp_path / "store.db")
    return request.getfixturevalue("postgres_url")


@pytest.mark.parametrize("size, backwards", [(1, False), (4, False), (100, False), (1, True)])
def test_incremental_batches_equal_the_whole_computation_and_a_rebuild(analyses, tmp_path, size, backwards):
    """Backwards, denials arrive before the claims they dispute: they stand alone, then join."""
    engine = open_store(str(tmp_path / "store.db"))
    write(engine, _split(analyses[::-1] if backwards else analyses, size))
    whole = reference(engine)
    assert whole[0] and whole[1]
    assert any(c["status"] == "disputed" for c in whole[0])
    assert any(c["independent_stories"] < len({v["document"] for v in c["supporting"]}) for c in whole[0])
    assert tables(engine) == whole
    StoreWriter(engine).rebuild_fusion()
    assert tables(engine) == whole


def test_postgresql_keeps_the_same_tables(analyses, url, tmp_path):
    """The same store on either backend: same claims and rows, in the same order."""
    engine = open_store(url)
    write(engine, _split(analyses, 5))
    assert tables(engine) == reference(engine)
    sqlite = open_store(str(tmp_path / "other.db"))
    write(sqlite, [analyses])
    assert tables(engine) == tables(sqlite)


def test_reviews_re_analysis_and_a_country_filled_later_keep_the_tables_exact(analyses, url):
    engine = open_store(url)
    write(engine, _split(analyses, 7))
    claims, transfers = reference(engine)
    disputed = next(c for c in claims if c["status"] == "disputed")
    review_event(engine, disputed["events"][0], "rejected", by="ann")
    assert tables(engine) == reference(engine)
    supported = next(c for c in list_claims(engine) if c["supporting"])
    review_event(engine, supported["events"][0], "corrected", {"type": "ASSAULT"}, by="ann")
    assert tables(engine) == reference(engine)
    row = transfers[0]
    review_transfer(engine, row["id"], "corrected", {"status": "delivered"}, by="ann")
    review_transfer(engine, transfers[-1]["id"], "rejected", by="ann")
    assert tables(engine) == reference(engine)
    assert transfers[-1]["id"] not in {r["id"] for r in list_transfers(engine)}
    write(engine, [analyses[:3]], replace=True)  # re-analysis: the documents leave and come back, last
    assert tables(engine) == reference(engine)
    incremental, lookups = tables(engine), _rows(engine, LOOKUP_TABLES)  # their band keys left and came back too
    StoreWriter(engine).rebuild_fusion()
    assert tables(engine) == incremental
    assert _rows(engine, LOOKUP_TABLES) == lookups


def test_an_actor_given_a_country_later_moves_its_events_to_that_country(analyses, tmp_path):
    """Actors keep the first country they are given: a document that names the country of an actor
    stored without one moves that actor's events, in every document, under the country."""
    engine = open_store(str(tmp_path / "store.db"))
    actor = next(a for analysis in analyses for a in analysis.actors if a.country
                 and any(e.source == a.id or e.target == a.id for e in analysis.events))
    first = [dataclasses.replace(analysis, actors=[dataclasses.replace(a, country=None) if a.id == actor.id else a
                                                   for a in analysis.actors]) for analysis in analyses]
    holding = [i for i, a in enumerate(analyses) if any(x.id == actor.id for x in a.actors)]
    later = holding[-1]
    write(engine, [[a for i, a in enumerate(first) if i != later]])
    assert tables(engine) == reference(engine)
    write(engine, [[analyses[later]]])  # names the actor's country
    with engine.connect() as conn:
        assert conn.execute(select(t.actors.c.country).where(t.actors.c.id == actor.id)).scalar() == actor.country
    assert tables(engine) == reference(engine)


def test_cli_api_and_export_agree_with_the_whole_computation(analyses, tmp_path):
    db = str(tmp_path / "store.db")
    engine = open_store(db)
    write(engine, _split(analyses, 3))
    claims, transfers = reference(engine)
    runner = CliRunner()
    for command, records in (("claims", claims), ("register", transfers)):
        out = tmp_path / f"{command}.json"
        result = runner.invoke(cli, [command, "--db", db, "--out", str(out)])
        assert result.exit_code == 0, result.output
        assert sorted(json.loads(out.read_text()), key=lambda r: r["id"]) == sorted(records, key=lambda r: r["id"])
    exported = io.StringIO()
    export_json(engine, exported)
    whole = json.loads(exported.getvalue())
    assert whole["claims"] == claims and whole["transfers"] == transfers
    client = local_client(create_app(db))
    for path, records, parts in (("/api/claims", claims, CLAIM_PARTS), ("/api/transfers", transfers, TRANSFER_PARTS)):
        pages, offset = [], 0
        while True:
            page = client.get(path, params={"limit": 7, "offset": offset}).json()
            assert page["total"] == len(records)
            pages += page["items"]
            offset += 7
            if page["next"] is None:
                break
        assert pages == [cut_parts(r, parts, PART_LIMIT) for r in records]
        for record in records[:5]:
            for part in parts:
                got = client.get(f"{path}/part", params={"id": record["id"], "part": part, "limit": 100}).json()
                assert got["items"] == record[part][:100] and got["total"] == len(record[part])
    assert client.get("/api/claims", params={"status": "disputed"}).json()["total"] == sum(
        c["status"] == "disputed" for c in claims)
    rebuild = runner.invoke(cli, ["fuse", "--rebuild", "--db", db])
    assert rebuild.exit_code == 0 and f"claims {len(claims)}" in rebuild.output
    assert tables(engine) == (claims, transfers)


# Tables a migration test compares, every row: the register's; what fusion's lookups read; the
# denial signatures, what they are filed under and the claims they dispute.
REGISTER_TABLES = (t.register_steps, t.transfers, t.transfer_dates)
LOOKUP_TABLES = (t.story_keys, t.story_bands, t.claim_marks, t.register_steps)
SIGNATURE_TABLES = (t.denial_signatures, t.signature_marks, t.claim_disputes)


def _rows(engine, chosen: tuple) -> dict[str, list]:
    """These tables, every row, in a fixed order."""
    with engine.connect() as conn:
        return {table.name: sorted((tuple(row) for row in conn.execute(select(table))), key=repr) for table in chosen}


def _goes_on_as_one_pass(engine, analyses, chosen: tuple) -> None:
    """An upgraded store, given the last documents, extends its claims and rows as one pass over every
    event would; a rebuild then leaves the `chosen` tables as they are."""
    write(engine, [analyses[-4:]])
    assert tables(engine) == reference(engine)
    upgraded = _rows(engine, chosen)
    StoreWriter(engine).rebuild_fusion()
    assert _rows(engine, chosen) == upgraded


def _upgraded_from(engine, url, older: tuple[str, ...]):
    """The store at `url` opened again (so migrated) after `older` statements made it as it was before
    a migration."""
    with engine.begin() as conn:
        for statement in older:
            conn.exec_driver_sql(statement)
    engine.dispose()
    return open_store(url)


def test_a_store_from_before_register_steps_is_upgraded_to_what_fusion_writes(analyses, url):
    """Migration 0010_register_steps: a store whose register rows were stored whole, with each event's
    weapon names in `step_weapons`, gets the steps and rows fusion writes today."""
    engine = open_store(url)
    write(engine, _split(analyses, 4))
    review_transfer(engine, reference(engine)[1][0]["id"], "corrected", {"status": "delivered"}, by="ann")
    today, whole = _rows(engine, REGISTER_TABLES), reference(engine)
    engine = _upgraded_from(engine, url, (
        "DROP TABLE transfer_dates", "DROP TABLE transfers", "DROP TABLE register_steps",
        "CREATE TABLE transfers (key VARCHAR PRIMARY KEY, record TEXT NOT NULL, listed TEXT NOT NULL)",
        "CREATE TABLE transfer_dates (transfer VARCHAR REFERENCES transfers (key) ON DELETE CASCADE, "
        "date VARCHAR, PRIMARY KEY (transfer, date))",
        "CREATE TABLE step_weapons (event VARCHAR REFERENCES fusion_events (event) ON DELETE CASCADE, "
        "name VARCHAR, low VARCHAR NOT NULL, high VARCHAR NOT NULL, PRIMARY KEY (event, name))",
        "INSERT INTO transfers VALUES ('RUS|IRN|S-300', '{}', '{}')",
        "DELETE FROM migrations WHERE name = '0010_register_steps'",
    ))
    assert _rows(engine, REGISTER_TABLES) == today
    assert tables(engine) == whole


def test_a_store_from_before_bounded_lookups_is_upgraded_to_what_fusion_writes(analyses, url):
    """Migration 0011_bounded_lookups: a store without the least story of each band key, whose
    claims are filed under their marks alone and whose steps do not say which state figures, gets
    the tables fusion writes today, and goes on extending them."""
    engine = open_store(url)
    write(engine, _split(analyses[:-4], 4))
    today = _rows(engine, LOOKUP_TABLES)
    engine = _upgraded_from(engine, url, (
        "DROP TABLE story_keys",
        "CREATE TABLE old_marks AS SELECT claim, mark, type, source, target, forecast FROM claim_marks",
        "DROP TABLE claim_marks",
        "CREATE TABLE claim_marks (claim VARCHAR REFERENCES claims (id) ON DELETE CASCADE, mark VARCHAR, "
        "type VARCHAR NOT NULL, source VARCHAR NOT NULL, target VARCHAR NOT NULL, forecast BOOLEAN NOT NULL, "
        "PRIMARY KEY (claim, mark))",
        "CREATE INDEX ix_claim_marks_lookup ON claim_marks (type, source, target, forecast, mark)",
        "INSERT INTO claim_marks SELECT * FROM old_marks",
        "DROP TABLE old_marks",
        "DROP INDEX ix_register_steps_figures",
        "ALTER TABLE register_steps DROP COLUMN figure",
        "DELETE FROM migrations WHERE name = '0011_bounded_lookups'",
    ))
    assert _rows(engine, LOOKUP_TABLES) == today
    _goes_on_as_one_pass(engine, analyses, LOOKUP_TABLES)


def test_a_store_from_before_signature_marks_is_upgraded_to_what_fusion_writes(analyses, url):
    """Migration 0012_signature_marks: a store whose denial signatures are filed under no mark gets
    the marks fusion writes today, and goes on extending its claims and links as one pass would."""
    engine = open_store(url)
    write(engine, _split(analyses[:-4], 4))
    today = _rows(engine, SIGNATURE_TABLES)
    assert today["signature_marks"] and today["claim_disputes"]
    engine = _upgraded_from(engine, url, (
        "DROP TABLE signature_marks",
        "DELETE FROM migrations WHERE name = '0012_signature_marks'",
    ))
    assert _rows(engine, SIGNATURE_TABLES) == today
    _goes_on_as_one_pass(engine, analyses, SIGNATURE_TABLES)


# What a store wrote before migration 0015_key_disputes: a claim filed 'quiet' linked to every signature
# of its key and counting them, each signature counting those links and filed 'quiet' when it names weapons.
LINKED_TO_EVERY_SIGNATURE = (
    "INSERT INTO claim_disputes (claim, signature) SELECT m.claim, s.id FROM claim_marks m JOIN denial_signatures s "
    "ON s.type = m.type AND s.source = m.source AND s.target = m.target WHERE m.mark = 'quiet'",
    "UPDATE claims SET signatures = (SELECT count(*) FROM claim_disputes d WHERE d.claim = claims.id)",
    "UPDATE denial_signatures SET links = (SELECT count(*) FROM claim_disputes d WHERE d.signature = denial_signatures.id)",
    "INSERT INTO signature_marks (signature, mark, type, source, target) SELECT id, 'quiet', type, source, target "
    "FROM denial_signatures WHERE json_array_length(categories) > 0",
    "DELETE FROM migrations WHERE name = '0015_key_disputes'",
)


def _answered_by_every(engine) -> tuple[set[str], set[str]]:
    """The claims filed 'quiet' (every signature of their key answers them), and those linked to a signature."""
    with engine.connect() as conn:
        return (set(conn.execute(select(t.claim_marks.c.claim).where(t.claim_marks.c.mark == QUIET)).scalars()),
                set(conn.execute(select(t.claim_disputes.c.claim)).scalars()))


def test_a_claim_every_signature_answers_is_stored_with_no_link_and_read_with_every_denial(generated_db):
    """A claim that names no weapon category is answered by every denial signature of its key: the
    store files it 'quiet' and links it to no signature, and it reads with the denials of every
    signature of its key, as the whole computation gives them, listed and by a denial's document."""
    engine = open_store(generated_db, readonly=True)
    claims = reference(engine)[0]
    quiet, linked = _answered_by_every(engine)
    disputed = [c for c in claims if c["id"] in quiet and c["disputing"]]
    assert len(disputed) > 10 and not quiet & linked
    assert any(len({v["document"] for v in c["disputing"]}) > 1 for c in disputed)
    listed = {c["id"]: c for c in list_claims(engine)}
    assert all(listed[c["id"]] == c for c in disputed)
    document = disputed[0]["disputing"][-1]["document"]
    assert list_claims(engine, document=document) == [c for c in claims if document in c["documents"]]


def test_a_store_with_a_link_per_signature_is_upgraded_to_key_wide_disputes(analyses, url):
    """Migration 0015_key_disputes: a store whose claims that every signature of their key answers are
    linked to each signature (and counted so) gets the rows fusion writes today, reads the same
    records, and goes on extending its claims and links as one pass would."""
    engine = open_store(url)
    write(engine, _split(analyses[:-4], 4))
    today, whole = _rows(engine, (*SIGNATURE_TABLES, t.claims)), tables(engine)
    with engine.begin() as conn:
        made = conn.exec_driver_sql(LINKED_TO_EVERY_SIGNATURE[0]).rowcount
        for statement in LINKED_TO_EVERY_SIGNATURE[1:]:
            conn.exec_driver_sql(statement)
    assert made > 0, "no claim of the corpus is answered by every signature of its key: nothing to check"
    assert _rows(engine, (*SIGNATURE_TABLES, t.claims)) != today
    engine = _upgraded_from(engine, url, ())
    assert _rows(engine, (*SIGNATURE_TABLES, t.claims)) == today
    assert tables(engine) == whole
    _goes_on_as_one_pass(engine, analyses, SIGNATURE_TABLES)


def test_a_register_row_s_lists_are_read_a_page_at_a_time(analyses, tmp_path):
    """`/api/transfers/part` reads one page of a row's steps in SQL: any page of any list is that
    slice of the whole list, and a reviewed row reads as listings show it."""
    db = str(tmp_path / "store.db")
    engine = open_store(db)
    write(engine, [analyses])
    transfers = reference(engine)[1]
    row = max(transfers, key=lambda r: len(r["history"]))
    assert len(row["history"]) > 3 and row["figures"]
    client = local_client(create_app(db))
    for part in TRANSFER_PARTS:
        for offset in range(0, len(row[part]) + 2, 2):
            got = client.get("/api/transfers/part", params={"id": row["id"], "part": part, "offset": offset,
                                                             "limit": 2}).json()
            assert got["items"] == row[part][offset : offset + 2] and got["total"] == len(row[part])
    reviewed = review_transfer(engine, row["id"], "confirmed", by="ann")
    assert reviewed == next(r for r in list_transfers(engine, part_limit=PART_LIMIT) if r["id"] == row["id"])
    assert client.get("/api/transfers/part", params={"id": "transfer:none", "part": "history"}).status_code == 404


def test_claim_pages_cut_many_voices_as_the_whole_claims_are_cut(generated_db):
    """A page reads the lists of all its claims at once, each cut to its first few in SQL: every page
    of every list is the whole computation's claims cut, voices, events and documents in order, with
    the totals of the whole lists."""
    engine = open_store(generated_db, readonly=True)
    claims = reference(engine)[0]
    assert sum(len(c["supporting"]) > PART_LIMIT for c in claims) >= 3
    assert any(len(c["disputing"]) > PART_LIMIT for c in claims)
    assert any(len(c["documents"]) > PART_LIMIT and c["disputing"] for c in claims)
    assert list_claims(engine) == claims
    for cut in (PART_LIMIT, 3):
        pages = [claim for offset in range(0, len(claims), 7)
                 for claim in list_claims(engine, limit=7, offset=offset, part_limit=cut)]
        assert pages == [cut_parts(c, CLAIM_PARTS, cut) for c in claims]
    disputed = [cut_parts(c, CLAIM_PARTS, PART_LIMIT) for c in claims if c["status"] == "disputed"]
    assert list_claims(engine, status="disputed", part_limit=PART_LIMIT) == disputed


def test_a_claims_page_costs_the_same_statements_whatever_its_length(generated_db):
    """The voices, denials and documents of a page's claims are read for the whole page, not claim
    by claim: fifty claims of many voices cost the statements one does."""
    engine = open_store(generated_db, readonly=True)
    statements: list[str] = []
    event.listen(engine, "before_cursor_execute", lambda conn, cursor, statement, *_: statements.append(statement))
    spent = {}
    for limit in (1, 10, 50):
        statements.clear()
        page = list_claims(engine, limit=limit, part_limit=PART_LIMIT)
        assert len(page) == limit
        spent[limit] = len(statements)
    assert any(claim["supporting_total"] > PART_LIMIT for claim in page)
    assert spent[1] == spent[10] == spent[50]
