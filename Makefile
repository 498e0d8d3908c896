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

.PHONY: setup setup-apt setup-python build run schema helm-plugin test test-rust test-e2e lint bench clean

## setup: Debian's amtool and promtool (the validators), and the Python test venv.
setup: setup-apt setup-python

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

## test: every test: Rust unit tests, lints, and the end-to-end suites against amtool and promtool.
test: setup build test-rust lint test-e2e

test-rust:
	$(CARGO) test --locked -q

lint:
	$(CARGO) fmt --all -- --check
	$(CARGO) clippy --locked -q --all-targets -- -D warnings

test-e2e: setup build
	$(PY) -m pytest -q tests

## bench: criterion benchmarks (post-render vs a plain copy of 100 MB, render of the
## defaults), then the throughput ratio and the binary's peak memory on the same stream.
bench: setup-python
	$(CARGO) build --locked -q --release
	$(CARGO) bench --locked --bench postrender
	$(PY) tests/bench_report.py

clean:
	$(CARGO) clean
	rm -rf $(VENV)
