# shellcheck shell=bash
# Sourced by every script and make target: one place that decides which JDK, Python venv and tools are used.
# Written for bash 3.2 too (macOS's /bin/bash): no associative arrays, mapfile or ${var,,}.
#
# The JDK: the project compiles for release 25 and deploys to Lambda's java25 runtime, and Maven picks its JDK from
# JAVA_HOME, so an inherited JDK 17 would fail the build in a confusing way. JAVA_HOME is therefore kept only when it
# is a JDK (bin/java and bin/javac) of release 25 or newer, of any vendor. Otherwise the JDK of the lowest release
# >= 25 is taken (so a 25, what Lambda runs, whenever one is installed; the first found on a tie) from, in order:
# /usr/lib/jvm/* (Linux), `/usr/libexec/java_home -v 25` and /Library/Java/JavaVirtualMachines/* (macOS), and
# SDKMAN's ~/.sdkman/candidates/java/*. The version comes from the JDK's `release` file, else from `java -version`.
# SENDSUMMARY_JDK_SEARCH_PATH (folders holding JDKs, colon-separated) replaces those places; the tests use it.
# The choice is printed once per process tree: the exported SENDSUMMARY_JDK_ANNOUNCED keeps nested scripts quiet.

if [ -z "${BASH_VERSION:-}" ]; then
  echo "scripts/env.sh: must be sourced from bash" >&2
  return 1 2>/dev/null || exit 1
fi

PROJECT_ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
export PROJECT_ROOT
# Read by the local runner (com.sendsummary.local.ProjectLayout) to find the built jars and tools.
export SENDSUMMARY_ROOT="$PROJECT_ROOT"

# Succeeds if $1 is a JDK of release 25 or newer, setting _sendsummary_version (e.g. 25.0.1) and
# _sendsummary_feature (25); otherwise sets _sendsummary_why to the reason it is refused.
_sendsummary_probe_jdk() {
  local home="$1" line="" feature
  _sendsummary_version=""
  _sendsummary_feature=0
  _sendsummary_why=""
  if [ ! -x "$home/bin/java" ] || [ ! -x "$home/bin/javac" ]; then
    _sendsummary_why="not a JDK (needs bin/java and bin/javac)"
    return 1
  fi
  if [ -f "$home/release" ]; then
    while IFS= read -r line || [ -n "$line" ]; do
      case "$line" in
        JAVA_VERSION=*) _sendsummary_version="${line#JAVA_VERSION=}"; break ;;
      esac
    done < "$home/release"
  fi
  if [ -z "$_sendsummary_version" ]; then
    # First line, e.g. `openjdk version "25.0.1" 2025-10-21` or `java version "1.8.0_402"`.
    line="$("$home/bin/java" -version 2>&1)" || line=""
    line="${line%%$'\n'*}"
    case "$line" in
      *\"*\"*) _sendsummary_version="${line#*\"}" ;;
    esac
  fi
  _sendsummary_version="${_sendsummary_version#\"}"
  _sendsummary_version="${_sendsummary_version%%\"*}"
  if [ -z "$_sendsummary_version" ]; then
    _sendsummary_why="version unknown (no JAVA_VERSION in its release file, none from bin/java -version)"
    return 1
  fi
  # The feature release: 25.0.1 -> 25, 26-ea -> 26, 1.8.0_402 -> 8.
  feature="${_sendsummary_version#1.}"
  feature="${feature%%[!0-9]*}"
  if [ "${feature:-0}" -lt 25 ]; then
    _sendsummary_why="JDK $_sendsummary_version, older than 25"
    return 1
  fi
  _sendsummary_feature="$feature"
}

# The JDK homes to consider, one a line, in order of preference on a tie.
_sendsummary_jdk_candidates() {
  local roots root home
  if [ -n "${SENDSUMMARY_JDK_SEARCH_PATH:-}" ]; then
    roots="$SENDSUMMARY_JDK_SEARCH_PATH"
  else
    roots="/usr/lib/jvm:/Library/Java/JavaVirtualMachines:${SDKMAN_DIR:-${HOME:-}/.sdkman}/candidates/java"
    if [ -x /usr/libexec/java_home ] && home="$(/usr/libexec/java_home -v 25 2>/dev/null)" && [ -n "$home" ]; then
      printf '%s\n' "$home"
    fi
  fi
  while [ -n "$roots" ]; do
    root="${roots%%:*}"
    case "$roots" in
      *:*) roots="${roots#*:}" ;;
      *) roots="" ;;
    esac
    for home in "$root"/*; do
      # macOS bundles: <name>.jdk/Contents/Home.
      if [ -d "$home/Contents/Home" ]; then home="$home/Contents/Home"; fi
      if [ -d "$home" ]; then printf '%s\n' "$home"; fi
    done
  done
}

# Sets and exports JAVA_HOME as the top of this file says; or prints what it looked at and what to install, and fails.
_sendsummary_choose_jdk() {
  local home chosen="" chosen_version="" chosen_feature=0 reason refused="" looked_in
  if [ -z "${JAVA_HOME:-}" ]; then
    reason="JAVA_HOME was unset"
  elif _sendsummary_probe_jdk "$JAVA_HOME"; then
    chosen="$JAVA_HOME"
    chosen_version="$_sendsummary_version"
    reason="from JAVA_HOME"
  else
    reason="JAVA_HOME=$JAVA_HOME refused: $_sendsummary_why"
  fi
  if [ -z "$chosen" ]; then
    while IFS= read -r home; do
      if _sendsummary_probe_jdk "$home"; then
        if [ -z "$chosen" ] || [ "$_sendsummary_feature" -lt "$chosen_feature" ]; then
          chosen="$home"
          chosen_version="$_sendsummary_version"
          chosen_feature="$_sendsummary_feature"
        fi
      else
        refused="$refused    $home: $_sendsummary_why"$'\n'
      fi
    done < <(_sendsummary_jdk_candidates)
  fi
  if [ -z "$chosen" ]; then
    if [ -n "${SENDSUMMARY_JDK_SEARCH_PATH:-}" ]; then
      looked_in="${SENDSUMMARY_JDK_SEARCH_PATH//:/, }"
    else
      looked_in="/usr/lib/jvm, /usr/libexec/java_home -v 25, /Library/Java/JavaVirtualMachines,"
      looked_in="$looked_in ${SDKMAN_DIR:-${HOME:-}/.sdkman}/candidates/java"
    fi
    {
      echo "env.sh: ERROR: no JDK 25 or newer found (the project compiles for release 25; Lambda runs java25)."
      echo "  $reason"
      echo "  looked in: $looked_in"
      printf '%s' "$refused"
      echo "  Install a JDK 25 of any vendor (Temurin, Corretto, Zulu...), e.g. \`sdk install java 25-tem\` (SDKMAN),"
      echo "  \`brew install --cask temurin@25\` (macOS) or your Linux distribution's package, and set JAVA_HOME to it."
    } >&2
    return 1
  fi
  JAVA_HOME="$chosen"
  export JAVA_HOME
  if [ "${SENDSUMMARY_JDK_ANNOUNCED:-}" != "$JAVA_HOME" ]; then
    echo "env.sh: JDK $chosen_version at $JAVA_HOME ($reason)" >&2
    SENDSUMMARY_JDK_ANNOUNCED="$JAVA_HOME"
    export SENDSUMMARY_JDK_ANNOUNCED
  fi
}

if _sendsummary_choose_jdk; then
  _sendsummary_jdk_found=true
else
  _sendsummary_jdk_found=false
fi
unset -f _sendsummary_probe_jdk _sendsummary_jdk_candidates _sendsummary_choose_jdk
unset _sendsummary_version _sendsummary_feature _sendsummary_why
if ! $_sendsummary_jdk_found; then
  unset _sendsummary_jdk_found
  return 1 2>/dev/null || exit 1
fi
unset _sendsummary_jdk_found

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
