# Two commands do all set-up on a fresh machine with Python 3.11 and git:
#   make demo   - create .venv, install, ingest the bundled sample corpus (and ../shared/seeds), print a summary
#   make test   - create .venv, install with dev extras (and Chromium, CJK fonts), run the whole test suite
#   make test-fast - the quick tier (no browser, Dask, lint or slow tests)
PYTHON ?= $(shell command -v python3.11 || command -v python3)
VENV := .venv
BIN := $(VENV)/bin
DEMO_DB ?= demo.db

.PHONY: demo test test-fast system-deps venv install install-dev bench lint clean

$(BIN)/python:
	@command -v $(PYTHON) >/dev/null 2>&1 || { echo "need $(PYTHON) (set PYTHON=...)"; exit 2; }
	$(PYTHON) -m venv $(VENV)
	$(BIN)/python -m pip install --quiet --upgrade pip

venv: $(BIN)/python

$(VENV)/.installed: pyproject.toml | $(BIN)/python
	$(BIN)/pip install --quiet -e .
	@touch $@

$(VENV)/.installed-dev: pyproject.toml | $(BIN)/python
	$(BIN)/pip install --quiet -e '.[dev]'
	@touch $@ $(VENV)/.installed

install: $(VENV)/.installed
install-dev: $(VENV)/.installed-dev

# the demo corpus: the sample corpus, and the seed pages when ../shared/seeds is beside the checkout
DEMO_INPUTS := corpora/sample $(wildcard ../shared/seeds)

demo: install
	@rm -f $(DEMO_DB) $(DEMO_DB)-wal $(DEMO_DB)-shm
	$(BIN)/jianghua ingest $(DEMO_INPUTS) --db $(DEMO_DB) || test $$? -eq 1
	$(BIN)/jianghua stats --db $(DEMO_DB)
	$(BIN)/jianghua verify --db $(DEMO_DB)
	@echo "database: $(abspath $(DEMO_DB))  (try: $(BIN)/jianghua export documents --db $(DEMO_DB) | head -c 600)"

# The browser tests drive Debian's Chromium (Playwright's own browser download does not work offline)
# and need a CJK font, or every page renders Chinese as boxes. Installed from Debian's packages when
# missing (as root, or through sudo); skipped with a note where apt-get is not available.
system-deps:
	@missing=""; for pkg in chromium fonts-noto-cjk; do \
	   dpkg -s $$pkg >/dev/null 2>&1 || missing="$$missing $$pkg"; done; \
	 if [ -n "$$missing" ]; then \
	   if command -v apt-get >/dev/null 2>&1; then \
	     SUDO=""; [ "$$(id -u)" = "0" ] || SUDO="sudo"; \
	     echo "installing Debian packages:$$missing"; \
	     $$SUDO apt-get update -qq >/dev/null && $$SUDO apt-get install -y -qq $$missing >/dev/null; \
	   else echo "note: no apt-get here; install$$missing yourself for the browser tests"; fi; \
	 fi

test: install-dev system-deps
	$(BIN)/python -m pytest -q

# the quick tier for the edit loop: no browser, Dask, lint or slow (whole-corpus, kill, memory) tests
test-fast: install-dev
	$(BIN)/python -m pytest -q -n auto -m "not slow and not browser and not dask and not lint"

bench: install-dev
	$(BIN)/python bench/bench_ingest.py

lint: install-dev
	$(BIN)/ruff check pipeline tests bench docs tools cli.py
	$(BIN)/mypy pipeline

clean:
	rm -rf $(VENV) *.egg-info .pytest_cache demo.db*
