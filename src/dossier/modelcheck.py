"""The digest of the installed spaCy model's files, and the one recorded in
`resources/model_digest.tsv`: the model is a third-party re-upload, so the files that load must be
the files that were checked.

`python -m dossier.modelcheck` prints both; `--record` writes the installed one into the file
(after an intentional model upgrade only).
"""

from __future__ import annotations

import hashlib
import importlib.metadata
import importlib.util
import sys
from importlib import resources
from pathlib import Path

from dossier.lexicons import read_table

RECORD = "model_digest.tsv"


def tree_digest(root: Path) -> str:
    """SHA-256 over the files under `root`, in order of relative path: each path, its size and its
    bytes. Compiled Python (`__pycache__`, `.pyc`) is skipped: it differs from one install to the next."""
    files = {path.relative_to(root).as_posix(): path for path in root.rglob("*")
             if path.is_file() and "__pycache__" not in path.parts and path.suffix != ".pyc"}
    digest = hashlib.sha256()
    for name in sorted(files):
        data = files[name].read_bytes()
        digest.update(f"{name}\0{len(data)}\0".encode())
        digest.update(data)
    return digest.hexdigest()


def recorded() -> dict[str, str]:
    """The recorded row: `package` (the import name), `version` and `sha256`."""
    (row,) = read_table(RECORD)
    return row


def installed(package: str) -> dict[str, str]:
    """The same row for the model package installed here."""
    spec = importlib.util.find_spec(package)
    if spec is None or spec.origin is None:
        raise ModuleNotFoundError(f"the spaCy model package {package!r} is not installed")
    return {"package": package, "version": importlib.metadata.version(package),
            "sha256": tree_digest(Path(spec.origin).parent)}


def record(row: dict[str, str]) -> None:
    """Rewrite the data row of the record in the source tree, keeping its comments and header."""
    path = Path(str(resources.files("dossier.resources").joinpath(RECORD)))
    lines = path.read_text(encoding="utf-8").splitlines(keepends=True)
    header = next(i for i, line in enumerate(lines) if not line.startswith("#"))
    data = "\t".join(row[key] for key in ("package", "version", "sha256")) + "\n"
    path.write_text("".join(lines[:header + 1]) + data, encoding="utf-8")


def main(argv: list[str]) -> int:
    want = recorded()
    have = installed(want["package"])
    for label, row in (("recorded", want), ("installed", have)):
        print(f"{label:9}  {row['package']} {row['version']}  {row['sha256']}")
    if "--record" in argv:
        record(have)
        print(f"written to resources/{RECORD}")
        return 0
    return 0 if have == want else 1


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
