"""Benchmark: fusion (claims and register) over 10,000 documents, against the time of parsing them.

Parsing is linear in the text, so the parse time of 10,000 documents is measured on the base
corpus (bundled samples and seeds) in this run and scaled; the store of 10,000 documents is built
from copies of the base corpus's analyses (new ids, shifted wording), so fusion meets the volume
of events it would meet for real without hours of parsing first.

    python bench/bench_fusion.py [--documents 10000]
"""

from __future__ import annotations

import argparse
import tempfile
import time
from pathlib import Path

import spacy

from corpus import base_analyses, base_texts, write_copies
from dossier.fuse.fusion import fuse
from dossier.settings import Settings
from dossier.store import open_store


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--documents", type=int, default=10_000)
    args = parser.parse_args()
    texts = base_texts()
    nlp = spacy.load(Settings().model)
    list(nlp.pipe(texts[:2]))
    start = time.perf_counter()
    list(nlp.pipe(texts))
    parse_per_document = (time.perf_counter() - start) / len(texts)
    with tempfile.TemporaryDirectory() as tmp:
        db = str(Path(tmp) / "fusion.db")
        write_copies(db, base_analyses(texts), args.documents)
        with open_store(db, readonly=True).connect() as conn:
            start = time.perf_counter()
            fusion = fuse(conn)
            fused = time.perf_counter() - start
    parse = parse_per_document * args.documents
    print(f"documents: {args.documents}, claims: {len(fusion.claims)}, transfers: {len(fusion.transfers)}")
    print(f"parsing them (bare spaCy, scaled from {len(texts)} documents): {parse:7.1f} s  (baseline)")
    print(f"fusion over the store:                                  {fused:7.1f} s  ratio {fused / parse:.3f}x")


if __name__ == "__main__":
    main()
