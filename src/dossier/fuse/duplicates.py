"""Near-duplicate documents: syndicated or lightly edited copies of one story.

A copy is not an independent source, so claims count each group of near-duplicates once. MinHash
over word shingles with locality-sensitive hashing (datasketch) finds candidate pairs without
comparing every document with every other, so the cost grows with the corpus, not its square.
"""

from __future__ import annotations

import re
from typing import Iterable

from datasketch import MinHash, MinHashLSH

SHINGLE_WORDS = 5
PERMUTATIONS = 64
THRESHOLD = 0.7  # estimated Jaccard similarity of shingle sets above which two texts are one story
_WORD = re.compile(r"\w+")


def signature(text: str) -> MinHash:
    """The MinHash of a text's word shingles (case and punctuation ignored)."""
    words = _WORD.findall(text.lower())
    shingles = {" ".join(words[i:i + SHINGLE_WORDS]) for i in range(max(1, len(words) - SHINGLE_WORDS + 1))}
    minhash = MinHash(num_perm=PERMUTATIONS)
    minhash.update_batch([s.encode("utf-8") for s in shingles])
    return minhash


def story_groups(documents: Iterable[tuple[str, str]], threshold: float = THRESHOLD) -> dict[str, str]:
    """Document id -> the id of the first document of its story (itself when it has no copy)."""
    lsh = MinHashLSH(threshold=threshold, num_perm=PERMUTATIONS)
    group: dict[str, str] = {}
    for doc_id, text in documents:
        minhash = signature(text)
        copies = lsh.query(minhash)
        group[doc_id] = min((group[c] for c in copies), default=doc_id)
        lsh.insert(doc_id, minhash)
    return group
