# The two set-up commands: `make demo` and `make test`. Each builds the virtual environment first,
# from requirements.lock: every dependency (dev extras and the spaCy model too) pinned with hashes.
PYTHON ?= python3
VENV ?= .venv
BIN = $(VENV)/bin
LOCK = requirements.lock
UV = uv==0.13.9
# Flags for bench/bench_load.py: `make bench LOAD=--quick` skips its store of 10,000 documents.
LOAD ?=

.PHONY: demo test quality bench lock lock-upgrade clean

# Two installs: pip refuses an editable install in hash-checking mode. The project itself comes
# without dependencies and without build isolation, so its build backend is the locked setuptools.
$(BIN)/.installed: pyproject.toml $(LOCK)
	$(PYTHON) -m venv $(VENV)
	$(BIN)/python -m pip install --quiet --require-hashes -r $(LOCK)
	$(BIN)/python -m pip install --quiet --no-deps --no-build-isolation -e .
	touch $@

demo: $(BIN)/.installed  ## ingest the bundled samples into dossier.db and print what was found
	$(BIN)/dossier demo --fresh

test: $(BIN)/.installed  ## the whole suite, quality gates included (they skip without ../shared/data)
	$(BIN)/python -m pytest

quality: $(BIN)/.installed  ## only the gates that score extraction against gold data
	$(BIN)/python -m pytest -m quality -v

bench: $(BIN)/.installed  ## ingest over bare spaCy parsing, the --workers 2 speed-up, fusion of 10,000 documents, the API under load
	$(BIN)/python bench/bench_ingest.py
	$(BIN)/python bench/bench_fusion.py
	$(BIN)/python bench/bench_load.py $(LOAD)

# The lock tool runs from a throwaway venv. The lock is for CPython 3.11 on Linux x86_64 (CI's);
# `make lock` keeps the pins pyproject.toml still allows, `make lock-upgrade` takes the newest.
lock lock-upgrade:  ## re-resolve requirements.lock (hashes included) from pyproject.toml
	tool=$$(mktemp -d) && $(PYTHON) -m venv $$tool && $$tool/bin/python -m pip install --quiet '$(UV)' \
	&& $$tool/bin/uv pip compile pyproject.toml --extra dev --generate-hashes --no-config \
		--python-version 3.11 --python-platform x86_64-manylinux_2_28 $(if $(filter lock-upgrade,$@),--upgrade) \
		--custom-compile-command 'make lock' --quiet -o $(LOCK); \
	status=$$?; rm -rf $$tool; exit $$status

clean:
	rm -rf $(VENV) dossier.db dossier.db-wal dossier.db-shm .pytest_cache
