"""Benchmark: fusion (claims and register) over 10,000 documents, against the time of parsing them.

Parsing is linear in the text, so the parse time of 10,000 documents is measured on the base
corpus (bundled samples and seeds) in this run and scaled; the store of 10,000 documents is built
from copies of the base corpus's analyses (new ids, shifted wording), so fusion meets the volume
of events it would meet for real without hours of parsing first.

    python bench/bench_fusion.py [--documents 10000]
"""

from __future__ import annotations

import argparse
import copy
import hashlib
import tempfile
import time
from pathlib import Path

import spacy

from bench_ingest import base_texts
from dossier.fuse.fusion import fuse
from dossier.pipeline import analyse
from dossier.records import Document, Outcome
from dossier.settings import Settings
from dossier.store import StoreWriter, counts, open_store


def _copy(analysis, n: int):
    """The analysis of a re-worded copy: every id and the text's hash made new."""
    twin = copy.deepcopy(analysis)
    old = twin.document.id
    twin.document.id = f"{old}-{n}"
    twin.document.text = twin.document.text + f" Copy {n}."
    twin.document.sha256 = hashlib.sha256(twin.document.text.encode()).hexdigest()
    for record in [*twin.mentions, *twin.attributions, *twin.cues]:
        record.document = twin.document.id
    for attribution in twin.attributions:
        attribution.id = attribution.id.replace(old, twin.document.id, 1)
    for event in twin.events:
        event.id = event.id.replace(old, twin.document.id, 1)
        for evidence in event.evidence:
            evidence.document = twin.document.id
    return twin


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--documents", type=int, default=10_000)
    args = parser.parse_args()
    texts = base_texts()
    documents = [Document(f"base{n}", t, hashlib.sha256(t.encode()).hexdigest(), published="2024-10-11")
                 for n, t in enumerate(texts)]
    nlp = spacy.load(Settings().model)
    list(nlp.pipe(texts[:2]))
    start = time.perf_counter()
    list(nlp.pipe(texts))
    parse_per_document = (time.perf_counter() - start) / len(texts)
    analyses = list(analyse(documents, Settings()))
    with tempfile.TemporaryDirectory() as tmp:
        engine = open_store(str(Path(tmp) / "fusion.db"))
        writer = StoreWriter(engine)
        batch = []
        for n in range(args.documents):
            twin = _copy(analyses[n % len(analyses)], n)
            batch.append(twin)
            if len(batch) == 500:
                writer.write(batch, [Outcome(a.document.id, "new", None, a.document.id) for a in batch])
                batch = []
        if batch:
            writer.write(batch, [Outcome(a.document.id, "new", None, a.document.id) for a in batch])
        stored = counts(engine)["documents"]
        if stored != args.documents:  # a copy the store refused would make the figure meaningless
            raise SystemExit(f"only {stored} of {args.documents} copies were stored")
        with engine.connect() as conn:
            start = time.perf_counter()
            fusion = fuse(conn)
            fused = time.perf_counter() - start
    parse = parse_per_document * args.documents
    print(f"documents: {args.documents}, claims: {len(fusion.claims)}, transfers: {len(fusion.transfers)}")
    print(f"parsing them (bare spaCy, scaled from {len(texts)} documents): {parse:7.1f} s  (baseline)")
    print(f"fusion over the store:                                  {fused:7.1f} s  ratio {fused / parse:.3f}x")


if __name__ == "__main__":
    main()
