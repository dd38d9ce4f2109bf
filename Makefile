# The two commands a newcomer needs: `make run` and `make test`.
# Both create the virtual environment in .venv on first use (Python 3.11+).

PYTHON ?= python3
VENV := .venv
BIN := $(VENV)/bin
STAMP := $(VENV)/.installed

.PHONY: run test lint bench clean

$(STAMP): pyproject.toml
	$(PYTHON) -m venv $(VENV)
	$(BIN)/pip install --quiet --upgrade pip
	$(BIN)/pip install --quiet -e '.[dev]'
	touch $(STAMP)

## run: migrate the embedded SQLite database, load demo data and a trained model, serve on :8000
run: $(STAMP)
	$(BIN)/akutbro demo --if-empty
	$(BIN)/akutbro serve --host $${HOST:-127.0.0.1} --port $${PORT:-8000}

## test: the whole suite (SQLite always; PostgreSQL and the browser where reachable)
test: $(STAMP) tests/e2e/node_modules/axe-core/axe.min.js
	$(BIN)/pytest -n 2 --dist loadgroup $(PYTEST_ARGS)

# axe-core for the browser tests' accessibility checks, pinned by package-lock.json.
tests/e2e/node_modules/axe-core/axe.min.js: tests/e2e/package-lock.json
	@if command -v npm >/dev/null; then cd tests/e2e && npm ci --no-audit --no-fund --silent; \
	else echo "npm not found: the axe-core browser tests will be skipped"; fi

lint: $(STAMP)
	$(BIN)/ruff check app tests bench
	$(BIN)/mypy

## bench: the speed benchmarks (they print figures; see bench/README.md)
bench: $(STAMP)
	$(BIN)/python bench/bench_assessments.py

clean:
	rm -rf $(VENV) var test-output .pytest_cache
