# EchoTune developer entry points. The logic lives in deploy/local/stack.sh (run it with --help) and the files of
# deploy/local/lib/ it sources; these targets only name it. Every target picks a JDK >= 21 itself (JAVA_HOME if new
# enough, else /usr/lib/jvm).
SHELL := /bin/bash
STACK := deploy/local/stack.sh

.PHONY: up down status infra-up infra-down build test lint-openapi lint-shell clean-data catalog load chaos

## up: start PostgreSQL, Redis, Kafka, the MongoDB stand-in and the seven services (builds missing jars)
up:
	@$(STACK) up

## down: stop everything `up` started (data is kept in .data/)
down:
	@$(STACK) down

## status: what runs where
status:
	@$(STACK) status

## infra-up: only the servers (PostgreSQL, Redis, Kafka, MongoDB stand-in), database and topics
infra-up:
	@$(STACK) infra-up

## infra-down: stop only the servers
infra-down:
	@$(STACK) infra-down

## build: ./mvnw -B -DskipTests install
build:
	@$(STACK) build

## test: the shell lint (lint-shell), then a fresh test stack (.data/test, ports 25432/26379/29092/27117/18080+), all
## module tests, the OpenAPI lint, then the fleet integration tests; always stops what it started
test:
	@$(STACK) test

## lint-openapi: lint the public OpenAPI document and every service's generated one (pinned @redocly/cli, after
## `make build`), and check that they list the same operations
lint-openapi:
	@$(STACK) lint-openapi

## lint-shell: shellcheck every shell script of the repository (*.sh and bash scripts, deploy/local/lib/ included);
## installs Debian's shellcheck when missing
lint-shell:
	@$(STACK) lint-shell

## catalog: load the track catalog through the gateway with the operator credential and follow the load;
## the services' ECHOTUNE_CATALOG (../shared/data/catalog) by default, CATALOG_DIR=<dir> uploads another one
catalog:
	@$(STACK) catalog $(CATALOG_DIR)

## load: the Gatling simulation of realistic listeners against the running stack (LOAD_USERS=10 LOAD_MINUTES=5),
## with every process's memory before and after; see deploy/load/run.sh
load:
	@deploy/load/run.sh

## chaos: the fault scenarios of docs/reliability.md against the local stack (starts it; kills and restarts its
## processes): imports under kill -9 and store restarts, chat and gateway kills, checked from the stores; see
## deploy/chaos/run.sh. Never against a stack someone else uses
chaos:
	@deploy/chaos/run.sh

## clean-data: remove .data/ (refuses while anything of the stack runs)
clean-data:
	@$(STACK) clean-data
