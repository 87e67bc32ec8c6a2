# Everything runs in a local virtual environment made on first use.
PYTHON  ?= python3
VENV    ?= .venv
BIN     := $(VENV)/bin
PYTEST  := $(BIN)/python -m pytest
# The fast tier: what needs neither Spark nor a browser and takes under ~3 s a test (markers in pyproject.toml).
FAST    := not slow and not spark and not browser
# The evaluation corpora live beside the repository, never inside it.
CORPORA ?= ../shared/corpora

.PHONY: report serve help test test-all eval-gate lint docs look-alikes wheel-check clean

report: $(VENV)/.base  ## write the seeds' report to reports/ (the golden files tests/test_golden.py compares)
	$(BIN)/provenance scan seeds --out reports

serve: $(VENV)/.installed  ## index seeds/ and start the reprint desk on http://127.0.0.1:8000 (docs/serve.md)
	$(BIN)/provenance index seeds --quiet
	$(BIN)/provenance serve

help:  ## list the targets
	@grep -E '^[a-z-]+:.*## ' $(MAKEFILE_LIST) | sed -E 's/:.*## /\t/'

test: $(VENV)/.installed  ## the fast tier: no Spark, no browser, nothing slow (doctests included)
	$(PYTEST) -m "$(FAST)"

test-all: $(VENV)/.installed  ## every test: the fast tier, the slow ones, Spark and the browser
	$(PYTEST)

eval-gate: $(VENV)/.installed  ## the evaluation figures against their floors (benchmarks/eval_baseline.json)
	$(BIN)/python -m benchmarks.eval_gate --corpora $(CORPORA)

lint: $(VENV)/.installed  ## ruff on the package, tests and benchmarks; mypy --strict on the package
	$(BIN)/ruff check provenance tests benchmarks
	$(BIN)/ruff format --check provenance tests benchmarks
	$(BIN)/mypy provenance

docs: $(VENV)/.installed  ## regenerate the reference sections of docs/ from the code (cog)
	$(BIN)/cog -r -I docs docs/cli.md docs/settings.md

# The package alone (what `make report` needs: no test tools, no Spark), then the test and lint tools and
# the Spark and serve extras for the test tiers.
$(VENV)/.base: pyproject.toml
	$(PYTHON) -m venv $(VENV)
	$(BIN)/python -m pip install --quiet --upgrade pip
	$(BIN)/python -m pip install --quiet -e .
	touch $@

$(VENV)/.installed: $(VENV)/.base
	$(BIN)/python -m pip install --quiet -e '.[dev,spark,serve]'
	touch $@

look-alikes: $(VENV)/.installed  ## regenerate provenance/text/_look_alikes.py from confusable-homoglyphs' data
	$(BIN)/python -c "from provenance.text.normalize import write_look_alikes as w; print(w(), 'letters')"

wheel-check:  ## a plain install: the built wheel in a fresh venv, the interpreter's own pip, every input format
	bash .ci/wheel-check

clean:
	rm -rf $(VENV) .pytest_cache .mypy_cache .ruff_cache
