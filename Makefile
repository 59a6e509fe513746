# The commands. `make up` and `make test` are all a fresh machine needs.
SHELL := /bin/bash
.DEFAULT_GOAL := help
DOTNET ?= dotnet
export DOTNET_CLI_TELEMETRY_OPTOUT := 1
export DOTNET_NOLOGO := 1

.PHONY: help build test unit-test services services-down services-status bench clean

help: ## List the commands
	@grep -E '^[a-z-]+:.*## ' $(MAKEFILE_LIST) | awk -F':.*## ' '{printf "  make %-16s %s\n", $$1, $$2}'

build: ## Build everything and publish the command-line tool as bin/cdc
	$(DOTNET) build Cdc.sln -c Release -nologo -clp:ErrorsOnly
	$(DOTNET) publish cdc/Cdc.Cli/Cdc.Cli.csproj -c Release -o bin --no-build -nologo
	@echo "bin/cdc is ready: bin/cdc --help"

services: ## Start PostgreSQL, MariaDB and RabbitMQ as local processes (idempotent)
	deploy/native/services.sh start

services-down: ## Stop the servers started by make services
	deploy/native/services.sh stop

services-status: ## Say which servers run, where
	deploy/native/services.sh status

test: build services ## Run every test project against the real servers; ends with "N passed, N failed"
	test/run-tests.sh

unit-test: ## Run only the tests that need no server
	$(DOTNET) build Cdc.sln -c Release -nologo -clp:ErrorsOnly
	test/run-tests.sh test/Cdc.Tests

clean: ## Remove build output
	rm -rf bin */*/bin */*/obj

bench: build services ## Benchmarks: codec vs Apache.Avro (BenchmarkDotNet) and the end-to-end pipeline; ratios, not absolute times
	eval "$$(deploy/native/services.sh env)" && $(DOTNET) run -c Release --no-build --project test/Cdc.Bench -- pipeline $${BENCH_ROWS:-100000}
	$(DOTNET) run -c Release --no-build --project test/Cdc.Bench -- codec --filter '*' --artifacts .bench
