#!/usr/bin/env bash
# `make run`: starts everything locally (moto, the SFMC simulator, both functions behind the Lambda Runtime
# Interface Emulator) via com.sendsummary.local.LocalRun, after building the reactor. Arguments go to LocalRun.
# SKIP_BUILD=1 reuses the jars already built.
set -euo pipefail
source "$(dirname "${BASH_SOURCE[0]}")/common.sh"
ensure_tools
build_reactor
run_local_main com.sendsummary.local.LocalRun "$@"
