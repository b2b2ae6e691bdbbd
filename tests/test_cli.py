"""The commands as a user runs them: exit codes, summaries, tables and exports."""

from __future__ import annotations

import csv
import json

import pytest
from typer.testing import CliRunner

from dossier.cli import app
from dossier.store import queries

from support import deny_access, sample_paths

runner = CliRunner()


@pytest.fixture(scope="module")
def db(tmp_path_factory):
    path = str(tmp_path_factory.mktemp("cli") / "dossier.db")
    result = runner.invoke(app, ["ingest", *map(str, sample_paths()), "--db", path])
    assert result.exit_code == 0, result.output
    assert "new 11" in result.output
    return path


def test_ingest_reports_bad_items_and_goes_on(tmp_path, db):
    (tmp_path / "empty.txt").write_text("")
    (tmp_path / "binary.txt").write_bytes(b"\x00\x01\x02\xff" * 100)
    (tmp_path / "notes.pdf").write_bytes(b"%PDF-1.4")
    (tmp_path / "broken.jsonl").write_text('{"id": "x", "text": \n')
    result = runner.invoke(app, ["ingest", str(tmp_path), *map(str, sample_paths()[:1]), "--db", db])
    assert result.exit_code == 0, result.output
    assert "already stored 1" in result.output
    for name in ("empty.txt: empty", "binary.txt: binary", "notes.pdf: unsupported", "broken.jsonl:1:"):
        assert name in result.output


def test_ingest_exits_non_zero_when_nothing_could_be_read(tmp_path):
    (tmp_path / "empty.txt").write_text("")
    result = runner.invoke(app, ["ingest", str(tmp_path / "empty.txt"), "--db", str(tmp_path / "x.db")])
    assert result.exit_code == 1
    assert "skipped 1" in result.output


REPORT = ("Norland has agreed to sell a long-range radar system to Vesmark, two officials in the Norland "
          "defence ministry said on Friday.")


def test_ingest_reports_unreadable_paths_and_goes_on(tmp_path, monkeypatch):
    locked_file, locked_folder, good = tmp_path / "locked.txt", tmp_path / "locked", tmp_path / "good.txt"
    locked_file.write_text(REPORT + " Locked.")
    locked_folder.mkdir()
    (locked_folder / "inside.txt").write_text(REPORT + " Inside.")
    good.write_text(REPORT)
    deny_access(monkeypatch, locked_file, locked_folder)
    db = str(tmp_path / "d.db")
    result = runner.invoke(app, ["ingest", str(locked_file), str(locked_folder), str(tmp_path / "gone.txt"),
                                 str(good), "--db", db])
    assert result.exit_code == 0, result.output
    assert "new 1, already stored 0, skipped 0, failed 3" in result.output
    for line in (f"failed {locked_file}: permission denied", f"failed {locked_folder}: permission denied",
                 f"failed {tmp_path / 'gone.txt'}: no such file"):
        assert line in result.output
    alone = runner.invoke(app, ["ingest", str(locked_file), "--db", db])
    assert alone.exit_code == 1, alone.output  # nothing at all could be read
    assert "failed 1" in alone.output


def test_ingest_skips_a_huge_page_unread_and_stores_the_next(tmp_path, monkeypatch):
    import dossier.ingest.html

    def refuse(*args, **kwargs):
        raise AssertionError("a huge page reached trafilatura")

    monkeypatch.setattr(dossier.ingest.html.trafilatura, "bare_extraction", refuse)
    huge, good = tmp_path / "huge.html", tmp_path / "good.txt"
    with huge.open("wb") as handle:
        handle.truncate(190_000_000)  # sparse: costs neither disk nor time
    good.write_text(REPORT)
    result = runner.invoke(app, ["ingest", str(huge), str(good), "--db", str(tmp_path / "d.db")])
    assert result.exit_code == 0, result.output
    assert "new 1, already stored 0, skipped 1, failed 0" in result.output
    assert f"skipped {huge}: too large: 190000000 bytes, limit 5000000" in result.output


def test_events_table_filters(db):
    result = runner.invoke(app, ["events", "--db", db, "--type", "aid", "--actor", "Iran"])
    assert result.exit_code == 0, result.output
    assert "AID" in result.output and "Iran" in result.output


def test_actors_table(db):
    result = runner.invoke(app, ["actors", "--db", db, "--kind", "state"])
    assert result.exit_code == 0, result.output
    assert "Iran" in result.output and "Russia" in result.output


@pytest.mark.parametrize("fmt", ["json", "csv"])
def test_export(db, tmp_path, fmt):
    out = tmp_path / f"out.{fmt}"
    result = runner.invoke(app, ["export", "--db", db, "--format", fmt, "--out", str(out)])
    assert result.exit_code == 0, result.output
    if fmt == "json":
        data = json.loads(out.read_text())
        assert data["schema"] == "dossier/1" and data["events"] and data["attributions"]
    else:
        rows = list(csv.DictReader(out.open()))
        assert rows and {"type", "source", "target", "factuality"} <= set(rows[0])


def test_export_unknown_format_lists_valid_ones(db, tmp_path):
    result = runner.invoke(app, ["export", "--db", db, "--format", "xlsx", "--out", str(tmp_path / "x")])
    assert result.exit_code == 2
    assert "json" in result.output and "csv" in result.output


def test_missing_store_is_a_clear_error(tmp_path):
    result = runner.invoke(app, ["events", "--db", str(tmp_path / "nothing.db")])
    assert result.exit_code == 2
    assert "error" in result.output


def test_claims_show_both_sides_of_a_dispute(db):
    result = runner.invoke(app, ["claims", "--db", db, "--status", "disputed"])
    assert result.exit_code == 0, result.output
    assert "disputed" in result.output and "denied" in result.output


def test_register_lists_transfers_with_history(db, tmp_path):
    result = runner.invoke(app, ["register", "--db", db])
    assert result.exit_code == 0, result.output
    assert "S-300" in result.output and "delivered" in result.output
    out = tmp_path / "register.csv"
    result = runner.invoke(app, ["register", "--db", db, "--out", str(out), "--format", "csv"])
    assert result.exit_code == 0, result.output
    rows = list(csv.DictReader(out.open()))
    assert any(r["system"] == "S-300" and r["supplier"] == "RUS" and r["recipient"] == "IRN" for r in rows)


@pytest.mark.parametrize("command", ["claims", "register"])
def test_pages_and_the_file_list_the_same_records_in_the_same_order(db, tmp_path, command, monkeypatch):
    """A page is read from the store page by page (disputed claims first, then corroborated, then
    single-source) and `--out` streams every record a chunk at a time: pages of 4 walked to the end
    and the file hold the same records in the same order, whatever the chunk size."""
    monkeypatch.setattr(queries, "CHUNK", 3)  # several chunks, and a claim status split across two
    out = tmp_path / "all.json"
    result = runner.invoke(app, [command, "--db", db, "--out", str(out)])
    assert result.exit_code == 0, result.output
    whole = json.loads(out.read_text(encoding="utf-8"))
    assert len(whole) > 8
    paged, offset = [], 0
    while True:
        result = runner.invoke(app, [command, "--db", db, "--limit", "4", "--offset", str(offset), "--format", "json"])
        assert result.exit_code == 0, result.output
        page = json.loads(result.output)
        assert page["total"] == len(whole)
        if not page["items"]:
            break
        paged += page["items"]
        offset += 4
    assert [r["id"] for r in paged] == [r["id"] for r in whole] and paged == whole
    if command == "claims":
        order = {"disputed": 0, "corroborated": 1, "single_source": 2}
        assert [order[r["status"]] for r in whole] == sorted(order[r["status"]] for r in whole)


def test_sipri_compare(db, tmp_path):
    from support import shared_dir

    subset = shared_dir() / "data" / "sipri-trade-register-2025" / "russia-iran-subset.csv"
    if not subset.is_file():
        pytest.skip(f"SIPRI subset not found at {subset}")
    result = runner.invoke(app, ["sipri", "compare", str(subset), "--db", db])
    assert result.exit_code == 0, result.output
    assert "S-300" in result.output and "SIPRI" in result.output


def test_sipri_compare_missing_file(db, tmp_path):
    result = runner.invoke(app, ["sipri", "compare", str(tmp_path / "none.csv"), "--db", db])
    assert result.exit_code == 2 and "no such file" in result.output


@pytest.mark.parametrize("command, named", [
    (["events", "--type", "HUG"], "ASSAULT"),
    (["events", "--factuality", "rumoured"], "speculated"),
    (["events", "--from", "zzzz"], "YYYY-MM-DD"),
    (["actors", "--kind", "robot"], "organization"),
    (["claims", "--status", "maybe"], "single_source"),
    (["register", "--status", "shipped"], "delivering"),
])
def test_unknown_filter_values_exit_non_zero_naming_the_accepted_ones(db, command, named):
    result = runner.invoke(app, [*command, "--db", db])
    assert result.exit_code == 2 and named in result.output


def test_statuses_are_read_in_any_case(db):
    result = runner.invoke(app, ["claims", "--db", db, "--status", "DISPUTED"])
    assert result.exit_code == 0 and "disputed" in result.output


def test_a_negative_limit_is_refused(db):
    assert runner.invoke(app, ["events", "--db", db, "--limit", "-5"]).exit_code == 2


def test_file_names_are_printed_escaped(tmp_path):
    """A newline or a terminal escape in a name can neither forge a summary line nor colour the terminal."""
    (tmp_path / "evil\nnew 999, already stored 0\x1b[2J.txt").write_text("")
    result = runner.invoke(app, ["ingest", str(tmp_path), "--db", str(tmp_path / "x.db")])
    lines = result.output.splitlines()
    assert not any(line.startswith("new 999") for line in lines) and "\x1b" not in result.output
    assert "evil\\nnew 999, already stored 0\\x1b[2J.txt: empty" in result.output


@pytest.fixture
def served(monkeypatch):
    """What `dossier serve` would run: the app it builds, without listening."""
    import uvicorn

    runs = []
    monkeypatch.setattr(uvicorn, "run", lambda application, **options: runs.append((application, options)))
    return runs


def test_serve_is_read_only_unless_told(db, served):
    from support import local_client

    result = runner.invoke(app, ["serve", "--db", db])
    assert result.exit_code == 0 and "token" not in result.output
    client = local_client(served[0][0], "anything")
    assert client.post("/api/ingest", json={"text": "Russia delivered S-400s to India."}).status_code == 403


def test_serve_with_allow_ingest_prints_its_token(tmp_path, served, monkeypatch):
    from support import local_client

    monkeypatch.setenv("DOSSIER_TOKEN", "from-the-environment")
    result = runner.invoke(app, ["serve", "--db", str(tmp_path / "new.db"), "--allow-ingest",
                                 "--allowed-host", "dossier.example", "--writes-per-minute", "1"])
    assert result.exit_code == 0 and "from-the-environment" in result.output
    application, options = served[0]
    assert options == {"host": "127.0.0.1", "port": 8000}
    client = local_client(application, "from-the-environment")
    article = {"text": "Russia delivered S-400 systems to India in 2021, officials said."}
    assert client.post("/api/ingest", json=article).status_code == 200
    assert client.post("/api/ingest", json=article).status_code == 429
    assert client.get("/api/events", headers={"Host": "dossier.example"}).status_code == 200


def test_serve_on_a_store_that_does_not_exist_is_an_error_not_an_empty_page(tmp_path, served):
    result = runner.invoke(app, ["serve", "--db", str(tmp_path / "typo.db")])
    assert result.exit_code == 2 and "cannot open store" in result.output and not served


@pytest.mark.parametrize("command", [
    ["export", "--format", "csv", "--out"], ["register", "--format", "csv", "--out"], ["claims", "--out"],
])
def test_writing_into_a_folder_that_does_not_exist_is_a_clear_error(db, tmp_path, command):
    result = runner.invoke(app, [*command, str(tmp_path / "no" / "such" / "x.csv"), "--db", db])
    assert result.exit_code == 2 and "cannot write" in result.output and "Traceback" not in result.output


def test_events_take_the_api_filters_and_say_how_many_there_are(db):
    result = runner.invoke(app, ["events", "--db", db, "--weapon", "S-300", "--limit", "2"])
    assert result.exit_code == 0 and "showing 2 of" in result.output
    listed = runner.invoke(app, ["events", "--db", db, "--weapon", "S-300", "--format", "json"])
    page = json.loads(listed.stdout)
    assert page["total"] > 2 and all(any(w["system"] == "S-300" for w in e["weapons"]) for e in page["items"])
    second = json.loads(runner.invoke(app, ["events", "--db", db, "--weapon", "S-300", "--format", "json",
                                            "--offset", "1", "--limit", "1"]).stdout)
    assert second["items"][0]["id"] == page["items"][1]["id"]
    rows = list(csv.DictReader(runner.invoke(app, ["events", "--db", db, "--q", "s-300", "--format", "csv"]).stdout.splitlines()))
    assert rows and all("s-300" in r["evidence"].lower() for r in rows)


def test_export_takes_the_event_filters(db, tmp_path):
    out = tmp_path / "iran.csv"
    result = runner.invoke(app, ["export", "--db", db, "--format", "csv", "--out", str(out), "--actor", "Iran",
                                 "--type", "aid"])
    assert result.exit_code == 0, result.output
    rows = list(csv.DictReader(out.open()))
    assert rows and all(r["type"] == "AID" and "IRN" in {r["source"], r["target"]} | set(r["others"].split("; "))
                        for r in rows)


def test_after_an_ingest_the_database_file_alone_holds_everything(tmp_path):
    """A copy of dossier.db made right after a run, without its -wal file, is the whole store."""
    import shutil

    from dossier.store import count_events, open_store

    db = tmp_path / "dossier.db"
    assert runner.invoke(app, ["ingest", *map(str, sample_paths()), "--db", str(db)]).exit_code == 0
    wal = tmp_path / "dossier.db-wal"
    assert not wal.exists() or wal.stat().st_size == 0
    copy = tmp_path / "copy" / "dossier.db"
    copy.parent.mkdir()
    shutil.copy(db, copy)
    assert count_events(open_store(str(copy), readonly=True)) == count_events(open_store(str(db), readonly=True)) > 0


def test_demo_prints_a_short_summary_and_where_to_go_next(tmp_path):
    result = runner.invoke(app, ["demo", "--db", str(tmp_path / "demo.db"), "--fresh"])
    assert result.exit_code == 0, result.output
    assert len(result.output.splitlines()) < 150
    assert "new 11" in result.output and "transfers (" in result.output and "claims (the first 5 of" in result.output
    assert "dossier serve" in result.output


@pytest.mark.parametrize("quantity, printed", [
    ({"min": 12, "max": 12}, "12"), ({"min": 10, "max": 20}, "10-20"), ({"min": 10, "max": None}, "10+"),
    ({"min": None, "max": 5}, "up to 5"),
])
def test_quantities_print_as_the_page_shows_them(quantity, printed):
    from dossier.cli import _flat
    from dossier.api import WEB

    assert _flat(quantity) == printed
    script = (WEB / "core.js").read_text(encoding="utf-8")
    assert "`${min}+`" in script and "`up to ${max}`" in script and "`${min}-${max}`" in script


def test_ingest_reads_standard_input(tmp_path):
    db = str(tmp_path / "x.db")
    text = ("Title: Patriots for Kyiv\nPublished: 2022-12-21\n\nThe United States will send a Patriot air defence "
            "battery to Ukraine, the White House said on Wednesday.\n")
    result = runner.invoke(app, ["ingest", "-", "--db", db], input=text)
    assert result.exit_code == 0 and "new 1" in result.output
    lines = "\n".join(json.dumps({"id": f"n{n}", "published": "2024-01-0{n}", "text": f"Iran delivered drones to "
                                  f"Russia in report {n}, a US official said on Tuesday."}) for n in (1, 2))
    result = runner.invoke(app, ["ingest", "-", "--stdin-format", "jsonl", "--db", db], input=lines + "\n{broken\n")
    assert result.exit_code == 0 and "new 2" in result.output and "stdin:3" in result.output
    assert runner.invoke(app, ["ingest", "-", "--db", db], input=text).output.startswith("new 0, already stored 1")


def test_a_publication_date_that_is_no_date_is_refused_before_reading(tmp_path):
    result = runner.invoke(app, ["ingest", str(sample_paths()[0]), "--published", "garbage", "--db",
                                 str(tmp_path / "x.db")])
    assert result.exit_code == 2 and "not a date" in result.output and not (tmp_path / "x.db").exists()


def test_a_binary_file_is_skipped_as_the_readme_says(tmp_path):
    (tmp_path / "binary.txt").write_bytes(b"\x00\x01\x02\xff" * 100)
    result = runner.invoke(app, ["ingest", str(tmp_path / "binary.txt"), "--db", str(tmp_path / "x.db")])
    assert "skipped 1" in result.output and "failed 0" in result.output


def test_the_progress_total_is_known_when_every_file_is_one_article(tmp_path):
    from dossier.ingest import expected_items

    (tmp_path / "a.txt").write_text("x")
    (tmp_path / "sub").mkdir()
    (tmp_path / "sub" / "b.html").write_text("x")
    assert expected_items([tmp_path]) == 2 and expected_items([tmp_path, tmp_path / "a.txt"]) == 3
    (tmp_path / "c.jsonl").write_text("x")
    assert expected_items([tmp_path]) is None


def test_update_analyses_a_stored_article_again_with_its_new_metadata_keeping_id_and_reviews(tmp_path):
    from dossier import review
    from dossier.store import get_document, list_events, open_store

    article = tmp_path / "a.txt"
    article.write_text("Russia delivered S-400 air defence systems to India yesterday, the Indian defence "
                       "ministry said in a statement.\n", encoding="utf-8")
    db = str(tmp_path / "x.db")
    assert runner.invoke(app, ["ingest", str(article), "--db", db]).exit_code == 0
    engine = open_store(db)
    event = list_events(engine)[0]
    assert event["date"] is None or not event["date"].get("start")
    review.review_event(engine, event["id"], "confirmed", {}, by="ann")
    again = runner.invoke(app, ["ingest", str(article), "--db", db, "--published", "2021-12-07"])
    assert "already stored 1" in again.output
    updated = runner.invoke(app, ["ingest", str(article), "--db", db, "--published", "2021-12-07", "--update"])
    assert updated.exit_code == 0 and "new 1 (1 of them analysed again)" in updated.output
    assert get_document(engine, event["document"])["published"] == "2021-12-07"
    now = list_events(engine)
    assert [e["document"] for e in now] == [event["document"]] * len(now)
    assert now[0]["date"]["start"] == "2021-12-06" and now[0]["review"]["by"] == "ann"


@pytest.mark.parametrize("command, key", [
    (["actors", "--kind", "state"], "name"), (["documents", "--actor", "Iran"], "title"),
    (["claims", "--type", "aid"], "status"), (["register", "--actor", "Russia"], "supplier"),
])
def test_every_list_pages_and_prints_as_table_csv_or_json(db, command, key):
    table = runner.invoke(app, [*command, "--db", db, "--limit", "2"])
    assert table.exit_code == 0 and "showing 2 of" in table.output, table.output
    page = json.loads(runner.invoke(app, [*command, "--db", db, "--format", "json"]).stdout)
    assert page["total"] > 2 and len(page["items"]) == min(50, page["total"])
    second = json.loads(runner.invoke(app, [*command, "--db", db, "--format", "json", "--offset", "1",
                                            "--limit", "1"]).stdout)
    assert second["items"] == page["items"][1:2]
    rows = list(csv.DictReader(runner.invoke(app, [*command, "--db", db, "--format", "csv"]).stdout.splitlines()))
    assert len(rows) == len(page["items"]) and key in rows[0]


def test_events_and_export_take_country_outlet_and_year_as_the_api_does(db, tmp_path):
    page = json.loads(runner.invoke(app, ["events", "--db", db, "--country", "IRN", "--year", "2024",
                                          "--format", "json", "--limit", "500"]).stdout)
    assert page["total"] > 0 and all((e["date"] or {}).get("start", "").startswith("2024") for e in page["items"])
    out = tmp_path / "irn.csv"
    assert runner.invoke(app, ["export", "--db", db, "--format", "csv", "--out", str(out), "--country", "IRN",
                               "--year", "2024"]).exit_code == 0
    assert len(list(csv.DictReader(out.open()))) == page["total"]
    assert runner.invoke(app, ["events", "--db", db, "--year", "twenty"]).exit_code == 2
