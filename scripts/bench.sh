#!/usr/bin/env bash
# `make bench`: local cold/warm start and latency measurements via com.sendsummary.local.Bench, after building
# the reactor. Arguments go to Bench (make bench ARGS="..."). SKIP_BUILD=1 reuses the jars already built.
set -euo pipefail
source "$(dirname "${BASH_SOURCE[0]}")/common.sh"
ensure_tools
build_reactor
run_local_main com.sendsummary.local.Bench "$@"
