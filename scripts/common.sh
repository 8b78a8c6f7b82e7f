# shellcheck shell=bash
# Helpers shared by the scripts in this folder (sourced, after which env.sh is in effect).
# shellcheck source=scripts/env.sh
source "$(dirname "${BASH_SOURCE[0]}")/env.sh"

log() { printf '[%s] %s\n' "$(basename "$0" .sh)" "$*" >&2; }
die() { printf '[%s] ERROR: %s\n' "$(basename "$0" .sh)" "$*" >&2; exit 1; }

ensure_tools() {
  "$PROJECT_ROOT/scripts/bootstrap.sh"
}

# AWS tools that must never reach AWS: no instance-metadata probing (a link-local address) and static dummy
# credentials, so nothing looks further for real ones. Applied only to the commands that get it.
offline_aws_env() {
  env -u AWS_PROFILE -u AWS_SESSION_TOKEN \
      AWS_EC2_METADATA_DISABLED=true AWS_ACCESS_KEY_ID=offline AWS_SECRET_ACCESS_KEY=offline "$@"
}

# Builds what the local runner runs, unless SKIP_BUILD=1: the reactor's jars without tests (`mvn package`: the
# simulator and the local runner; nothing is installed into ~/.m2, the reactor resolves its own modules), then the
# deployable with `sam build` (.aws-sam/build/<Function>, which the runner runs). Arguments go to `sam build`.
build_reactor() {
  if [ "${SKIP_BUILD:-0}" = 1 ]; then
    log "SKIP_BUILD=1: using what is already built (jars, .aws-sam/build)"
    return
  fi
  local begin=$SECONDS
  log "building the reactor: mvn -DskipTests package (a few minutes on a first run, which fetches the dependencies)"
  (cd "$PROJECT_ROOT" && mvn -B -ntp -DskipTests package)
  log "reactor built in $((SECONDS - begin)) s"
  "$PROJECT_ROOT/scripts/sam-build.sh" "$@"
}

# Runs a Java main of the local/ module on its runtime classpath (written by the module's build).
run_local_main() {
  local main_class="$1"
  shift
  local classpath_file="$PROJECT_ROOT/local/target/local-runtime.classpath"
  [ -d "$PROJECT_ROOT/local/target/classes" ] && [ -f "$classpath_file" ] \
    || die "local/ is not built ($classpath_file missing); run without SKIP_BUILD=1"
  cd "$PROJECT_ROOT"
  exec "$JAVA_HOME/bin/java" -Dsendsummary.root="$PROJECT_ROOT" \
    -cp "$PROJECT_ROOT/local/target/classes:$(cat "$classpath_file")" "$main_class" "$@"
}
