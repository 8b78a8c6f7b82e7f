#!/usr/bin/env bash
# `make invoke FUNCTION=<http|refresh|worker> EVENT=events/<file>.json`: one invocation of one function with one event,
# locally, via com.sendsummary.local.LocalInvoke. SKIP_BUILD=1 reuses the jars already built.
set -euo pipefail
source "$(dirname "${BASH_SOURCE[0]}")/common.sh"

usage() {
  echo "usage: $0 <http|refresh|worker> <event-file>   e.g. $0 http events/http-summary.json" >&2
  exit 2
}
[ $# -eq 2 ] || usage
function_name="$1"
event_file="$2"
case "$function_name" in
  http|refresh|worker) ;;
  *) echo "FUNCTION must be 'http', 'refresh' or 'worker', not '$function_name'" >&2; usage ;;
esac
[ -f "$event_file" ] || die "event file '$event_file' not found (see events/README.md)"
event_file="$(cd "$(dirname "$event_file")" && pwd)/$(basename "$event_file")"

ensure_tools
build_reactor
run_local_main com.sendsummary.local.LocalInvoke "$function_name" "$event_file"
