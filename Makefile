# Every target is a thin call to a script in scripts/; each script sources scripts/env.sh (a JDK 25, .venv,
# .tools/bin) and installs the project's tools first when they are missing (scripts/bootstrap.sh).
#
#   make run                                   everything locally: moto, SFMC simulator, both functions
#   make invoke FUNCTION=http EVENT=events/http-summary.json     one local invocation (FUNCTION: http|refresh|worker)
#   make test                                  lint, mvn verify (unit + integration tests), sam build
#   make bench [ARGS=...]                      cold/warm start of the sam build against a floor (one GetItem)
#   make bench-engagement [ARGS=...]           background engagement of a 1.5M-event send: full + incremental pass
#   make faults                                the fault matrix: each SFMC/AWS fault injected, one table row each
#   make bench-logging [ARGS=rounds]           cold cost of the first log line + metrics: own vs Powertools
#   make deploy [ARGS="KEY=VALUE ..."]         sam build + sam deploy, versions following code and configuration
#   make lint | build | clean | distclean | bootstrap
#
# run, invoke, bench, bench-engagement and faults run what `sam build` produced (.aws-sam/build); SKIP_BUILD=1 reuses the last build.

SHELL := /bin/bash
.DEFAULT_GOAL := help

FUNCTION ?=
EVENT ?=
ARGS ?=

.PHONY: help bootstrap run invoke test bench bench-engagement bench-logging faults deploy lint build clean distclean

help:
	@sed -n '1,15p' Makefile | sed 's/^# \{0,1\}//'

bootstrap:
	bash scripts/bootstrap.sh

run:
	bash scripts/run-local.sh $(ARGS)

invoke:
	@if [ -z "$(FUNCTION)" ] || [ -z "$(EVENT)" ]; then \
	  echo "usage: make invoke FUNCTION=<http|refresh|worker> EVENT=events/<file>.json" >&2; exit 2; fi
	bash scripts/invoke-local.sh "$(FUNCTION)" "$(EVENT)"

test:
	bash scripts/test.sh

bench:
	bash scripts/bench.sh $(ARGS)

bench-engagement:
	bash scripts/bench-engagement.sh $(ARGS)

faults:
	bash scripts/faults.sh $(ARGS)

bench-logging:
	bash scripts/bench-logging.sh $(ARGS)

deploy:
	bash scripts/deploy.sh $(ARGS)

lint:
	bash scripts/lint.sh

build:
	bash scripts/build.sh

clean:
	bash scripts/clean.sh

distclean:
	bash scripts/clean.sh --all
