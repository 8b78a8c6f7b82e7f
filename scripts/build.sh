#!/usr/bin/env bash
# `make build`: every jar of the reactor (functions.jar, sfmc-simulator.jar, the local runner), without tests,
# then the deployable with `sam build` (.aws-sam/build).
set -euo pipefail
source "$(dirname "${BASH_SOURCE[0]}")/common.sh"
ensure_tools
build_reactor "$@"
