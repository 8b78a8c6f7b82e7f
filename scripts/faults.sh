#!/usr/bin/env bash
# `make faults`: the fault matrix (com.sendsummary.local.FaultMatrix) after building the reactor: the HTTP function in
# the Lambda emulator against moto (behind a fault proxy) and the SFMC simulator, one row per injected fault, then the
# figures of the resilience issue. Exit status 1 if any row differs from its expectation. SKIP_BUILD=1 reuses the jars.
set -euo pipefail
source "$(dirname "${BASH_SOURCE[0]}")/common.sh"
ensure_tools
build_reactor
run_local_main com.sendsummary.local.FaultMatrix "$@"
