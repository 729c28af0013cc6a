# bank-collectibles: `make demo` runs the main job, `make test` the whole test suite.
# Each target installs what it needs on first use (.venv, node_modules) and skips that when current.

PYTHON ?= python3
VENV := .venv
PY := $(VENV)/bin/python
VENV_STAMP := $(VENV)/.installed
NODE_STAMP := node_modules/.installed

# Tools and caches stay inside the repository: nothing is written to the user's home folder.
# Foundry always creates ~/.foundry, so forge and anvil get a HOME of their own under build/.
export PATH := $(CURDIR)/node_modules/.bin:$(CURDIR)/$(VENV)/bin:$(PATH)
export SOLCX_BINARY_PATH := $(CURDIR)/tools/solcx
export APE_DATA_FOLDER := $(CURDIR)/build/ape
export PIP_CACHE_DIR := $(CURDIR)/.cache/pip
export npm_config_cache := $(CURDIR)/.cache/npm
export PIP_DISABLE_PIP_VERSION_CHECK := 1
# pip runs `rustc --version` for its User-Agent; where rustc is a rustup proxy, that writes
# ~/.rustup/settings.toml unless rustup's home is elsewhere.
export RUSTUP_HOME := $(CURDIR)/build/rustup
TOOL_HOME := $(CURDIR)/build/home
FORGE := HOME=$(TOOL_HOME) forge

.DEFAULT_GOAL := help
.PHONY: help install demo test test-contracts test-python slither bench artifacts lock clean

help:
	@echo "make demo       run the spring campaign demo on a managed Anvil chain"
	@echo "make test       run the whole test suite (forge, slither, pytest)"
	@echo "make install    only install: .venv from requirements.lock, node_modules from package-lock.json"
	@echo "make bench      run the gas and speed benchmarks, figures in bench/out/"
	@echo "make artifacts  recompile the contracts into src/bank_collectibles/artifacts/"
	@echo "make lock       re-resolve requirements.lock from pyproject.toml"
	@echo "make test-contracts / test-python / slither   one part of make test"
	@echo "make clean      remove .venv, node_modules and build output"

install: $(VENV_STAMP) $(NODE_STAMP)

$(NODE_STAMP): package.json package-lock.json
	@command -v node >/dev/null || { echo "Node.js is missing: install Node.js 20+ and npm (Debian: apt install nodejs npm)."; exit 1; }
	@command -v npm >/dev/null || { echo "npm is missing: install npm (Debian: apt install npm)."; exit 1; }
	npm ci --ignore-scripts --no-audit --no-fund
	@touch $@

$(VENV_STAMP): pyproject.toml requirements.lock
	@$(PYTHON) -c 'import sys; sys.exit(sys.version_info < (3, 11))' || { echo "Python 3.11+ is needed: set PYTHON=python3.11 (or newer)."; exit 1; }
	$(PYTHON) -m venv $(VENV)
	$(VENV)/bin/pip install --quiet -r requirements.lock
	$(VENV)/bin/pip install --quiet --no-deps --no-build-isolation -e .
	$(PY) tools/write_venv_env.py
	@touch $@

demo: install
	$(VENV)/bin/collectibles demo

test: install test-contracts slither test-python

test-contracts: install
	$(FORGE) test

# Slither compiles through `forge build --force`; its own out folder keeps forge's test cache warm.
slither: install
	HOME=$(TOOL_HOME) FOUNDRY_OUT=build/slither/out FOUNDRY_CACHE_PATH=build/slither/cache \
		$(VENV)/bin/slither . --config-file slither.config.json

test-python: install
	$(PY) -m pytest

bench: install
	$(PY) -m bench

artifacts: install
	$(PY) -m bank_collectibles._build

lock:
	rm -rf build/lockvenv
	$(PYTHON) -m venv build/lockvenv
	build/lockvenv/bin/pip install --quiet "setuptools==80.9.0"
	build/lockvenv/bin/pip install --quiet --no-build-isolation -e ".[dev]"
	{ echo "# The whole Python dependency tree, pinned. Regenerate with: make lock"; \
	  build/lockvenv/bin/pip freeze --exclude-editable --all | grep -v '^pip=='; } > requirements.lock
	rm -rf build/lockvenv

clean:
	rm -rf $(VENV) node_modules build .build .cache
