# Gongkai — every target sets up what it needs on a fresh clone.
PYTHON ?= python3
VENV   := .venv
BIN    := $(VENV)/bin
DATA   ?= var
HOST   ?= 127.0.0.1
PORT   ?= 8000
PYTEST_ARGS ?=

.PHONY: install run demo serve test lint unit bench clean browser fonts static fuzz fuzz-api

$(BIN)/.installed: pyproject.toml
	test -x $(BIN)/python || $(PYTHON) -m venv $(VENV)
	$(BIN)/python -m pip install --quiet --upgrade pip
	$(BIN)/python -m pip install --quiet -e ".[dev]"
	touch $@

install: $(BIN)/.installed

$(DATA)/.demo: | $(BIN)/.installed
	$(BIN)/gongkai --data $(DATA) demo
	touch $@

demo: $(DATA)/.demo

serve: install
	$(BIN)/gongkai --data $(DATA) serve --host $(HOST) --port $(PORT)

run: install demo serve

lint: install
	$(BIN)/ruff check ledger domain projections api verify tests
	$(BIN)/ruff format --check ledger domain projections api verify tests
	$(BIN)/mypy
	$(BIN)/lint-imports --no-cache

# Browser tests drive Debian's chromium through Playwright (never Playwright's own
# browser download); when none can be installed they skip and say why (they fail
# instead under GONGKAI_REQUIRE_BROWSER=1, as .ci/run sets). axe-core, for the
# accessibility checks, comes from npm (package.json, package-lock.json).
browser:
	@test -x /usr/bin/chromium || ! command -v apt-get >/dev/null || \
	  { apt-get update -qq -o DPkg::Lock::Timeout=300 >/dev/null 2>&1 && \
	    apt-get install -y -qq -o DPkg::Lock::Timeout=300 chromium fonts-noto-cjk >/dev/null 2>&1; } || \
	  echo "note: could not install chromium; the browser tests will be skipped"
	@test -f node_modules/axe-core/axe.min.js || ! command -v npm >/dev/null || \
	  npm install --no-audit --no-fund --silent >/dev/null 2>&1 || \
	  echo "note: could not install axe-core (npm); the accessibility checks will be skipped"

# Letters (告知书) embed Noto Sans CJK SC from Debian's fonts-noto-cjk (or the file named
# by GONGKAI_LETTER_FONT); `make browser` installs it too.
fonts:
	@test -f /usr/share/fonts/opentype/noto/NotoSansCJK-Regular.ttc || \
	  ! command -v apt-get >/dev/null || \
	  { apt-get update -qq -o DPkg::Lock::Timeout=300 >/dev/null 2>&1 && apt-get install -y -qq -o DPkg::Lock::Timeout=300 fonts-noto-cjk >/dev/null 2>&1; } || \
	  echo "note: could not install fonts-noto-cjk; set GONGKAI_LETTER_FONT to a CJK font file"

# The static tiles are served by nginx in production (docker-compose, docs/nginx-tiles.conf);
# the tests serve them with Debian's nginx-light too (and `gongkai bench tiles` loads them
# with wrk). Without them the tests fall back to http.server (failing instead under
# GONGKAI_REQUIRE_NGINX=1, as .ci/run sets).
static:
	@{ test -x /usr/sbin/nginx && command -v wrk >/dev/null; } || ! command -v apt-get >/dev/null || \
	  { apt-get update -qq -o DPkg::Lock::Timeout=300 >/dev/null 2>&1 && apt-get install -y -qq -o DPkg::Lock::Timeout=300 nginx-light wrk >/dev/null 2>&1; } || \
	  echo "note: could not install nginx-light and wrk; tiles are served by http.server in the tests"

# Three workers on two cores: a third of the suite's time is spent waiting on servers,
# subprocesses and the browser (two workers kept 1.4 cores busy). worksteal hands the
# last slow tests to idle workers. On this machine: -n 2 about 12 min, -n 4 11.8 min,
# -n 3 with worksteal 9.6 min (2,472 tests).
test: install lint browser fonts static
	$(BIN)/python -m pytest -n 3 --dist worksteal $(PYTEST_ARGS)

unit: install
	$(BIN)/python -m pytest tests/unit tests/property -q

bench: install
	$(BIN)/gongkai --data $(DATA) bench ledger

# Fuzzing (not in make test). `make fuzz`: each atheris harness of tests/fuzz/ for
# FUZZ_SECONDS, printing its executions; crashing inputs land in var/fuzz/NAME/crashes/.
# `make fuzz-api`: schemathesis on the OpenAPI at ten times the scale of the test
# suite's run, and stateful (operations chained through the responses' links).
FUZZ_SECONDS ?= 20
FUZZ_HARNESSES := export bundle note cosignature vkey proof cursor query

$(BIN)/.fuzz-installed: $(BIN)/.installed
	$(BIN)/python -m pip install --quiet -e ".[dev,fuzz]"
	touch $@

fuzz: $(BIN)/.fuzz-installed
	@mkdir -p var/fuzz; failed=; \
	for h in $(FUZZ_HARNESSES); do \
	  $(BIN)/python -m tests.fuzz.run $$h $(FUZZ_SECONDS) > var/fuzz/$$h.log 2>&1 || failed="$$failed $$h"; \
	  runs=$$(grep -o 'Done [0-9]* runs in [0-9]* second' var/fuzz/$$h.log | tail -1); \
	  echo "fuzz $$h: $${runs:-stopped early, see var/fuzz/$$h.log}"; \
	done; \
	test -z "$$failed" || { echo "fuzz: crashes in:$$failed (inputs: var/fuzz/*/crashes/)"; exit 1; }

fuzz-api: install
	GONGKAI_FUZZ_API=1 GONGKAI_SCHEMATHESIS_SCALE=10 $(BIN)/python -m pytest -q \
	  tests/api/test_schemathesis.py tests/fuzz/test_api_stateful.py

clean:
	rm -rf $(VENV) $(DATA) .pytest_cache .mypy_cache .ruff_cache
