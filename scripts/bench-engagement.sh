#!/usr/bin/env bash
# `make bench-engagement`: the background engagement of the simulator's large send (990001, 1,527,300 events) measured
# via com.sendsummary.local.EngagementBench: a full pass, then an incremental one after new and late events, each
# against the simulator's oracle; after building the reactor and the sam build like `make bench`. Arguments go to
# EngagementBench (make bench-engagement ARGS="jobId addedEvents workerTimeoutSeconds"). SKIP_BUILD=1 reuses the jars already built.
set -euo pipefail
source "$(dirname "${BASH_SOURCE[0]}")/common.sh"
ensure_tools
build_reactor
run_local_main com.sendsummary.local.EngagementBench "$@"
