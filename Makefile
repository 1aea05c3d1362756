# Two entry points (README): `make demo` and `make test`. Everything else is a helper they call.
PYTHON ?= python3
VENV := .venv
BIN := $(VENV)/bin
STAMP_RUN := $(VENV)/.installed-run
STAMP_DEV := $(VENV)/.installed-dev
STAMP_NPM := node_modules/.installed
PORT ?= 8000
SCALE ?= national

.PHONY: demo test install install-dev assets browser lint pytest suite messages clean

demo: install assets
	$(BIN)/fleksjob demo --scale $(SCALE) --port $(PORT)

test: install-dev assets browser lint suite

$(BIN)/python:
	$(PYTHON) -m venv $(VENV)
	$(BIN)/pip install --quiet --upgrade pip

$(STAMP_RUN): requirements.lock pyproject.toml | $(BIN)/python
	$(BIN)/pip install --quiet --require-hashes -r requirements.lock
	$(BIN)/pip install --quiet --no-deps -e .
	touch $@

$(STAMP_DEV): requirements-dev.lock pyproject.toml | $(BIN)/python
	$(BIN)/pip install --quiet --require-hashes -r requirements-dev.lock
	$(BIN)/pip install --quiet --no-deps -e .
	touch $@ $(STAMP_RUN)

install: $(STAMP_RUN)
install-dev: $(STAMP_DEV)

# Front-end packages (DKFDS, htmx) come from the npm registry; Django serves them from node_modules.
$(STAMP_NPM): package.json package-lock.json
	npm ci --no-audit --no-fund --loglevel=error
	touch $@

assets: $(STAMP_NPM)

# Browser tests drive Debian's Chromium (Playwright's own browser download is not used); the
# catalogue test runs GNU gettext's xgettext.
browser:
	@command -v chromium >/dev/null 2>&1 && command -v xgettext >/dev/null 2>&1 || { apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq chromium gettext >/dev/null; }

# The import contracts (floors between the packages, a Django-free core, no cycles) are in
# pyproject.toml's [tool.importlinter]; docs/floors.md explains them.
lint:
	$(BIN)/ruff check src tests bench
	$(BIN)/ruff format --check src tests bench
	$(BIN)/lint-imports

pytest:
	$(BIN)/pytest $(PYTEST_ARGS)

# The whole suite as two pytest runs side by side: the browser tests (which mostly wait for a demo
# server and Chromium, other processes) and the rest. Both must pass; the browser tests' output
# follows the other's.
suite:
	@log=$$(mktemp); \
	$(BIN)/pytest -m browser -p no:cacheprovider $(PYTEST_ARGS) >"$$log" 2>&1 & pid=$$!; \
	rc=0; $(BIN)/pytest -m "not browser" --durations=25 $(PYTEST_ARGS) || rc=$$?; \
	brc=0; wait $$pid || brc=$$?; \
	echo "== browser tests =="; cat "$$log"; rm -f "$$log"; \
	echo "== exit: suite $$rc, browser tests $$brc =="; \
	[ $$rc -eq 0 ] && [ $$brc -eq 0 ]

messages:
	cd src/fleksjob && ../../$(BIN)/fleksjob manage makemessages -l en --no-obsolete && ../../$(BIN)/fleksjob manage compilemessages

clean:
	rm -rf $(VENV) node_modules var
