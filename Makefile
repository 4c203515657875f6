# llmprep: `make quiz` to study, `make test` to check everything. Both set up .venv first.
PYTHON ?= python3
VENV   := .venv
BIN    := $(VENV)/bin
STAMP      := $(VENV)/.llmprep-installed
TEST_STAMP := $(VENV)/.llmprep-test-installed

.PHONY: install install-test test lint bench quiz clean

install: $(STAMP)
install-test: $(TEST_STAMP)

# Each set is re-installed only when the project's metadata changes; the editable install picks up
# code edits. `make quiz` needs only what llmprep needs to run; the test tools come with `make test`.
$(STAMP): pyproject.toml
	@test -x $(BIN)/python || $(PYTHON) -m venv $(VENV)
	$(BIN)/python -m pip install --quiet --disable-pip-version-check -e .
	@touch $(STAMP)

# The test extras include everything llmprep needs, so this also satisfies `make install`.
$(TEST_STAMP): pyproject.toml
	@test -x $(BIN)/python || $(PYTHON) -m venv $(VENV)
	$(BIN)/python -m pip install --quiet --disable-pip-version-check -e '.[test]'
	@touch $(STAMP) $(TEST_STAMP)

test: install-test
	$(BIN)/python -m pytest -q

lint: install-test
	$(BIN)/ruff check src tests benchmarks
	$(BIN)/ruff format --check src tests benchmarks

bench: install-test
	$(BIN)/python benchmarks/run.py

quiz: install
	$(BIN)/llmprep quiz

clean:
	rm -rf $(VENV) build dist
