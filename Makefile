# Two entry points, both safe on a fresh machine: `make run` and `make test`; `make check` is
# the edit-test loop (lint, unit and AppTest tests: no browser, no container, nothing slow).
PYTHON ?= python3
VENV   := .venv
BIN    := $(VENV)/bin
SUDO   := $(shell [ "$$(id -u)" = 0 ] || echo sudo)

.PHONY: run test check lint boundaries validate fonts browser deploy-tools bench clean

run: $(VENV)/.runtime fonts boundaries ## set up, build boundaries if missing, start the app
	$(BIN)/streamlit run serve.py

test: $(VENV)/.dev browser deploy-tools ## set up (venv, Chromium, CJK fonts, podman, HAProxy) and run lint + all tests
	$(BIN)/ruff check .
	$(BIN)/ruff format --check .
	$(BIN)/python -m pytest

check: $(VENV)/.dev ## lint, unit and AppTest tests (pytest markers: not browser, deploy or slow)
	$(BIN)/ruff check .
	$(BIN)/ruff format --check .
	$(BIN)/python -m pytest -q -m "not browser and not deploy and not slow"

boundaries: $(VENV)/.runtime
	@[ -f data/municipalities.geojson ] && [ -f data/prefectures.geojson ] || $(BIN)/python -m geo build

validate: boundaries
	$(BIN)/python -m geo validate

bench: $(VENV)/.dev browser boundaries
	$(BIN)/python -m bench

$(VENV)/.runtime: requirements.txt
	[ -x $(BIN)/python ] || $(PYTHON) -m venv $(VENV)
	$(BIN)/pip install -q -r requirements.txt
	touch $@

$(VENV)/.dev: requirements.txt requirements-dev.txt
	[ -x $(BIN)/python ] || $(PYTHON) -m venv $(VENV)
	$(BIN)/pip install -q -r requirements-dev.txt
	touch $(VENV)/.runtime $@

# Noto Sans CJK: the printable map's font (and the browser's).
fonts:
	@if ! fc-list 2>/dev/null | grep -qi "Noto Sans CJK"; then \
		$(SUDO) apt-get update -q && \
		DEBIAN_FRONTEND=noninteractive $(SUDO) apt-get install -y -q fonts-noto-cjk; \
	fi

# Debian's Chromium for the browser tests (never a downloaded browser); poppler-utils reads
# the printed PDFs back in the tests.
browser: fonts
	@if [ ! -x /usr/bin/chromium ] || ! command -v pdftotext >/dev/null; then \
		$(SUDO) apt-get update -q && \
		DEBIAN_FRONTEND=noninteractive $(SUDO) apt-get install -y -q chromium poppler-utils; \
	fi

# The deployment's tests: the container image (podman, runc, mmdebstrap for a local Debian
# base), copies of the app behind HAProxy (openssl makes the certificate its check reads) and
# the PostgreSQL server their counts go to (devkit/postgres.py starts one of its own).
deploy-tools:
	@if [ ! -x /usr/bin/podman ] || [ ! -x /usr/sbin/haproxy ] || [ ! -x /usr/bin/mmdebstrap ] || [ ! -x /usr/sbin/runc ] || [ ! -x /usr/bin/openssl ] || ! ls /usr/lib/postgresql/*/bin/initdb >/dev/null 2>&1; then \
		$(SUDO) apt-get update -q && \
		DEBIAN_FRONTEND=noninteractive $(SUDO) apt-get install -y -q podman runc mmdebstrap haproxy openssl postgresql; \
	fi

clean:
	rm -rf $(VENV) data/municipalities.geojson data/prefectures.geojson data/boundaries-meta.json tests/artifacts
