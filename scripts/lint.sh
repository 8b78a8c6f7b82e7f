#!/usr/bin/env bash
# `make lint`: the template (cfn-lint, then SAM's own validation with its cfn-lint pass) and the sample events
# (well-formed JSON). Offline: neither tool is allowed to reach AWS.
set -euo pipefail
source "$(dirname "${BASH_SOURCE[0]}")/common.sh"
ensure_tools
cd "$PROJECT_ROOT"

log "cfn-lint $(cfn-lint --version | awk '{print $2}'): template.yaml"
offline_aws_env cfn-lint template.yaml

log "sam validate --lint: template.yaml"
offline_aws_env sam validate --lint --template-file template.yaml

log "events/*.json: well-formed JSON"
for event in events/*.json; do
  python3 -m json.tool "$event" >/dev/null || die "$event is not valid JSON"
done
log "lint OK"
