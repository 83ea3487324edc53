# The README's commands. `make docs` is the main job, `make test` runs every test.
# Both set the project up first; set-up is idempotent and installs nothing the second time.

PYTHON ?= python3
VENV   ?= .venv
PY     := $(VENV)/bin/python
STAMP  := $(VENV)/.installed-stamp
PYTEST := $(VENV)/bin/pytest
REPORTS ?= reports
PACKAGES := mock_cabinet mock_chronopay mock_mailbox mockkit chronopay_protocol demstack docsgen portal
# One worker per core; each worker runs its own mocks and browser.
WORKERS ?= auto
# Over several CI machines: `make test SHARD=2 SHARDS=3` runs the second third of the suite, split by
# the recorded durations of tests/durations.json (pytest-split); `make durations` records them anew.
DURATIONS := tests/durations.json
SPLIT_ARGS := $(if $(SHARDS),--splits $(SHARDS) --group $(SHARD) --durations-path $(DURATIONS) --splitting-algorithm least_duration)

.PHONY: setup browser test test-e2e durations serve docs bench stability lint clean

setup: $(STAMP) browser

# Re-install only when the project's dependencies changed.
$(STAMP): pyproject.toml
	@test -x $(PY) || $(PYTHON) -m venv $(VENV)
	$(PY) -m pip install --quiet --upgrade pip
	$(PY) -m pip install --quiet -e '.[test]'
	@touch $(STAMP)

# Playwright's own Chromium if installed, else the system's; installs one only if neither exists.
browser: $(STAMP)
	@$(PY) -m demstack.browser --ensure

# Static checks first (seconds), then every test; pytest's "no tests ran" (exit 5) fails too.
test: setup lint
	@mkdir -p $(REPORTS)
	$(PYTEST) -n $(WORKERS) --dist loadgroup $(SPLIT_ARGS) \
		--html=$(REPORTS)/report.html --self-contained-html \
		--junitxml=$(REPORTS)/junit.xml \
		--tracing=retain-on-failure --screenshot=only-on-failure --output=$(REPORTS)/artifacts

test-e2e: setup
	@mkdir -p $(REPORTS)
	$(PYTEST) tests/e2e -n $(WORKERS) --dist loadgroup --html=$(REPORTS)/e2e.html --self-contained-html \
		--tracing=retain-on-failure --screenshot=only-on-failure --output=$(REPORTS)/artifacts

# The suite's durations for splitting it over machines (commit the file it writes).
durations: setup
	$(PYTEST) -n $(WORKERS) --dist loadgroup -p no:cacheprovider -q --store-durations --durations-path $(DURATIONS)

serve: setup
	$(PY) -m demstack serve

# The main job: the mocks, the documented flow walked and verified in Chromium, the illustrated
# instruction in docs/ (Markdown, HTML, PDF; desktop and mobile; ru and en) and the change report.
docs: setup
	$(PY) -m docsgen --docs docs --reports $(REPORTS)

# Figures, not verdicts: the suite serial/parallel against a naive baseline, make docs against
# plain screenshots, callbacks per second and start-up times.
bench: setup
	$(PY) -m benchmarks

# The browser suite N times in a row (N=10): how many runs had any failure. BUSY=1 keeps a core busy.
stability: setup
	$(PY) -m benchmarks.stability -n $(or $(N),10) --busy-cores $(or $(BUSY),0)

lint: setup
	$(VENV)/bin/ruff check .
	$(VENV)/bin/ruff format --check .
	$(VENV)/bin/bandit -q -c pyproject.toml -r $(PACKAGES)

clean:
	rm -rf $(REPORTS) var test-results .pytest_cache
