#!/usr/bin/env bash
# `sam build` of template.yaml into .aws-sam/build (SAM_BUILD_DIR to change), then a check of the artifact. Plain
# `sam build`, as the README's deploy line runs it: functions/Makefile (BuildMethod: makefile) packages functions/ with
# Maven, tests skipped, and unpacks target/functions.jar into each function's directory. Extra arguments go to
# `sam build`.
set -euo pipefail
source "$(dirname "${BASH_SOURCE[0]}")/common.sh"
ensure_tools
cd "$PROJECT_ROOT"

build_dir="${SAM_BUILD_DIR:-$PROJECT_ROOT/.aws-sam/build}"
begin=$SECONDS
log "sam build (java25, Maven $(mvn -B -v 2>/dev/null | awk 'NR==1{print $3}'), JDK $JAVA_HOME) -> $build_dir"
offline_aws_env sam build --template-file template.yaml --build-dir "$build_dir" "$@"

# The artifact Lambda gets: functions.jar unpacked (what the integration tests and the local runner run), never netty,
# the Apache client or test libraries.
jar="$PROJECT_ROOT/functions/target/functions.jar"
expected="$(mktemp)"
trap 'rm -f "$expected"' EXIT
"$JAVA_HOME/bin/jar" tf "$jar" | grep -v '/$' | sort > "$expected"
for fn in SendSummaryFunction:com/sendsummary/handler/HttpSendSummaryHandler.class \
          SendRefreshFunction:com/sendsummary/handler/SendCompletedRefreshHandler.class \
          EngagementWorkerFunction:com/sendsummary/handler/EngagementWorkerHandler.class; do
  dir="$build_dir/${fn%%:*}"
  [ -f "$dir/${fn#*:}" ] || die "${fn%%:*}: $dir/${fn#*:} missing from the build"
  if ! diff -q "$expected" <(cd "$dir" && find . -type f | sed 's|^\./||' | sort) >/dev/null; then
    die "${fn%%:*}: $dir is not functions/target/functions.jar unpacked"
  fi
  if unwanted="$(cd "$dir" && find . -type d \( -path './io/netty' -o -path './software/amazon/awssdk/http/apache*' \
      -o -path './software/amazon/awssdk/http/nio' -o -path './org/junit' -o -path './org/assertj' \) | head -3)" \
      && [ -n "$unwanted" ]; then
    die "${fn%%:*}: unwanted classes in the artifact: $unwanted"
  fi
  zipped="$(python3 - "$dir" <<'PY'
import io, os, sys, zipfile
buffer = io.BytesIO()
with zipfile.ZipFile(buffer, "w", zipfile.ZIP_DEFLATED) as archive:
    for folder, _, files in os.walk(sys.argv[1]):
        for name in files:
            path = os.path.join(folder, name)
            archive.write(path, os.path.relpath(path, sys.argv[1]))
print(buffer.tell())
PY
)"
  # Arithmetic expansion: BSD wc pads its count with spaces.
  log "${fn%%:*}: $(($(wc -l < "$expected"))) files, $(du -sh "$dir" | cut -f1) unzipped, $((zipped / 1024)) KiB zipped"
done
[ -f "$build_dir/template.yaml" ] || die "no built template at $build_dir/template.yaml"
log "sam build OK in $((SECONDS - begin)) s ($build_dir); deploy with: make deploy"
