# Two commands for a new user: `make run` and `make test`. Everything else is a step of those.
PYTHON ?= $(shell command -v python3.11 || command -v python3)
VENV := .venv
BIN := $(VENV)/bin
STAMP := $(VENV)/.installed

.PHONY: setup migrate ingest run serve lint typecheck browser-deps test test-fast bench cluster-check clean

setup: $(STAMP)

$(STAMP): pyproject.toml requirements.lock
	$(PYTHON) -m venv $(VENV)
	$(BIN)/pip install --quiet --upgrade pip
	$(BIN)/pip install --quiet -c requirements.lock -e '.[dev]'
	touch $(STAMP)

migrate: setup
	$(BIN)/tracker migrate

ingest: migrate
	$(BIN)/tracker ingest

run: ingest
	$(BIN)/tracker serve --host 127.0.0.1 --port 8000

lint: setup
	$(BIN)/ruff check .
	$(BIN)/ruff format --check .
	$(BIN)/hadolint Dockerfile

typecheck: setup
	$(BIN)/mypy

# Debian's Chromium and its driver, for the browser tests (never a downloaded browser).
browser-deps:
	@if [ ! -x /usr/bin/chromium ]; then \
		SUDO=$$( [ "$$(id -u)" = 0 ] || echo sudo ); \
		$$SUDO apt-get update -qq && DEBIAN_FRONTEND=noninteractive $$SUDO apt-get install -y -qq chromium chromium-driver >/dev/null; \
	fi

# The suite runs on SQLite, then on PostgreSQL when TEST_POSTGRES_URL names a server
# (.ci/run starts a throwaway one: scripts/throwaway-postgres).
test: setup lint typecheck browser-deps
	$(BIN)/pytest -n 2 -q
	@if [ -n "$$TEST_POSTGRES_URL" ]; then \
		echo "PostgreSQL pass against $$TEST_POSTGRES_URL"; \
		TEST_DATABASE_URL="$$TEST_POSTGRES_URL" $(BIN)/pytest -n 2 -q -p no:cacheprovider; \
	else \
		echo "PostgreSQL pass not run: set TEST_POSTGRES_URL to a PostgreSQL server URL to run it."; \
	fi

test-fast: setup
	$(BIN)/pytest -q -m "not browser"

# The load comes from wrk (Debian's package); the report goes to bench/reports/report.md. Then two
# ingests of 100 articles at once on one SQLite file, which must store all 200. Then pages at 16
# connections while a 50-article ingest commits: no 5xx, every answer within REQUEST_TIMEOUT,
# /healthz p99 under 100 ms (bench/reports/stall.md).
# Datasette, the cold-path comparison, is a bench-only dependency (the `bench` extra).
BENCH_STAMP := $(VENV)/.installed-bench

$(BENCH_STAMP): $(STAMP)
	$(BIN)/pip install --quiet -c requirements.lock -e '.[dev,bench]'
	touch $(BENCH_STAMP)

bench: setup $(BENCH_STAMP)
	@command -v wrk >/dev/null || { SUDO=$$( [ "$$(id -u)" = 0 ] || echo sudo ); \
		$$SUDO apt-get update -qq && DEBIAN_FRONTEND=noninteractive $$SUDO apt-get install -y -qq wrk >/dev/null; }
	$(BIN)/python -m bench
	$(BIN)/python -m bench.ingests
	$(BIN)/python -m bench.stall

# compose.yaml's deployment run for real, without Docker: a throwaway PostgreSQL, three servers and
# Debian's nginx (installed when missing) on loopback ports; prints its figures, fails on a broken
# check. CI runs it (.ci/run).
cluster-check: setup
	$(BIN)/python -m scripts.cluster_check

clean:
	rm -rf $(VENV) data .mypy_cache .ruff_cache .pytest_cache tests/screenshots
