"""Near-duplicate documents: syndicated or lightly edited copies of one story.

A copy is not an independent source, so claims count each group of near-duplicates once. MinHash
over word shingles with locality-sensitive hashing (datasketch's banding) finds candidate pairs
without comparing every document with every other, so the cost grows with the corpus, not its
square. A document's band keys are strings, so the store keeps them in an indexed table, with the
least story under each key, and groups a new document by looking its keys up, without hashing any
stored text again.
"""

from __future__ import annotations

import hashlib
import re
from collections.abc import Iterable, Mapping
from functools import cache

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


@cache
def _bands(threshold: float) -> list[tuple[int, int]]:
    """The signature's slices that LSH compares (datasketch's optimal bands for `threshold`)."""
    return MinHashLSH(threshold=threshold, num_perm=PERMUTATIONS).hashranges


def band_keys(text: str, threshold: float = THRESHOLD) -> list[str]:
    """The text's LSH band keys: two texts are candidate copies when they share one (as a
    `MinHashLSH.query` finds them). Each band's hash values are digested to 16 bytes, so the
    key is short enough to index."""
    values = signature(text).hashvalues
    return [f"{band}:" + hashlib.blake2b(values[start:end].byteswap().tobytes(), digest_size=16).hexdigest()
            for band, (start, end) in enumerate(_bands(threshold))]


def story_group(keys: Iterable[str], least: Mapping[str, str], doc_id: str) -> str:
    """The story of a new document with band `keys`, given the least story among the documents stored
    before it under each key (`least`): the least of those, which is the least story among its
    copies, else its own id (compared in Python: a database's min would follow its collation). So a
    lookup reads one story a key, however many documents share it; the story found is then the
    least under each of the document's keys."""
    return min((least[key] for key in keys if key in least), default=doc_id)


def story_groups(documents: Iterable[tuple[str, str]], threshold: float = THRESHOLD) -> dict[str, str]:
    """Document id -> the id of the first document of its story (itself when it has no copy), each
    document grouped against those before it."""
    least: dict[str, str] = {}
    group: dict[str, str] = {}
    for doc_id, text in documents:
        keys = band_keys(text, threshold)
        group[doc_id] = story_group(keys, least, doc_id)
        least.update(dict.fromkeys(keys, group[doc_id]))
    return group
