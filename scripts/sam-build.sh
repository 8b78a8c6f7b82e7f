#!/usr/bin/env bash
# `sam build` of template.yaml into .aws-sam/build (SAM_BUILD_DIR to change), then a check of the artifact.
# SAM's Maven workflow builds functions/ alone, in a scratch copy, with the JDK of env.sh and the `mvn` wrapper
# of scripts/sam-maven (batch mode, tests skipped: see that file). Extra arguments go to `sam build`.
set -euo pipefail
source "$(dirname "${BASH_SOURCE[0]}")/common.sh"
ensure_tools
cd "$PROJECT_ROOT"

wrapper_dir="$PROJECT_ROOT/scripts/sam-maven"
real_mvn=""
while IFS= read -r candidate; do
  if [ "$candidate" != "$wrapper_dir/mvn" ]; then real_mvn="$candidate"; break; fi
done < <(type -ap mvn)
[ -n "$real_mvn" ] || die "mvn not found on PATH"
export SAM_REAL_MVN="$real_mvn"
export PATH="$wrapper_dir:$PATH"

build_dir="${SAM_BUILD_DIR:-$PROJECT_ROOT/.aws-sam/build}"
begin=$SECONDS
log "sam build (java25, Maven $("$real_mvn" -v 2>/dev/null | awk 'NR==1{print $3}'), JDK $JAVA_HOME) -> $build_dir"
offline_aws_env sam build --template-file template.yaml --build-dir "$build_dir" "$@"

# The artifact Lambda gets: classes at the root, runtime dependencies in lib/, never netty or the Apache client.
for fn in SendSummaryFunction:com/sendsummary/handler/HttpSendSummaryHandler.class \
          SendRefreshFunction:com/sendsummary/handler/SendCompletedRefreshHandler.class; do
  dir="$build_dir/${fn%%:*}"
  [ -f "$dir/${fn#*:}" ] || die "${fn%%:*}: $dir/${fn#*:} missing from the build"
  [ -d "$dir/lib" ] || die "${fn%%:*}: no lib/ in $dir"
  if unwanted="$(find "$dir/lib" -name '*.jar' | grep -E '/[^/]*(netty|apache-client|junit|assertj)[^/]*\.jar$')"; then
    die "${fn%%:*}: unwanted jars in the artifact: $unwanted"
  fi
  # Arithmetic expansion: BSD wc pads its count with spaces.
  log "${fn%%:*}: $(($(find "$dir/lib" -name '*.jar' | wc -l))) jars in lib/, $(du -sh "$dir" | cut -f1) unzipped"
done
[ -f "$build_dir/template.yaml" ] || die "no built template at $build_dir/template.yaml"
log "sam build OK in $((SECONDS - begin)) s ($build_dir); deploy with: make deploy"
