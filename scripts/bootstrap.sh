#!/usr/bin/env bash
# Installs the project's own tools, only from the package registries, and only when missing or out of date:
#   .venv/                     moto[server], cfn-lint, aws-sam-cli  (PyPI, pinned in scripts/requirements.txt)
#   .tools/bin/aws-lambda-rie  the Lambda Runtime Interface Emulator (Go module proxy, pinned below)
# Idempotent: a stamp per tool records what was installed; a re-run with nothing to do takes well under a second.
# Maven dependencies are not fetched here; the first Maven build does that.
#
# Usage: scripts/bootstrap.sh [--refresh-constraints]
#   --refresh-constraints  install from requirements.txt alone and rewrite scripts/constraints.txt
set -euo pipefail

# shellcheck source=scripts/env.sh
source "$(dirname "${BASH_SOURCE[0]}")/env.sh"

readonly RIE_MODULE="github.com/aws/aws-lambda-runtime-interface-emulator/cmd/aws-lambda-rie"
readonly RIE_VERSION="v0.0.0-20261030222936-bef5c4ba774d"
readonly REQUIREMENTS="$PROJECT_ROOT/scripts/requirements.txt"
readonly CONSTRAINTS="$PROJECT_ROOT/scripts/constraints.txt"
readonly VENV_STAMP="$VENV_DIR/.bootstrap-stamp"
readonly RIE_BIN="$TOOLS_BIN/aws-lambda-rie"
readonly RIE_STAMP="$PROJECT_ROOT/.tools/.aws-lambda-rie-stamp"

refresh_constraints=false
for arg in "$@"; do
  case "$arg" in
    --refresh-constraints) refresh_constraints=true ;;
    -h|--help) sed -n '2,10p' "${BASH_SOURCE[0]}" | sed 's/^# \{0,1\}//'; exit 0 ;;
    *) echo "bootstrap: unknown argument '$arg'" >&2; exit 2 ;;
  esac
done

log() { printf '[bootstrap] %s\n' "$*" >&2; }
die() { printf '[bootstrap] ERROR: %s\n' "$*" >&2; exit 1; }

# sha256sum is GNU coreutils; macOS has shasum instead.
sha256() {
  if command -v sha256sum >/dev/null 2>&1; then sha256sum; else shasum -a 256; fi
}

# Runs "$@" between "<what>..." and "<what>: done in N s", so a step of minutes is never silent.
timed() {
  local what="$1" begin=$SECONDS
  shift
  log "$what..."
  "$@"
  log "$what: done in $((SECONDS - begin)) s"
}

# The interpreter that creates the venv, never the venv's own (env.sh puts .venv/bin first on PATH).
base_python() {
  local python="${PYTHON:-}" candidate
  if [ -z "$python" ]; then
    while IFS= read -r candidate; do
      if [ "$candidate" != "$VENV_DIR/bin/python3" ]; then python="$candidate"; break; fi
    done < <(type -ap python3)
  fi
  [ -n "$python" ] || die "python3 not found on PATH (need Python >= 3.9 for aws-sam-cli)."
  printf '%s\n' "$python"
}

# What the venv stamp must hold: the base interpreter's version (a venv built by another Python is rebuilt, not
# patched) and a hash of the requirements and constraints.
venv_stamp() {
  printf '%s %s' "$("$1" -c 'import sys; print(sys.version.split()[0])')" \
    "$(cat "$REQUIREMENTS" "$CONSTRAINTS" | sha256 | cut -c1-16)"
}

venv_up_to_date() {
  ! $refresh_constraints && [ -x "$VENV_DIR/bin/python" ] && [ -f "$VENV_STAMP" ] \
    && [ "$(cat "$VENV_STAMP")" = "$(venv_stamp "$1")" ]
}

install_venv() {
  local python="$1"
  if [ -d "$VENV_DIR" ] && ! "$VENV_DIR/bin/python" -c '' >/dev/null 2>&1; then
    log "removing broken venv $VENV_DIR"
    rm -rf "$VENV_DIR"
  fi
  if [ ! -x "$VENV_DIR/bin/python" ]; then
    log "creating python venv $VENV_DIR ($("$python" --version 2>&1))"
    "$python" -m venv "$VENV_DIR"
  fi
  rm -f "$VENV_STAMP"
  local pip=("$VENV_DIR/bin/python" -m pip install --no-input --progress-bar off -q)
  if $refresh_constraints; then
    log "pip install $(grep -v '^#' "$REQUIREMENTS" | xargs) (unconstrained), then rewriting $CONSTRAINTS"
    "${pip[@]}" -r "$REQUIREMENTS"
    {
      echo "# Transitive pins for scripts/requirements.txt (pip freeze of a clean install on Python 3.11)."
      echo "# Regenerate: rm -rf .venv && scripts/bootstrap.sh --refresh-constraints"
      "$VENV_DIR/bin/python" -m pip freeze --all | grep -v -E '^(pip|setuptools)=='
    } > "$CONSTRAINTS.tmp"
    mv "$CONSTRAINTS.tmp" "$CONSTRAINTS"
  else
    log "pip install $(grep -v '^#' "$REQUIREMENTS" | xargs) (+ pinned dependencies); takes a few minutes"
    "${pip[@]}" -r "$REQUIREMENTS" -c "$CONSTRAINTS"
  fi
  "$VENV_DIR/bin/python" -m pip check >/dev/null || die "pip check failed in $VENV_DIR: $("$VENV_DIR/bin/python" -m pip check)"
  # Computed after the install: --refresh-constraints has just changed the constraints file.
  venv_stamp "$python" > "$VENV_STAMP"
  log "installed: $("$VENV_DIR/bin/sam" --version), cfn-lint $("$VENV_DIR/bin/cfn-lint" --version | awk '{print $2}'), moto $("$VENV_DIR/bin/python" -c 'import moto; print(moto.__version__)')"
}

rie_up_to_date() {
  [ -x "$RIE_BIN" ] && [ -f "$RIE_STAMP" ] && [ "$(cat "$RIE_STAMP")" = "$RIE_VERSION" ]
}

install_rie() {
  local go="$GO_BIN"
  if [ ! -x "$go" ]; then
    go="$(command -v go || true)"
  fi
  if [ -z "$go" ] || [ ! -x "$go" ]; then
    die "Go toolchain not found (looked at $GO_BIN and on PATH); it is needed to build aws-lambda-rie."
  fi
  log "go install $RIE_MODULE@$RIE_VERSION with $("$go" version | awk '{print $3}') (Go module proxy)"
  mkdir -p "$TOOLS_BIN"
  rm -f "$RIE_STAMP"
  # CGO off: a static binary that does not depend on the host's libc.
  GOBIN="$TOOLS_BIN" CGO_ENABLED=0 "$go" install -trimpath "$RIE_MODULE@$RIE_VERSION"
  [ -x "$RIE_BIN" ] || die "go install finished but $RIE_BIN is missing"
  printf '%s' "$RIE_VERSION" > "$RIE_STAMP"
}

python="$(base_python)"
venv_current=false
rie_current=false
if venv_up_to_date "$python"; then venv_current=true; fi
if rie_up_to_date; then rie_current=true; fi
if $venv_current && $rie_current; then
  log "tools up to date (.venv: moto, cfn-lint, aws-sam-cli; .tools/bin/aws-lambda-rie)"
  exit 0
fi
if ! $venv_current; then
  timed "installing the python venv .venv (moto, cfn-lint, aws-sam-cli)" install_venv "$python"
fi
if ! $rie_current; then
  timed "building .tools/bin/aws-lambda-rie $RIE_VERSION" install_rie
fi
