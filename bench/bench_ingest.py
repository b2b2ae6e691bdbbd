"""Benchmark: `dossier ingest` time over the bare spaCy parse of the same text, in one run, and the
Dask engine on a local cluster of 2 workers against `--workers 2`.

Prints ratios, never absolute targets: the machine's speed cancels out. The corpus is the bundled
samples plus, where present, the seed reports in ../shared/corpus/seeds, repeated with a numbered
line so that every copy is a new document.

    python bench/bench_ingest.py [--copies 60]
"""

from __future__ import annotations

import argparse
import json
import resource
import tempfile
import time
from importlib import resources
from importlib.util import find_spec
from pathlib import Path

import spacy

from corpus import base_texts
from dossier.annotate import load_pipeline
from dossier.pipeline import ingest
from dossier.settings import Settings
from dossier.store import StoreWriter, open_store

def write_corpus(texts: list[str], copies: int, folder: Path) -> tuple[Path, list[str]]:
    corpus = [f"{text}\n\nBenchmark copy {n}." for n in range(copies) for text in texts]
    path = folder / "corpus.jsonl"
    with path.open("w", encoding="utf-8") as handle:
        for n, text in enumerate(corpus):
            handle.write(json.dumps({"id": f"bench-{n}", "text": text, "published": "2024-10-11"}) + "\n")
    return path, corpus


def _load(model: str) -> None:
    """Run on each Dask worker: load the pipeline before timing, as this process does its own."""
    load_pipeline(model)


def on_dask(path: Path, folder: Path) -> tuple[float, float] | None:
    """Seconds to start a local cluster of 2 workers with the pipeline loaded in each, and then to
    ingest `path` on it; None without dask."""
    if find_spec("distributed") is None:
        return None
    from distributed import Client

    from dossier.distributed import local_cluster

    start = time.perf_counter()
    with local_cluster(2) as cluster, Client(cluster) as client:
        client.run(_load, Settings().model)
        ready = time.perf_counter() - start
        settings = Settings(db=str(folder / "dask.db"), engine="dask", scheduler=cluster.scheduler_address)
        return ready, timed(lambda: ingest([path], settings))


def timed(function) -> float:
    start = time.perf_counter()
    function()
    return time.perf_counter() - start


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--copies", type=int, default=30, help="times the base corpus is repeated")
    args = parser.parse_args()
    with tempfile.TemporaryDirectory() as tmp:
        folder = Path(tmp)
        path, corpus = write_corpus(base_texts(), args.copies, folder)
        chars = sum(map(len, corpus))
        nlp = spacy.load(Settings().model)
        list(nlp.pipe(corpus[:20]))  # load and warm up both sides alike: start-up is not throughput
        list(load_pipeline(Settings().model).pipe(corpus[:20]))
        bare = timed(lambda: list(nlp.pipe(corpus, batch_size=64)))
        one = timed(lambda: ingest([path], Settings(db=str(folder / "one.db"))))
        two = timed(lambda: ingest([path], Settings(db=str(folder / "two.db"), workers=2)))
        dask = on_dask(path, folder)
        writer = StoreWriter(open_store(str(folder / "one.db")))
        fusion = timed(writer.rebuild_fusion)  # ingest keeps the tables; this recomputes them all
        peak_mb = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024
    print(f"corpus: {len(corpus)} documents, {chars / 1e6:.2f} M characters")
    print(f"bare spaCy parse (nlp.pipe):        {bare:6.2f} s  (baseline)")
    print(f"dossier ingest, 1 process:          {one:6.2f} s  ratio {one / bare:.2f}x  (target < 1.3x)")
    print(f"dossier ingest, --workers 2:        {two:6.2f} s  speed-up {one / two:.2f}x over 1 process")
    if dask is None:
        print("dossier ingest --engine dask: not measured, dask is not installed (pip install 'dossier[dask]')")
    else:
        ready, run = dask
        print(f"dossier ingest --engine dask, 2 workers: {run:6.2f} s  ratio {run / two:.2f}x the time of "
              f"--workers 2 (cluster started and model loaded beforehand: {ready:.2f} s)")
    print(f"fusion rebuilt (claims and register) over the store: {fusion:6.2f} s  ratio {fusion / bare:.3f}x the parse")
    print(f"peak resident memory of this process: {peak_mb:.0f} MB")


if __name__ == "__main__":
    main()
