# NerveCheck: `make run` to use it, `make test` to test it. Needs only python3 (3.11+).
PYTHON ?= python3
VENV := .venv
BIN := $(VENV)/bin
# One editable install (with the test extras) serves run, demo, test and bench, so
# edits to engine/, tui/ and content/ take effect at once, and `nervecheck content
# check` checks the files being edited. The stamp is named for the kind of install,
# so a venv left by the old non-editable `make run` is reinstalled, not trusted.
STAMP := $(VENV)/.installed-editable
DEMO_DB := demo-data/nervecheck.json

.PHONY: run test test-moved-clock demo bench clean

$(BIN)/python:
	$(PYTHON) -m venv $(VENV)
	$(BIN)/python -m pip install --quiet --upgrade pip

$(STAMP): pyproject.toml Makefile | $(BIN)/python
	$(BIN)/python -m pip install --quiet -e ".[test]"
	touch $@

run: $(STAMP)
	$(BIN)/nervecheck

test: $(STAMP)
	$(BIN)/python -m pytest

# The whole suite again with the system clock and zone moved (time-machine, started by
# tests/conftest.py), to prove no test leans on the real date or zone: a leap-day
# evening two years on in Auckland, and the night London's clocks go forward (the run
# ticks across 01:00 GMT -> 02:00 BST a minute in). Another moment, for one run:
#   NERVECHECK_TEST_SYSTEM_CLOCK="2030-10-27T00:50 Europe/Paris" .venv/bin/python -m pytest
test-moved-clock: $(STAMP)
	NERVECHECK_TEST_SYSTEM_CLOCK="2028-02-29T21:30 Pacific/Auckland" $(BIN)/python -m pytest
	NERVECHECK_TEST_SYSTEM_CLOCK="2027-03-28T00:59 Europe/London" $(BIN)/python -m pytest

demo: $(STAMP)
	$(BIN)/python -m nervecheck.cli.demo $(DEMO_DB) --days 120
	$(BIN)/nervecheck --db $(DEMO_DB)

bench: $(STAMP)
	$(BIN)/python bench/run.py $(BENCH_ARGS)

clean:
	rm -rf $(VENV) build *.egg-info demo-data
