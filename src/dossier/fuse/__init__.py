"""Cross-document fusion: near-duplicate stories, claims told by several documents, the register."""
