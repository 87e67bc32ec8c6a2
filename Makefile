# Everything runs in a local virtual environment made on first use.
PYTHON ?= python3
VENV   ?= .venv
BIN    := $(VENV)/bin

.PHONY: report test lint clean

report: $(VENV)/.installed  ## write the seeds' report to reports/
	$(BIN)/provenance scan seeds --out reports

test: $(VENV)/.installed  ## run the test suite
	$(BIN)/python -m pytest

lint: $(VENV)/.installed  ## ruff and mypy on the package
	$(BIN)/ruff check provenance tests benchmarks
	$(BIN)/ruff format --check provenance
	$(BIN)/mypy provenance

$(VENV)/.installed: pyproject.toml
	$(PYTHON) -m venv $(VENV)
	$(BIN)/python -m pip install --quiet --upgrade pip
	$(BIN)/python -m pip install --quiet -e '.[dev,spark]'
	touch $@

clean:
	rm -rf $(VENV) .pytest_cache .mypy_cache .ruff_cache
