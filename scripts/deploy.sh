#!/usr/bin/env bash
# `make deploy [ARGS="KEY=VALUE ... [sam deploy options]"]`: sam build (scripts/sam-build.sh), then sam deploy with
# the ConfigurationRevision parameter set to the hash of every other parameter's value
# (scripts/configuration_revision.py), so that a change of code or of any parameter publishes new function versions
# (and SnapStart snapshots) and moves the alias `live` to them. See docs/configuration.md, Deploy.
#
# Parameter values: the template's defaults, then samconfig.toml's parameter_overrides of the config env
# (SAM_CONFIG_ENV, default "default"), then the KEY=VALUE arguments; all of them are passed to sam deploy explicitly,
# so none silently keeps a value of an earlier deploy that the revision does not know. Other arguments (e.g.
# --no-confirm-changeset) go to sam deploy as they are. Not interactive: put SfmcSecretArn in samconfig.toml or pass it.
set -euo pipefail
source "$(dirname "${BASH_SOURCE[0]}")/common.sh"
ensure_tools
cd "$PROJECT_ROOT"

config_env="${SAM_CONFIG_ENV:-default}"
pairs=()
options=()
for arg in "$@"; do
  case "$arg" in
    -*) options+=("$arg") ;;
    *=*) pairs+=("$arg") ;;
    *) options+=("$arg") ;;
  esac
done

# Before building: a missing or unknown parameter fails in a second, not after the build.
values="$(python3 scripts/configuration_revision.py --config-env "$config_env" --print-overrides \
  ${pairs[@]+"${pairs[@]}"})" || die "no parameter values (see the line above)"
overrides=()
while IFS= read -r line; do
  overrides+=("$line")
done <<< "$values"
log "${overrides[${#overrides[@]}-1]}, hash of the other $((${#overrides[@]} - 1)) parameters (config env $config_env)"

"$PROJECT_ROOT/scripts/sam-build.sh"
sam deploy --config-env "$config_env" --parameter-overrides "${overrides[@]}" ${options[@]+"${options[@]}"}
