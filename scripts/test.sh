#!/usr/bin/env bash
# `make test` (and CI): everything that must pass before a change lands, in order:
#   1. lint        cfn-lint and `sam validate --lint` on template.yaml, sample events well-formed
#   2. maven       `mvn -B verify` on the whole reactor: unit tests (surefire) in every module, integration tests
#                  (*IT, failsafe) in local/ against moto, the SFMC simulator and the Lambda emulator
#   3. sam build   the deployable built by SAM's Maven workflow, and checked
# Every step runs even if an earlier one failed, so one run shows every problem; the exit status is non-zero if
# any failed. Extra arguments go to Maven (e.g. scripts/test.sh -Dit.test=SomeIT).
set -euo pipefail
source "$(dirname "${BASH_SOURCE[0]}")/common.sh"
cd "$PROJECT_ROOT"

started=$SECONDS
names=()
results=()
durations=()

step() {
  local name="$1"
  shift
  local begin=$SECONDS status=0
  printf '\n==> %s\n' "$name" >&2
  "$@" || status=$?
  names+=("$name")
  durations+=("$((SECONDS - begin))")
  if [ "$status" -eq 0 ]; then results+=(PASS); else results+=("FAIL($status)"); fi
}

maven_verify() {
  # Reports of an earlier run would be counted again below.
  rm -rf -- */target/surefire-reports */target/failsafe-reports
  mvn -B -ntp verify "$@"
}

# Totals over every module's surefire and failsafe XML reports.
test_totals() {
  python3 - "$PROJECT_ROOT" <<'PY'
import glob, os, sys
import xml.etree.ElementTree as ET
root = sys.argv[1]
tests = failures = errors = skipped = 0
for kind in ("surefire-reports", "failsafe-reports"):
    for path in glob.glob(os.path.join(root, "*", "target", kind, "TEST-*.xml")):
        try:
            suite = ET.parse(path).getroot()
        except ET.ParseError:
            continue
        tests += int(suite.get("tests", 0))
        failures += int(suite.get("failures", 0))
        errors += int(suite.get("errors", 0))
        skipped += int(suite.get("skipped", 0))
        reasons = {s.get("message", "no reason given") for s in suite.iter("skipped")}
        for reason in sorted(reasons):
            print(f"  skipped: {suite.get('name')}: {reason}", file=sys.stderr)
print(f"{tests - failures - errors - skipped} {failures + errors} {skipped}")
PY
}

step bootstrap ensure_tools
step lint "$PROJECT_ROOT/scripts/lint.sh"
step "mvn verify" maven_verify "$@"
step "sam build" "$PROJECT_ROOT/scripts/sam-build.sh"

read -r passed failed skipped < <(test_totals)
failed_steps=0
printf '\n==> summary (%d s)\n' "$((SECONDS - started))"
for i in "${!names[@]}"; do
  printf '  %-9s %-12s %4d s\n' "${results[$i]}" "${names[$i]}" "${durations[$i]}"
  [ "${results[$i]}" = PASS ] || failed_steps=$((failed_steps + 1))
done
printf '  java tests (surefire + failsafe reports): %d passed, %d failed or errored, %d skipped\n' \
  "$passed" "$failed" "$skipped"
if [ "$failed_steps" -ne 0 ]; then
  printf 'make test: FAILED (%d step(s) failed)\n' "$failed_steps"
  exit 1
fi
if [ "$passed" -eq 0 ]; then
  printf 'make test: FAILED (no Java test ran)\n'
  exit 1
fi
printf 'tests: %d passed, %d failed, %d skipped\n' "$passed" "$failed" "$skipped"
