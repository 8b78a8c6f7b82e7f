#!/usr/bin/env bash
# `make clean`: build output (every module's target/, .aws-sam/). `make distclean` (--all): also the tools the
# project installed (.venv/, .tools/), which scripts/bootstrap.sh reinstalls.
set -euo pipefail
source "$(dirname "${BASH_SOURCE[0]}")/env.sh"
cd "$PROJECT_ROOT"
paths=(functions/target sfmc-simulator/target local/target target .aws-sam)
if [ "${1:-}" = "--all" ]; then
  paths+=(.venv .tools)
fi
for path in "${paths[@]}"; do
  if [ -e "$path" ]; then
    echo "[clean] removing $path"
    rm -rf -- "${PROJECT_ROOT:?}/$path"
  fi
done
