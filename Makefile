# The commands. `make up` and `make test` are all a fresh machine needs.
SHELL := /bin/bash
.DEFAULT_GOAL := help
DOTNET ?= dotnet
export DOTNET_CLI_TELEMETRY_OPTOUT := 1
export DOTNET_NOLOGO := 1

.PHONY: help build cli test unit-test soak services services-down services-status bench bench-snapshot bench-snapshot-run bench-large-transaction bench-large-transaction-run clean up down status demo compose compose-check

# `make up` runs compose.yaml where a container engine answers, and the same topology as local processes
# (deploy/native/topology.sh) where none does. UP=native or UP=compose chooses. Both come from deploy/topology.conf:
# topology.sh reads it, deploy/generate-compose.sh writes compose.yaml from it.
UP ?= $(shell docker info >/dev/null 2>&1 && docker compose version >/dev/null 2>&1 && echo compose || echo native)
DEMO_SECONDS ?= 60
TOPOLOGY_OFFICES = $(shell awk '$$1 == "office" {print $$2}' deploy/topology.conf)

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

cli: ## Build and publish only the command-line tool as bin/cdc (what make up needs)
	$(DOTNET) publish cdc/Cdc.Cli/Cdc.Cli.csproj -c Release -o bin -nologo -clp:ErrorsOnly

up: $(if $(filter native,$(UP)),cli,compose.yaml) ## Start the sample topology (head office, branches, RabbitMQ, capturers, appliers); see deploy/topology.conf
ifeq ($(UP),compose)
	docker compose up -d --build --wait
	@docker compose ps
	@echo; echo "Try:"; echo "  make demo    # sales at the branches, products and prices at the head office, for $(DEMO_SECONDS) s"
	@echo "  docker compose exec head-db psql -U cdc head_office -c 'SELECT branch, count(*) FROM retail.sales GROUP BY branch'"
else
	deploy/native/topology.sh up
endif

down: ## Stop the sample topology (its data is kept)
ifeq ($(UP),compose)
	docker compose down
else
	deploy/native/topology.sh down
endif

status: ## Say what of the sample topology runs, and where
ifeq ($(UP),compose)
	docker compose ps
else
	deploy/native/topology.sh status
endif

demo: ## Run the sample workload at every office for DEMO_SECONDS (60), then show what arrived where
ifeq ($(UP),compose)
	DEMO_SECONDS=$(DEMO_SECONDS) docker compose --profile demo up $(addprefix demo-,$(TOPOLOGY_OFFICES))
else
	deploy/native/topology.sh demo $(DEMO_SECONDS)
endif

compose.yaml: deploy/topology.conf deploy/topology-conf.sh deploy/generate-compose.sh
	deploy/generate-compose.sh --write

compose: ## Write compose.yaml from deploy/topology.conf (after editing the topology)
	deploy/generate-compose.sh --write

compose-check: ## Check compose.yaml is what deploy/topology.conf generates, and valid (Debian's docker-compose, offline)
	.ci/check-compose

test: build services ## Run every test project against the real servers; ends with "N passed, N failed"
	test/run-tests.sh

# The binlog client's tests: Unit (scripted server bytes) needs no server, Integration needs MariaDB.
unit-test: ## Run only the tests that need no server (Cdc.Tests and the binlog client's unit tests)
	$(DOTNET) build Cdc.sln -c Release -nologo -clp:ErrorsOnly
	test/run-tests.sh test/Cdc.Tests 'test/Cdc.Binlog.Tests:FullyQualifiedName~Cdc.Binlog.Tests.Unit.'

# SOAK_CASES (default 100,000) fuzz cases per kind (events, packet frames, handshakes; sessions: 1 in 100) against the binlog client.
soak: build ## Long proofs: the binlog client against 100,000 mutated server streams each (hangs, crashes, allocation)
	CDC_FUZZ_CASES=$${SOAK_CASES:-100000} $(DOTNET) test test/Cdc.Binlog.Tests -c Release --no-build --nologo \
	  --filter "FullyQualifiedName~Cdc.Binlog.Tests.Fuzz.BinlogFuzzTests" --logger "console;verbosity=normal"

clean: ## Remove build output
	rm -rf bin */*/bin */*/obj

bench: build services ## Benchmarks: codec vs Apache.Avro (BenchmarkDotNet), the end-to-end pipeline (ratios, not absolute times), the target writer alone, the snapshot and large-transaction proofs
	eval "$$(deploy/native/services.sh env)" && $(DOTNET) run -c Release --no-build --project test/Cdc.Bench -- pipeline $${BENCH_ROWS:-100000}
	eval "$$(deploy/native/services.sh env)" && $(DOTNET) run -c Release --no-build --project test/Cdc.Bench -- apply $${BENCH_ROWS:-100000}
	$(MAKE) --no-print-directory bench-snapshot-run
	$(MAKE) --no-print-directory bench-large-transaction-run
	$(DOTNET) run -c Release --no-build --project test/Cdc.Bench -- codec --filter '*' --artifacts .bench

# SNAPSHOT_ROWS rows (default 1,000,000) under concurrent writes; SNAPSHOT_KILL=kill kills the capturer halfway and resumes.
# Fails (exit 1) when the target differs from the source.
bench-snapshot: build services ## Snapshot proof: 1,000,000 existing rows under writes, target == source, rows/s, capturer peak memory
	$(MAKE) --no-print-directory bench-snapshot-run

bench-snapshot-run:
	eval "$$(deploy/native/services.sh env)" && $(DOTNET) run -c Release --no-build --project test/Cdc.Bench -- snapshot $${SNAPSHOT_ROWS:-1000000} $${SNAPSHOT_KILL:-}

# LARGE_TX_ROWS rows (default 2,000,000) in one transaction, on a PostgreSQL and a MariaDB source, default apply settings.
# Fails (exit 1) when a reader of the target sees part of it or a capturer's or applier's peak RSS reaches 256 MB.
bench-large-transaction: build services ## Large-transaction proof: one 2,000,000-row transaction per source engine arrives whole, atomically, peak RSS under 256 MB
	$(MAKE) --no-print-directory bench-large-transaction-run

bench-large-transaction-run:
	eval "$$(deploy/native/services.sh env)" && $(DOTNET) run -c Release --no-build --project test/Cdc.Bench -- large-transaction $${LARGE_TX_ROWS:-2000000}
