#!/usr/bin/env bash
# `make bench-logging`: what the first log line and metrics of a cold container cost, the project's own (telemetry/:
# bytes through LambdaLogger, hand-written EMF) against Powertools for AWS Lambda (Logging with Log4j2's JSON layout,
# Metrics), each in fresh JVMs with the Lambda java runtime's flags, alternated. Powertools is resolved from Maven
# Central into a scratch project under local/target; it never reaches the deployable. ARGS: rounds (default 15).
set -euo pipefail
source "$(dirname "${BASH_SOURCE[0]}")/common.sh"
rounds="${1:-15}"
work="$PROJECT_ROOT/local/target/bench-logging"
jar="$PROJECT_ROOT/functions/target/functions.jar"
[ -f "$jar" ] || (cd "$PROJECT_ROOT/functions" && mvn -B -q -ntp -DskipTests package)
rm -rf "$work" && mkdir -p "$work/src/main/java" "$work/src/main/resources"
cp "$PROJECT_ROOT/scripts/bench-logging/pom.xml" "$work/"
cp "$PROJECT_ROOT/scripts/bench-logging/PowertoolsFirstLine.java" "$PROJECT_ROOT/scripts/bench-logging/Warmup.java" \
  "$work/src/main/java/"
cp "$PROJECT_ROOT/scripts/bench-logging/log4j2.xml" "$work/src/main/resources/"
log "resolving Powertools and compiling the two harnesses"
(cd "$work" && mvn -B -q -ntp compile dependency:build-classpath -Dmdep.outputFile=cp.txt)
core="$(tr ':' '\n' < "$work/cp.txt" | grep 'aws-lambda-java-core' | head -1)"
mkdir -p "$work/own"
"$JAVA_HOME/bin/javac" -d "$work/own" -cp "$jar:$core" \
  "$PROJECT_ROOT/scripts/bench-logging/OwnFirstLine.java" "$PROJECT_ROOT/scripts/bench-logging/Warmup.java"
flags=(-XX:+TieredCompilation -XX:TieredStopAtLevel=1 -XX:+UseSerialGC -Xshare:auto)
own=() powertools=()
for _ in $(seq "$rounds"); do
  own+=("$("$JAVA_HOME/bin/java" "${flags[@]}" -cp "$jar:$core:$work/own" OwnFirstLine)")
  powertools+=("$(AWS_LAMBDA_FUNCTION_NAME=bench AWS_EXECUTION_ENV=AWS_Lambda_java25 \
    POWERTOOLS_METRICS_NAMESPACE=SfmcSendSummary POWERTOOLS_SERVICE_NAME=bench \
    "$JAVA_HOME/bin/java" "${flags[@]}" -cp "$work/target/classes:$(cat "$work/cp.txt")" PowertoolsFirstLine \
    2>&1 >/dev/null | tail -1)")
done
python3 - "${own[*]}" "${powertools[*]}" <<'PY'
import statistics, sys
own = sorted(int(x) / 1000 for x in sys.argv[1].split())
pt = sorted(int(x) / 1000 for x in sys.argv[2].split())
print(f"first request line + metrics of a cold JVM, {len(own)} rounds each, ms (min / median / max):")
print(f"  own (telemetry/)              {own[0]:7.1f} {statistics.median(own):7.1f} {own[-1]:7.1f}")
print(f"  Powertools Logging + Metrics  {pt[0]:7.1f} {statistics.median(pt):7.1f} {pt[-1]:7.1f}")
print(f"  ratio of medians (Powertools / own): {statistics.median(pt) / statistics.median(own):.0f}x")
PY
