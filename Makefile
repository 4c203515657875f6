# llmprep: `make quiz` to study, `make test` to check everything. Both set up .venv first.
PYTHON ?= python3
VENV   := .venv
BIN    := $(VENV)/bin
STAMP  := $(VENV)/.llmprep-installed

.PHONY: install test lint bench quiz clean

install: $(STAMP)

# Re-installs only when the project's metadata changes; the editable install picks up code edits.
$(STAMP): pyproject.toml
	@test -x $(BIN)/python || $(PYTHON) -m venv $(VENV)
	$(BIN)/python -m pip install --quiet --disable-pip-version-check -e '.[test]'
	@touch $(STAMP)

test: install
	$(BIN)/python -m pytest -q

lint: install
	$(BIN)/ruff check src tests benchmarks
	$(BIN)/ruff format --check src tests benchmarks

bench: install
	$(BIN)/python benchmarks/run.py

quiz: install
	$(BIN)/llmprep quiz

clean:
	rm -rf $(VENV) build dist
