# threatloop: `make demo` and `make test` are all a new machine needs.
SHELL := /bin/bash
.SHELLFLAGS := -o pipefail -c
BIN := node_modules/.bin
OPA := .tools/bin/opa
REGAL := .tools/bin/regal
CLI := node dist/src/cli/main.js
REGO_DIRS := policies generators/catalog
CAPABILITIES := policies/capabilities.json

.PHONY: setup build demo test lint typecheck test-rego test-unit bench conformance clean

setup:
	@tools/setup.sh

build: setup
	@$(BIN)/tsc -p tsconfig.json

demo: build
	@$(CLI) demo

typecheck: setup
	@$(BIN)/tsc -p tsconfig.json --noEmit && echo "check: typecheck ok"

# Each check prints "check: <name> ok" or "check: <name> failed"; .ci/run counts them.
lint: setup
	@status=0; \
	check() { local name=$$1; shift; if "$$@"; then echo "check: $$name ok"; else echo "check: $$name failed"; status=1; fi; }; \
	check biome $(BIN)/biome check .; \
	check opa-fmt $(OPA) fmt --fail -l $(REGO_DIRS); \
	check opa-check $(OPA) check --strict --capabilities $(CAPABILITIES) $(REGO_DIRS); \
	check regal $(REGAL) lint --config-file .regal/config.yaml $(REGO_DIRS); \
	if command -v terraform >/dev/null; then \
	  check terraform-fmt terraform fmt -check -recursive fixtures; \
	else echo "skip: terraform-fmt (terraform is not on PATH)"; fi; \
	exit $$status

test-rego: setup
	@$(OPA) test --ignore "*.yaml" --capabilities $(CAPABILITIES) $(REGO_DIRS)

test-unit: build
	@$(BIN)/ava

test: build
	@status=0; \
	$(MAKE) --no-print-directory typecheck || status=1; \
	$(MAKE) --no-print-directory lint || status=1; \
	$(MAKE) --no-print-directory test-rego || status=1; \
	$(MAKE) --no-print-directory test-unit || status=1; \
	exit $$status

bench: build
	@tools/setup.sh bench
	@node dist/bench/run.js

# Catalog controls on their peers' own test cases (shared corpus); not part of `make test`.
conformance: build
	@node dist/bench/conformance/main.js

clean:
	rm -rf dist out .threatloop
