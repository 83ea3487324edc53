# The README's commands. `make docs` is the main job, `make test` runs every test.
# Both set the project up first; set-up is idempotent and installs nothing the second time.

PYTHON ?= python3
VENV   ?= .venv
PY     := $(VENV)/bin/python
STAMP  := $(VENV)/.installed-stamp
PYTEST := $(VENV)/bin/pytest
REPORTS ?= reports
# One worker per core; each worker runs its own mocks and browser.
WORKERS ?= auto

.PHONY: setup browser test test-e2e serve docs bench stability lint clean

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

test: setup
	@mkdir -p $(REPORTS)
	$(PYTEST) -n $(WORKERS) --dist loadgroup \
		--html=$(REPORTS)/report.html --self-contained-html \
		--junitxml=$(REPORTS)/junit.xml \
		--tracing=retain-on-failure --screenshot=only-on-failure --output=$(REPORTS)/artifacts

test-e2e: setup
	@mkdir -p $(REPORTS)
	$(PYTEST) tests/e2e -n $(WORKERS) --dist loadgroup --html=$(REPORTS)/e2e.html --self-contained-html \
		--tracing=retain-on-failure --screenshot=only-on-failure --output=$(REPORTS)/artifacts

serve: setup
	$(PY) -m demstack serve

# The main job: the mocks, the documented flow walked and verified in Chromium, the illustrated
# instruction in docs/ (Markdown, HTML, PDF; desktop and mobile; ru and en) and the change report.
docs: setup
	$(PY) -m docsgen --docs docs --reports $(REPORTS)

lint: setup
	$(VENV)/bin/ruff check .
	$(VENV)/bin/ruff format --check .

clean:
	rm -rf $(REPORTS) var test-results .pytest_cache
