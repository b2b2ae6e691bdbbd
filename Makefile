# The two set-up commands: `make demo` and `make test`. Each builds the virtual environment first.
PYTHON ?= python3
VENV ?= .venv
BIN = $(VENV)/bin

.PHONY: demo test quality bench clean

$(BIN)/.installed: pyproject.toml
	$(PYTHON) -m venv $(VENV)
	$(BIN)/python -m pip install --quiet --upgrade pip
	$(BIN)/python -m pip install --quiet -e '.[dev]'
	touch $@

demo: $(BIN)/.installed  ## ingest the bundled samples into dossier.db and print what was found
	$(BIN)/dossier demo --fresh

test: $(BIN)/.installed  ## the whole suite, quality gates included (they skip without ../shared/data)
	$(BIN)/python -m pytest

quality: $(BIN)/.installed  ## only the gates that score extraction against gold data
	$(BIN)/python -m pytest -m quality -v

bench: $(BIN)/.installed  ## ingest over bare spaCy parsing, the --workers 2 speed-up, --engine dask against it, fusion of 10,000 documents
	$(BIN)/python bench/bench_ingest.py
	$(BIN)/python bench/bench_fusion.py

clean:
	rm -rf $(VENV) dossier.db dossier.db-wal dossier.db-shm .pytest_cache
