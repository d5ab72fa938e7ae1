# Two entry points (see README): `make build` and `make test`.
# Each creates .venv when it is missing and installs what it needs.

PYTHON ?= python3
VENV   := .venv
BIN    := $(VENV)/bin
# Byte-compile the package once it is installed, as pip does for a wheel: an
# editable install writes __pycache__ on first import, unless the environment
# sets PYTHONDONTWRITEBYTECODE, and then every run compiles ~150 modules again
# (about 0.3 s of each `briefing build`).
COMPILE := $(BIN)/python -m compileall -q briefing

.PHONY: build test serve golden clean

$(BIN)/python:
	@$(PYTHON) -c 'import sys; sys.exit(sys.version_info < (3, 11))' \
	  || { echo "briefing needs Python 3.11 or newer (set PYTHON=python3.x)"; exit 1; }
	$(PYTHON) -m venv $(VENV)
	$(BIN)/python -m pip install --quiet --upgrade pip

$(VENV)/.installed: pyproject.toml | $(BIN)/python
	$(BIN)/python -m pip install --quiet -e .
	@$(COMPILE)
	@touch $@

$(VENV)/.installed-test: pyproject.toml | $(BIN)/python
	$(BIN)/python -m pip install --quiet -e '.[test]'
	@$(COMPILE)
	@touch $@ $(VENV)/.installed

build: $(VENV)/.installed
	$(BIN)/briefing build

serve: $(VENV)/.installed
	$(BIN)/briefing serve

test: $(VENV)/.installed-test
	$(BIN)/python -m pytest

# Rewrite the golden files after an intended change of output; review the diff.
golden: $(VENV)/.installed-test
	UPDATE_GOLDEN=1 $(BIN)/python -m pytest tests/test_golden.py

clean:
	rm -rf _site .pytest_cache .hypothesis tests/artifacts

# Benchmark of issue 8 (benchmarks/): briefing and Hugo on a generated corpus of
# 1,000 articles; writes docs/performance.md. More: make bench BENCH_ARGS='--size 10000'
.PHONY: bench
$(VENV)/.installed-bench: pyproject.toml | $(BIN)/python
	$(BIN)/python -m pip install --quiet -e '.[bench]'
	@$(COMPILE)
	@touch $@ $(VENV)/.installed

bench: $(VENV)/.installed-bench
	$(BIN)/python -m benchmarks.run --write $(BENCH_ARGS)
