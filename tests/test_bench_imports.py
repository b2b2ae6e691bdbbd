"""Every benchmark script imports: `make bench` runs them rarely, so a renamed helper would
otherwise break them unseen (bench_fusion.py once imported a function corpus.py no longer had)."""

from __future__ import annotations

import importlib
import sys

import pytest

from support import REPO

BENCH = REPO / "bench"


@pytest.mark.parametrize("name", sorted(path.stem for path in BENCH.glob("*.py")))
def test_bench_script_imports(name, monkeypatch):
    monkeypatch.syspath_prepend(str(BENCH))
    module = importlib.import_module(name)
    assert module.__file__ and module.__file__.startswith(str(BENCH))
    if name.startswith("bench_"):
        assert callable(module.main), f"{name} has no main()"
    sys.modules.pop(name, None)
