"""Benchmark: what fusion costs now that it is written with each batch, not computed on read.

For stores of 1,000, 3,000 and 10,000 documents (built from copies of the base corpus's analyses, as
`corpus.write_copies` builds them, and cached), it times the ingest of 100 more documents in one
batch, with and without the fusion tables kept in step (the difference is fusion's incremental
cost), after one untimed batch of each kind into a copy of the first store (so the first size does
not pay for what any first batch pays: imports, statements compiled once a process), then `dossier fuse --rebuild` of the largest store in a process of its own (time and peak
resident memory).

    python bench/bench_fusion.py [--sizes 1000 3000 10000] [--more 100] [--repeat 1]

With `--repeat N`, each size is timed N times (each time on a fresh copy), and the median and least
of fusion's cost are printed: on a shared machine the least is the cost with the least
interference.
"""

from __future__ import annotations

import argparse
import resource
import shutil
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

from corpus import base_analyses, base_texts, cached_store, copy_analysis, write_copies
from dossier.pipeline import new_outcome
from dossier.store import StoreWriter, count_claims, count_transfers, open_store


def _ingest_more(db: str, analyses: list, start: int, more: int, fusion: bool) -> float:
    """Seconds to store `more` new copies in one batch (with fusion's tables kept, or not)."""
    engine = open_store(db)
    bases = [(n, analyses[n % len(analyses)]) for n in range(start, start + more)]
    batch = [copy_analysis(base, f"{base.document.id}-{n}", f" Copy {n}.") for n, base in bases]
    writer = StoreWriter(engine, fuse=fusion)
    writer.start_run()
    began = time.perf_counter()
    writer.write(batch, [new_outcome(a) for a in batch])
    took = time.perf_counter() - began
    engine.dispose()
    return took


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--sizes", type=int, nargs="+", default=[1_000, 3_000, 10_000])
    parser.add_argument("--more", type=int, default=100)
    parser.add_argument("--repeat", type=int, default=1)
    args = parser.parse_args()
    texts = base_texts()
    analyses = base_analyses(texts)
    print(f"base corpus: {len(texts)} documents; adding {args.more} documents to each store in one batch, "
          f"{args.repeat} time(s)")
    print("| store | claims | register rows | ingest of 100 more | of which fusion (median) | least | per document |")
    print("| --- | --- | --- | --- | --- | --- | --- |")
    largest = None
    with tempfile.TemporaryDirectory() as tmp:
        for n, size in enumerate(args.sizes):
            store, _ = cached_store(f"copies{size}", lambda db, n=size: write_copies(db, analyses, n), *texts,
                                    str(size))  # the key bench_load.py gives its store
            for fusion in (False, True) if n == 0 else ():
                db = str(Path(tmp) / f"warm-{fusion}.db")
                shutil.copy(store, db)
                _ingest_more(db, analyses, size + args.more, args.more, fusion)
            runs = []  # (with fusion, fusion's cost) per repetition
            for _ in range(args.repeat):
                timings = {}
                for fusion in (False, True):
                    db = str(Path(tmp) / f"{size}-{fusion}.db")
                    shutil.copy(store, db)
                    timings[fusion] = _ingest_more(db, analyses, size, args.more, fusion)
                runs.append((timings[True], timings[True] - timings[False]))
            engine = open_store(str(store), readonly=True)
            claims, rows = count_claims(engine), count_transfers(engine)
            engine.dispose()
            whole, cost = statistics.median(r[0] for r in runs), statistics.median(r[1] for r in runs)
            print(f"| {size:,} | {claims:,} | {rows:,} | {whole:.2f} s | {cost:.2f} s | {min(r[1] for r in runs):.2f} s | "
                  f"{cost / args.more * 1000:.1f} ms |")
            largest = (size, store)
        size, store = largest
        db = str(Path(tmp) / "rebuild.db")
        shutil.copy(store, db)
        began = time.perf_counter()
        subprocess.run([sys.executable, "-m", "dossier.cli", "fuse", "--rebuild", "--db", db], check=True,
                       stdout=subprocess.DEVNULL)
        took = time.perf_counter() - began
        peak = resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss / 1024
        print(f"`dossier fuse --rebuild` of {size:,} documents: {took:.1f} s, peak resident memory {peak:.0f} MB")


if __name__ == "__main__":
    main()
