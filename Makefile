# Set-up and everyday commands. `make run` and `make test` do all the set-up themselves.
VENV ?= .venv
BIN := $(VENV)/bin
PYTHON ?= $(shell for p in python3.13 python3.12 python3.11 python3; do \
	command -v $$p >/dev/null 2>&1 && $$p -c 'import sys; sys.exit(sys.version_info < (3, 11))' 2>/dev/null && echo $$p && break; done)
# Test workers: pilot tests mostly wait, so more workers than cores shortens the run.
TEST_WORKERS ?= 4
# Python caches compiled modules in __pycache__ (git ignores it); a shell that turns this off would make every
# test worker and every `python -m kit` the tests start compile the whole kit again.
unexport PYTHONDONTWRITEBYTECODE
SYSTEM_PACKAGES := fonts-noto-core poppler-utils zbar-tools chromium

.PHONY: run test lint bench dist system-deps clean

$(BIN)/python:
	@test -n "$(PYTHON)" || { echo "Python 3.11 or newer is needed: install it, then run make again."; exit 1; }
	$(PYTHON) -m venv $(VENV)
	$(BIN)/python -m pip install --quiet --upgrade pip

$(VENV)/.installed: $(BIN)/python pyproject.toml
	$(BIN)/python -m pip install --quiet -e .
	touch $@

$(VENV)/.installed-test: $(VENV)/.installed
	$(BIN)/python -m pip install --quiet -e '.[test]'
	touch $@

# The tools the tests use to look at PDFs, QR codes and pages, and fonts for Chromium (the PDFs use the kit's own).
# Installed with apt-get when missing and we are root; otherwise say what to install.
system-deps:
	@missing=""; for p in $(SYSTEM_PACKAGES); do dpkg -s $$p >/dev/null 2>&1 || missing="$$missing $$p"; done; \
	if [ -z "$$missing" ]; then exit 0; fi; \
	if [ "$$(id -u)" = 0 ] && command -v apt-get >/dev/null 2>&1; then \
		echo "Installing system packages:$$missing"; \
		apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq $$missing >/dev/null; \
	else \
		echo "Note: these system packages are missing:$$missing (install them for the full tests)."; \
	fi

run: $(VENV)/.installed
	@-$(MAKE) --no-print-directory system-deps
	$(BIN)/codesign-kit demo >/dev/null
	$(BIN)/codesign-kit --open demo

test: $(VENV)/.installed-test system-deps
	@$(BIN)/python -m pytest -n $(TEST_WORKERS) --dist worksteal $(PYTEST_ARGS); rc=$$?; \
	if [ $$rc -eq 5 ]; then echo "pytest collected no tests"; exit 0; fi; exit $$rc

lint: $(VENV)/.installed-test
	$(BIN)/ruff check kit tests bench
	$(BIN)/ruff format --check kit tests bench
	$(BIN)/mypy

bench: $(VENV)/.installed-test
	@for script in bench/*.py; do echo "== $$script"; $(BIN)/python $$script || exit 1; done

# The sdist and the wheel a facilitator installs with pipx or uv (README, Install); the wheel is built from the sdist.
dist: $(VENV)/.installed-test
	rm -rf dist
	$(BIN)/python -m build --no-isolation --outdir dist .
	@ls -1 dist

clean:
	rm -rf $(VENV) build dist *.egg-info .pytest_cache
