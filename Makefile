# The two set-up commands: `make demo` and `make test`. Each builds the virtual environment first,
# from a lock with every dependency (the spaCy model too) pinned with its hashes: the demo only what
# dossier needs to run (requirements-run.lock), the tests the dev extras as well (requirements.lock).
PYTHON ?= python3
VENV ?= .venv
BIN = $(VENV)/bin
LOCK = requirements.lock
RUN_LOCK = requirements-run.lock
UV = uv==0.13.9
# Flags for bench/bench_load.py: `make bench LOAD=--quick` skips its store of 10,000 documents.
LOAD ?=
# Flags for bench/bench_growth.py: `make bench-growth GROWTH=--quick` times stores of 1,000 to 10,000
# documents, GROWTH='--sizes 10000,30000' chooses the sizes.
GROWTH ?=

.PHONY: demo test quality bench bench-growth screenshots lock lock-upgrade clean

# Two installs: pip refuses an editable install in hash-checking mode. The project itself comes
# without dependencies and without build isolation, so its build backend is the locked setuptools.
$(BIN)/.installed-run: pyproject.toml $(RUN_LOCK)
	$(PYTHON) -m venv $(VENV)
	$(BIN)/python -m pip install --quiet --require-hashes -r $(RUN_LOCK)
	$(BIN)/python -m pip install --quiet --no-deps --no-build-isolation -e .
	touch $@

$(BIN)/.installed: $(BIN)/.installed-run $(LOCK)
	$(BIN)/python -m pip install --quiet --require-hashes -r $(LOCK)
	touch $@

demo: $(BIN)/.installed-run  ## ingest the bundled samples into dossier.db and print what was found
	$(BIN)/dossier demo --fresh

test: $(BIN)/.installed  ## the whole suite, quality gates included (they skip without ../shared/data)
	$(BIN)/python -m pytest

screenshots: $(BIN)/.installed  ## retake the README's screenshots (docs/screenshots/) in the browser tests
	DOSSIER_SCREENSHOTS=1 $(BIN)/python -m pytest tests/web -q

quality: $(BIN)/.installed  ## only the gates that score extraction against gold data
	$(BIN)/python -m pytest -m quality -v

bench: $(BIN)/.installed  ## ingest over bare spaCy parsing, the --workers 2 speed-up, --engine dask against it, fusion of 10,000 documents, the API under load
	$(BIN)/python bench/bench_ingest.py
	$(BIN)/python bench/bench_fusion.py
	$(BIN)/python bench/bench_load.py $(LOAD)

bench-growth: $(BIN)/.installed  ## the API's pages on synthetic stores of 10,000, 30,000 and 100,000 documents: p50/p95 over a baseline, first requests, the server's peak RSS
	$(BIN)/python bench/bench_growth.py $(GROWTH)

# The lock tool runs from a throwaway venv. The lock is for CPython 3.11 on Linux x86_64 (CI's);
# `make lock` keeps the pins pyproject.toml still allows, `make lock-upgrade` takes the newest. The
# run lock is resolved within the full one, so the demo and the tests install the same versions.
COMPILE = uv pip compile pyproject.toml --generate-hashes --no-config --python-version 3.11 \
	--python-platform x86_64-manylinux_2_28 --custom-compile-command 'make lock' --quiet
lock lock-upgrade:  ## re-resolve requirements.lock and requirements-run.lock (hashes included) from pyproject.toml
	tool=$$(mktemp -d) && $(PYTHON) -m venv $$tool && $$tool/bin/python -m pip install --quiet '$(UV)' \
	&& $$tool/bin/$(COMPILE) --extra dev $(if $(filter lock-upgrade,$@),--upgrade) -o $(LOCK) \
	&& $$tool/bin/$(COMPILE) --constraint $(LOCK) -o $(RUN_LOCK); \
	status=$$?; rm -rf $$tool; exit $$status

clean:
	rm -rf $(VENV) dossier.db dossier.db-wal dossier.db-shm .pytest_cache
