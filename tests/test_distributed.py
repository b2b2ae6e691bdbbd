"""The Dask engine on a local cluster of two worker processes: the same store as a local ingest,
record for record, a bad document failing alone on a worker, and an idempotent re-run."""

from __future__ import annotations

import json
import shutil
import sys
from importlib.util import find_spec

import pytest
from typer.testing import CliRunner

import dossier.pipeline as pipeline
from dossier.cli import app
from dossier.pipeline import ingest
from dossier.settings import Settings

from support import exported, sample_paths

needs_dask = pytest.mark.skipif(find_spec("distributed") is None,
                                reason="dask.distributed is not installed: pip install -e '.[dask]' (the dev "
                                       "extra has it)")
runner = CliRunner()

ARTICLES = [
    {"id": "apache", "published": "2024-02-12",
     "text": "Poland signed a contract on Monday to buy 96 Apache helicopters from the United States, "
             "the defence ministry in Warsaw said."},
    {"id": "nasams", "published": "2024-03-01",
     "text": "Norway will deliver NASAMS air defence systems to Ukraine next month, Oslo announced."},
    {"id": "shells", "published": "2024-05-20",
     "text": "Officials in Seoul denied reports that South Korea had sent artillery shells to Ukraine."},
    {"id": "poison", "published": "2024-06-03",
     "text": "A poison article: France delivered Rafale jets to Egypt in 2021, Cairo said."},
]


@pytest.fixture(scope="module")
def cluster():
    from dossier.distributed import local_cluster

    with local_cluster(2) as cluster:
        yield cluster


@pytest.fixture
def corpus(tmp_path):
    """The bundled samples, a few articles of our own (one whose analysis raises) and a broken line."""
    folder = tmp_path / "corpus"
    folder.mkdir()
    for path in sample_paths():
        shutil.copy(path, folder / path.name)
    lines = [json.dumps(article) for article in ARTICLES] + ['{"id": "broken", "text": ']
    (folder / "ours.jsonl").write_text("\n".join(lines) + "\n", encoding="utf-8")
    return folder


def _breaks_on_poison(real):
    def extract_events(doc, document_id):
        if "poison" in doc.text:
            raise RuntimeError("extractor bug")
        return real(doc, document_id)
    return extract_events


def _poison():
    """Run on each worker: its extraction raises on the poison article, as it does here."""
    import dossier.pipeline

    dossier.pipeline.extract_events = _breaks_on_poison(dossier.pipeline.extract_events)


def _pipelines_loaded():
    from dossier.annotate import load_pipeline

    return load_pipeline.cache_info()


def _said(result) -> str:
    """What the command printed, with rich's line wrapping undone."""
    return " ".join(result.output.split())


def _kept(summary):
    return sorted((o.origin, o.status, o.reason, o.document, o.events) for o in summary.outcomes)


@needs_dask
def test_dask_stores_what_a_local_ingest_stores(cluster, corpus, tmp_path, monkeypatch):
    import cloudpickle
    from distributed import Client

    monkeypatch.setattr(pipeline, "extract_events", _breaks_on_poison(pipeline.extract_events))
    local = ingest([corpus], Settings(db=str(tmp_path / "local.db"), batch_size=3))
    dask_db = str(tmp_path / "dask.db")
    on_dask = Settings(db=dask_db, batch_size=3, engine="dask", scheduler=cluster.scheduler_address)
    cloudpickle.register_pickle_by_value(sys.modules[__name__])  # the workers cannot import this file
    try:
        with Client(cluster) as client:
            client.run(_poison)
            distributed = ingest([corpus], on_dask)
            loaded = client.run(_pipelines_loaded)
    finally:
        cloudpickle.unregister_pickle_by_value(sys.modules[__name__])

    assert _kept(distributed) == _kept(local)
    assert distributed.counts == {"new": 14, "failed": 2}
    failed = {o.document or o.origin: o.reason for o in distributed.outcomes if o.status == "failed"}
    assert failed["poison"] == "analysis failed: RuntimeError: extractor bug"
    stored = exported(dask_db)
    assert stored["events"] and stored["claims"] and stored["transfers"]
    assert stored == exported(str(tmp_path / "local.db"))
    # Both workers took batches and loaded the pipeline for their first only: 16 items read in
    # chunks of 3 make 6 batches (the chunk with the broken line has 2 documents).
    assert len(loaded) == 2 and all(info.misses == 1 for info in loaded.values())
    assert sum(info.hits + info.misses for info in loaded.values()) == 6

    again = ingest([corpus], on_dask)
    assert again.counts == {"duplicate": 14, "failed": 2}
    assert exported(dask_db) == stored


@needs_dask
def test_local_workers_run_without_profiler_or_memory_trimming(cluster):
    import os

    import dask
    from distributed import Client

    with Client(cluster) as client:
        assert set(client.run(dask.config.get, "distributed.worker.profile.enabled").values()) == {False}
        assert set(client.run(os.getenv, "MALLOC_TRIM_THRESHOLD_").values()) == {None}


@needs_dask
def test_the_command_starts_a_local_cluster_without_a_scheduler(tmp_path):
    article = tmp_path / "apache.txt"
    article.write_text(ARTICLES[0]["text"], encoding="utf-8")
    db = str(tmp_path / "d.db")
    command = ["ingest", str(article), "--db", db, "--engine", "dask", "--workers", "1"]
    result = runner.invoke(app, command)
    assert result.exit_code == 0, result.output
    assert "new 1," in result.output
    again = runner.invoke(app, command)  # nothing new: no cluster is started
    assert again.exit_code == 0 and "already stored 1" in again.output


@pytest.mark.parametrize("options, message", [
    (["--engine", "spark"], "unknown engine 'spark'; valid engines: local, dask"),
    (["--scheduler", "tcp://127.0.0.1:8786"], "a scheduler (tcp://127.0.0.1:8786) is for engine dask"),
    pytest.param(["--engine", "dask", "--scheduler", "localhost"],
                 "cannot reach the Dask scheduler at localhost: missing port number", marks=needs_dask),
])
def test_the_command_refuses_an_unusable_engine(tmp_path, options, message):
    article = tmp_path / "apache.txt"
    article.write_text(ARTICLES[0]["text"], encoding="utf-8")
    result = runner.invoke(app, ["ingest", str(article), "--db", str(tmp_path / "d.db"), *options])
    assert result.exit_code == 2
    assert message in _said(result)


def test_without_dask_the_error_names_the_extra(tmp_path, monkeypatch):
    monkeypatch.setitem(sys.modules, "distributed", None)  # import distributed raises ImportError
    monkeypatch.delitem(sys.modules, "dossier.distributed", raising=False)
    result = runner.invoke(app, ["ingest", str(tmp_path), "--db", str(tmp_path / "d.db"), "--engine", "dask"])
    assert result.exit_code == 2
    assert "engine dask needs dask.distributed: pip install 'dossier[dask]'" in _said(result)


@needs_dask
def test_a_scheduler_no_worker_joins_is_an_error(tmp_path, monkeypatch):
    import dossier.distributed

    monkeypatch.setattr(dossier.distributed, "JOIN_SECONDS", 1)
    article = tmp_path / "apache.txt"
    article.write_text(ARTICLES[0]["text"], encoding="utf-8")
    with dossier.distributed.local_cluster(0) as empty:
        result = runner.invoke(app, ["ingest", str(article), "--db", str(tmp_path / "d.db"),
                                     "--engine", "dask", "--scheduler", empty.scheduler_address])
    assert result.exit_code == 2
    assert f"no Dask worker joined the scheduler at {empty.scheduler_address} within 1 s" in _said(result)
