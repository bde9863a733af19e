# Two commands do everything on a fresh machine:
#   make demo   install into .venv, then crawl the bundled sample portal offline and search it
#   make test   install into .venv (with test tools), then run the whole test suite
PYTHON ?= python3.11
VENV ?= .venv
BIN := $(VENV)/bin

.PHONY: install demo test test-long bench clean browser redis

$(BIN)/portal-archive: pyproject.toml
	$(PYTHON) -m venv $(VENV)
	$(BIN)/python -m pip install --quiet --upgrade pip
	$(BIN)/python -m pip install --quiet -e '.[test]'
	touch $@

install: $(BIN)/portal-archive

demo: install
	$(BIN)/portal-archive demo

# Headless Chromium for the Datasette end-to-end test: installed from Debian when run as root.
browser:
	@if command -v chromium >/dev/null 2>&1; then :; \
	elif [ "$$(id -u)" = 0 ] && command -v apt-get >/dev/null 2>&1; then \
		apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq chromium chromium-driver >/dev/null; \
	else echo "chromium is missing: the browser test will be skipped (as root: make browser)"; fi

# redis-server for the cluster tests and `portal-archive demo --nodes N`: installed from Debian when run as root.
redis:
	@if command -v redis-server >/dev/null 2>&1; then :; \
	elif [ "$$(id -u)" = 0 ] && command -v apt-get >/dev/null 2>&1; then \
		apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq redis-server >/dev/null; \
	else echo "redis-server is missing: the cluster tests will be skipped (as root: make redis)"; fi

test: install browser redis
	$(BIN)/python -m pytest

test-long: install
	$(BIN)/python -m pytest --long

bench: install
	$(BIN)/python bench/run.py $(ARGS)

clean:
	rm -rf $(VENV) *.egg-info
