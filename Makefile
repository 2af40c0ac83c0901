# Quick start: `make run` (demo server on http://127.0.0.1:8000, the task worker and the scheduler) and `make test` (the whole suite).
PYTHON ?= python3.11
TOOLS := .tools
UV := $(TOOLS)/bin/uv
VENV := .venv
PY := $(VENV)/bin/python
export UV_PYTHON_DOWNLOADS := never
export UV_PROJECT_ENVIRONMENT := $(VENV)

.PHONY: install run test lint security check code frontend clean mutate bench load-install load

$(UV):
	$(PYTHON) -m venv $(TOOLS)
	$(TOOLS)/bin/pip install --quiet --disable-pip-version-check uv==0.13.9

$(VENV)/.synced: pyproject.toml uv.lock | $(UV)
	$(UV) sync --frozen --python $(PYTHON)
	touch $@

install: $(VENV)/.synced

run: install
	ALTPROV_DEMO=1 $(PY) manage.py migrate --noinput
	ALTPROV_DEMO=1 $(PY) manage.py createcachetable
	ALTPROV_DEMO=1 $(PY) manage.py seed_demo --if-empty
	ALTPROV_DEMO=1 $(PY) manage.py demo_sign_in
	@# The task worker (django-tasks: the daily digest, X-4) and the scheduler that enqueues the
	@# scheduled jobs (altprov/ops/schedule.py) run beside the web server and stop with it.
	ALTPROV_DEMO=1 $(PY) manage.py db_worker & worker=$$!; \
	ALTPROV_DEMO=1 $(PY) manage.py run_scheduler & scheduler=$$!; \
	trap 'kill $$worker $$scheduler 2>/dev/null' EXIT INT TERM; \
	ALTPROV_DEMO=1 $(PY) manage.py runserver 127.0.0.1:8000

# The current second-factor code for the demo accounts.
code: install
	@ALTPROV_DEMO=1 $(PY) manage.py demo_sign_in --code

test: install
	$(PY) -m pytest

lint: install
	$(VENV)/bin/ruff check .
	$(VENV)/bin/ruff format --check .
	@$(MAKE) --no-print-directory security

# Security checks (docs/security.md), run by `make lint`: bandit (medium and high findings fail;
# a false positive carries a narrow `# nosec BXXX` with its reason), then the dependency audit,
# which says it is skipped where PyPI's vulnerability data cannot be reached.
# (bandit warns on stderr for every other check on a line with a `# nosec BXXX`: those are left out.)
BANDIT := $(VENV)/bin/bandit -q -c pyproject.toml -r altprov scripts manage.py gunicorn.conf.py --severity-level medium
security: install
	@echo "$(BANDIT)"; status=0; $(BANDIT) 2>$(TOOLS)/bandit.err || status=$$?; \
	grep -v "nosec encountered" $(TOOLS)/bandit.err >&2; \
	if [ $$status -eq 0 ]; then echo "bandit: no medium or high findings"; fi; exit $$status
	$(PY) scripts/dependency_audit.py --uv $(UV)

check: install
	$(PY) manage.py makemigrations --check --dry-run
	DJANGO_DEBUG=0 DJANGO_SECRET_KEY=ci-check-$$(date +%s)-0123456789abcdefghijklmnopqrstuvwxyz-ABCDEFGHIJ \
	DJANGO_ALLOWED_HOSTS=altprov.example.org $(PY) manage.py check --deploy --fail-level WARNING

# Mutation testing of the rule modules (config in pyproject.toml [tool.mutmut]; score and survivors
# in docs/testing.md). A fresh run each time: 35 minutes of wall time for 2,452 mutants on the idle
# 2-core machine; 74 minutes for 3,112 with tests beside it (3 December); `.venv/bin/mutmut run`
# resumes a stopped run.
mutate: install
	rm -rf mutants
	$(VENV)/bin/mutmut run --max-children $$(nproc)
	$(PY) scripts/mutation_score.py --survivors

# The benchmarks of issue 10 at reduced sizes, each printing its ratio (bench/README.md: 70 s of
# CPU, 4 minutes of wall time at load average 10 on 2 cores). SQLite unless DATABASE_URL names a
# PostgreSQL database, next to which each bench makes and drops its own. Each bench's database is
# copied from a template migrated once per migration state (bench/database.py, .bench-cache/):
# the first run after a migration changes migrates once (about 35 s of CPU more).
# The full sizes: bench/README.md.
bench: install
	$(PY) bench/list_pages.py --quick
	$(PY) bench/trust_view.py --schools 10 --per-school 20 --days 60 --repeat 3
	$(PY) bench/attendance_import.py --marks 100000 --repeat 1
	$(PY) bench/duty_engine.py --schools 10 --per-school 200 --repeat 3

# P6, the load test (locust, in its own environment so that its pytest plugin never loads in
# the suite's): `make load-install` once, then `make load` with DATABASE_URL set (PostgreSQL).
load-install: $(UV)
	UV_PROJECT_ENVIRONMENT=.venv-load $(UV) sync --frozen --group load --python $(PYTHON)

load: install
	$(PY) bench/load_test.py

# Rebuilds the committed GOV.UK Frontend and MOJ Frontend assets (needs Node and npm).
frontend:
	bash frontend/build.sh

clean:
	rm -rf $(VENV) .venv-load $(TOOLS) mutants db.sqlite3 db.sqlite3-wal db.sqlite3-shm staticfiles
