# The two commands of the quick start: `make demo` and `make test`.
PYTHON ?= python3
VENV ?= .venv
PY := $(VENV)/bin/python
HOST ?= 127.0.0.1:8000

.PHONY: install messages demo test lint bench loadtest
BENCH_DATABASE_URL ?= postgres://postgres@127.0.0.1:5432/tkpk_bench

$(VENV)/.installed: pyproject.toml
	$(PYTHON) -m venv $(VENV)
	$(PY) -m pip install --quiet --upgrade pip
	$(PY) -m pip install --quiet -e ".[dev]"
	touch $@

install: $(VENV)/.installed

# Catalogues are compiled in the build; the .mo files are never committed.
messages: install
	$(PY) manage.py compilemessages --ignore=.venv --ignore=node_modules -v0

demo: messages
	$(PY) manage.py migrate --no-input -v0
	$(PY) manage.py load_regions
	$(PY) manage.py setup_demo
	$(PY) manage.py generate_registry --regency 35.05 --households 2000 --seed 2026
	$(PY) manage.py generate_recipients --regency 35.05 --seed 2026
	$(PY) manage.py generate_groups --regency 35.05 --seed 2026
	$(PY) manage.py run_targeting --region 35.05 --date 2026-06-01 --username sekretariat
	$(PY) manage.py generate_musrenbang --regency 35.05 --seed 2026
	$(PY) manage.py generate_monitoring --regency 35.05 --seed 2026
	$(PY) manage.py generate_plans --regency 35.05 --seed 2026
	$(PY) manage.py generate_lp2kd --regency 35.05 --year 2026
	@echo "Buka http://$(HOST)/ dan masuk dengan salah satu akun di atas."
	$(PY) manage.py runserver $(HOST)

# Two processes (pytest-xdist) on the two-core machine; TEST_WORKERS=0 runs in one.
TEST_WORKERS ?= 2
test: messages
	$(PY) -m pytest -n $(TEST_WORKERS) $(PYTEST_ARGS)

lint: install
	$(VENV)/bin/ruff check .
	$(VENV)/bin/ruff format --check .
	$(VENV)/bin/mypy .

# Regency-scale benchmark on PostgreSQL (DATABASE_URL, default a local tkpk_bench database).
bench: messages
	DATABASE_URL=$${DATABASE_URL:-$(BENCH_DATABASE_URL)} $(PY) manage.py ensure_database
	DATABASE_URL=$${DATABASE_URL:-$(BENCH_DATABASE_URL)} $(PY) manage.py bench $(BENCH_ARGS)

$(VENV)/.installed-load: $(VENV)/.installed
	$(PY) -m pip install --quiet -e ".[load]"
	touch $@

# 50 users against gunicorn with production settings on the benchmark database (filled by
# `make bench` first when it is empty); loopback only, bounded in time.
loadtest: messages $(VENV)/.installed-load
	DATABASE_URL=$${DATABASE_URL:-$(BENCH_DATABASE_URL)} $(PY) manage.py ensure_database
	DATABASE_URL=$${DATABASE_URL:-$(BENCH_DATABASE_URL)} $(PY) manage.py migrate --no-input -v0
	DATABASE_URL=$${DATABASE_URL:-$(BENCH_DATABASE_URL)} $(PY) manage.py loadtest_prepare --check; \
		status=$$?; if [ $$status -eq 3 ]; then $(MAKE) bench; elif [ $$status -ne 0 ]; then exit $$status; fi
	DATABASE_URL=$${DATABASE_URL:-$(BENCH_DATABASE_URL)} $(PY) loadtest/run.py
