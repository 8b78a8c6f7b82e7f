# shellcheck shell=bash
# Sourced by every script and make target: one place that decides which JDK, Python venv and tools are used.
# It never trusts the caller's JAVA_HOME: the project is compiled for release 25, and Maven picks its JDK from
# JAVA_HOME, so an inherited JDK 17 would fail the build in a confusing way.

if [ -z "${BASH_VERSION:-}" ]; then
  echo "scripts/env.sh: must be sourced from bash" >&2
  return 1 2>/dev/null || exit 1
fi

PROJECT_ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
export PROJECT_ROOT
# Read by the local runner (com.sendsummary.local.ProjectLayout) to find the built jars and tools.
export SENDSUMMARY_ROOT="$PROJECT_ROOT"

sendsummary_find_jdk() {
  local candidate
  for candidate in /usr/lib/jvm/temurin-25*; do
    if [ -x "$candidate/bin/java" ] && [ -x "$candidate/bin/javac" ]; then
      printf '%s\n' "$candidate"
      return 0
    fi
  done
  return 1
}

if ! JAVA_HOME="$(sendsummary_find_jdk)"; then
  echo "ERROR: no Temurin 25 JDK found under /usr/lib/jvm (looked for /usr/lib/jvm/temurin-25*)." >&2
  echo "       The project compiles for Java 25 and deploys to the java25 runtime; install that JDK there and retry." >&2
  return 1 2>/dev/null || exit 1
fi
export JAVA_HOME
unset -f sendsummary_find_jdk

export VENV_DIR="$PROJECT_ROOT/.venv"
export TOOLS_BIN="$PROJECT_ROOT/.tools/bin"
export GO_BIN="${GO_BIN:-/usr/local/go/bin/go}"

# The JDK first so that `java`, `javac` and Maven agree; the venv for moto, cfn-lint and sam; then the
# project's own tools (aws-lambda-rie). Idempotent: re-sourcing does not grow PATH.
case ":$PATH:" in
  *":$JAVA_HOME/bin:$VENV_DIR/bin:$TOOLS_BIN:"*) ;;
  *) export PATH="$JAVA_HOME/bin:$VENV_DIR/bin:$TOOLS_BIN:$PATH" ;;
esac

# No SAM CLI telemetry. A default region, because SAM and the SDKs refuse to start without one.
export SAM_CLI_TELEMETRY=0
export AWS_DEFAULT_REGION="${AWS_DEFAULT_REGION:-us-east-1}"
export AWS_REGION="${AWS_REGION:-$AWS_DEFAULT_REGION}"
export PIP_DISABLE_PIP_VERSION_CHECK=1
