# alertchart: setup, build, run, test, bench. Every target installs what it needs and can
# be run again at no cost.

SHELL := /bin/bash
.DEFAULT_GOAL := run

CARGO ?= cargo
VENV := .venv
PY := $(VENV)/bin/python
BIN := target/debug/alertchart
SUDO := $(shell [ "$$(id -u)" = 0 ] || echo sudo)
APT_PACKAGES := prometheus prometheus-alertmanager tzdata
# The browser for the WebAssembly tests.
APT_WASM_PACKAGES := chromium chromium-driver
# Must equal the wasm-bindgen crate's pinned version (crate/Cargo.toml).
WASM_BINDGEN_VERSION := 0.2.130
VERSION := $(shell sed -n 's/^version = "\(.*\)"/\1/p' Cargo.toml | head -1)
WASM := target/wasm32-unknown-unknown/wasm/alertchart.wasm
PKG := dist/npm/alertchart
TARBALL := dist/npm/alertchart-$(VERSION).tgz

.PHONY: setup setup-apt setup-python setup-wasm build run schema helm-plugin npm web serve test test-rust test-e2e test-wasm test-npm test-web lint bench bench-web clean

## setup: Debian's amtool and promtool (the validators), the Python test venv, and the
## WebAssembly toolchain (wasm32 target, the pinned wasm-bindgen CLI, Chromium).
setup: setup-apt setup-python setup-wasm

setup-wasm:
	@rustup target list --installed | grep -qx wasm32-unknown-unknown || rustup target add wasm32-unknown-unknown
	@[ "$$(wasm-bindgen --version 2>/dev/null)" = "wasm-bindgen $(WASM_BINDGEN_VERSION)" ] || \
	  cargo install -q wasm-bindgen-cli --version $(WASM_BINDGEN_VERSION)
	@if ! command -v chromedriver >/dev/null; then \
	  $(SUDO) apt-get update -qq && \
	  DEBIAN_FRONTEND=noninteractive $(SUDO) apt-get install -y -qq --no-install-recommends $(APT_WASM_PACKAGES); \
	fi

setup-apt:
	@if ! command -v amtool >/dev/null || ! command -v promtool >/dev/null || [ ! -d /usr/share/zoneinfo ]; then \
	  $(SUDO) apt-get update -qq && \
	  DEBIAN_FRONTEND=noninteractive $(SUDO) apt-get install -y -qq --no-install-recommends $(APT_PACKAGES); \
	fi

setup-python: $(VENV)/.installed

$(VENV)/.installed: tests/requirements.txt
	python3 -m venv $(VENV)
	$(VENV)/bin/pip install -q -r tests/requirements.txt
	touch $@

## build: the alertchart binary.
build:
	$(CARGO) build --locked -q

## run: render the chart's default values: the Secret, then the PrometheusRules.
run: build
	$(BIN) render -f chart/values.yaml

## helm-plugin: the Helm 4 post-renderer plugin directory, with a release binary in it.
helm-plugin:
	$(CARGO) build --locked -q --release
	mkdir -p chart/helm-plugin/bin
	cp target/release/alertchart chart/helm-plugin/bin/alertchart

## schema: regenerate chart/values.schema.json from the Rust types.
schema: build
	$(BIN) schema > chart/values.schema.json

## npm: the npm package (Node and browser builds, TypeScript types), packed to dist/npm/.
npm: setup-wasm
	$(CARGO) build --locked -q --profile wasm --target wasm32-unknown-unknown --lib --no-default-features
	rm -rf $(PKG) && mkdir -p $(PKG)
	# No wasm-opt: Debian's binaryen breaks wasm-bindgen's externref table, and dropping the
	# name section already brings the module under budget.
	for t in nodejs:node web:web; do \
	  wasm-bindgen --target $${t%%:*} --remove-name-section --remove-producers-section --out-dir $(PKG)/$${t##*:} $(WASM); \
	done
	echo '{"type": "module"}' > $(PKG)/web/package.json
	cp crate/npm/package.json crate/npm/index.mjs crate/npm/README.md $(PKG)/
	cd $(PKG) && npm pack -q --pack-destination .. >/dev/null
	@echo "wasm: $$(stat -c %s $(PKG)/node/alertchart_bg.wasm) bytes raw, $$(gzip -9 -c $(PKG)/node/alertchart_bg.wasm | wc -c) gzipped; $(TARBALL)"

## web: the static previewer page in dist/web (the page, the WebAssembly build, the chart's values).
web: npm
	rm -rf dist/web && mkdir -p dist/web/pkg dist/web/data
	cp web/index.html web/app.js web/style.css dist/web/
	cp $(PKG)/web/alertchart.js $(PKG)/web/alertchart_bg.wasm dist/web/pkg/
	cp chart/values.yaml chart/examples/*.yaml dist/web/data/
	cd dist/web/data && python3 -c 'import json, glob; print(json.dumps({"defaults": "values.yaml", "examples": [{"name": f[:-5], "file": f} for f in sorted(glob.glob("*.yaml")) if f not in ("values.yaml", "defaults.yaml")]}))' > index.json

## serve: the previewer at http://127.0.0.1:$${PORT:-8080}/ (static files, loopback only).
serve: web
	python3 -m http.server --bind 127.0.0.1 --directory dist/web $${PORT:-8080}

## test-web: the previewer page in Debian's headless Chromium (screenshots in target/screenshots).
test-web: web build
	cd tests/web && npm install -q --no-audit --no-fund >/dev/null
	cd tests/web && ALERTCHART_ROOT=$(CURDIR) node --test page.test.mjs

## test: every test: Rust unit tests, lints, the end-to-end suites against amtool, promtool,
## Helm's engine and a live Alertmanager, and the WebAssembly build in Node and Chromium.
test: setup build test-rust lint test-e2e test-wasm test-npm test-web

test-rust:
	$(CARGO) test --locked -q

lint:
	$(CARGO) fmt --all -- --check
	$(CARGO) clippy --locked -q --all-targets -- -D warnings
	$(CARGO) clippy --locked -q --target wasm32-unknown-unknown --no-default-features --lib --tests -- -D warnings

## test-wasm: the WebAssembly exports' tests, under Node and in headless Chromium.
test-wasm: setup-wasm
	cd crate && $(CARGO) test --locked --target wasm32-unknown-unknown --no-default-features --test wasm
	cd crate && WASM_BINDGEN_USE_BROWSER=1 CHROMEDRIVER=$$(command -v chromedriver) \
	  $(CARGO) test --locked --target wasm32-unknown-unknown --no-default-features --test wasm

## test-npm: the packed tarball installed into a scratch project, tested through import,
## require and TypeScript.
test-npm: npm build
	rm -rf target/npm-scratch && cp -r tests/npm target/npm-scratch
	cd target/npm-scratch && npm install -q --no-audit --no-fund ../../$(TARBALL) typescript@5.9.3 >/dev/null
	cd target/npm-scratch && npx tsc -p tsconfig.json
	cd target/npm-scratch && ALERTCHART_ROOT=$(CURDIR) node --test esm.test.mjs cjs.test.cjs

test-e2e: setup build
	$(PY) -m pytest -q tests

## bench: criterion benchmarks (post-render vs a plain copy of 100 MB, render of the
## defaults), then the throughput ratio and the binary's peak memory on the same stream.
bench: setup-python
	$(CARGO) build --locked -q --release
	$(CARGO) bench --locked --bench postrender
	$(PY) tests/bench_report.py
	$(MAKE) -s bench-web

## bench-web: the previewer's first render and re-render per edit, measured in Chromium.
bench-web: web
	cd tests/web && npm install -q --no-audit --no-fund >/dev/null
	cd tests/web && ALERTCHART_ROOT=$(CURDIR) node bench.mjs

clean:
	$(CARGO) clean
	rm -rf $(VENV) dist
