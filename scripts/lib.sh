#!/usr/bin/env bash
# Shared helpers for ./pipeline: paths, logging, building, and process bookkeeping.
# Every process the pipeline starts has $DATA_DIR/run/<name>.pid and $DATA_DIR/log/<name>.log.

VERSION="0.1.0-SNAPSHOT"
# PIPELINE_MODE=cluster: the same system on local clusters (scripts/cluster.sh), data apart from the
# embedded default's (its Kafka offsets mean nothing to another cluster).
PIPELINE_MODE="${PIPELINE_MODE:-embedded}"
case "$PIPELINE_MODE" in
  embedded) DATA_DIR="${PIPELINE_DATA:-$REPO_ROOT/var}" ;;
  cluster)
    DATA_DIR="${PIPELINE_DATA:-$REPO_ROOT/var/cluster}"
    : "${KAFKA_BOOTSTRAP_SERVERS:=127.0.0.1:9092,127.0.0.1:9094,127.0.0.1:9096}"
    ;;
  *) printf 'pipeline: error: PIPELINE_MODE must be embedded (default) or cluster, not %s\n' "$PIPELINE_MODE" >&2; exit 1 ;;
esac
export PIPELINE_MODE
mkdir -p "$DATA_DIR"
DATA_DIR="$(cd "$DATA_DIR" && pwd)"
export DATA_DIR
export LOCALSTACK_RUNTIME="$REPO_ROOT/local-stack/target/runtime"
export SPARK_LOCAL_IP="${SPARK_LOCAL_IP:-127.0.0.1}"
# Defaults written once here for the script's own messages; the Java code reads the same variables.
export S3_ENDPOINT="${S3_ENDPOINT:-http://127.0.0.1:9000}"
export S3_BUCKET="${S3_BUCKET:-recommender}"
export S3_ACCESS_KEY="${S3_ACCESS_KEY:-recommender}"
export S3_SECRET_KEY="${S3_SECRET_KEY:-recommender-secret}"
export S3_REGION="${S3_REGION:-us-east-1}"
export KAFKA_BOOTSTRAP_SERVERS="${KAFKA_BOOTSTRAP_SERVERS:-127.0.0.1:9092}"
PIPELINE_DATASET="${PIPELINE_DATASET:-$REPO_ROOT/../shared/datasets/spotify_tracks.csv.gz}"
# Tracks in the model `up` publishes: a number (dense matrix) or all (full catalogue, top-K neighbours).
PIPELINE_SAMPLE="${PIPELINE_SAMPLE:-4832}"

say() { printf '%s pipeline: %s\n' "$(date -u +%H:%M:%S)" "$*"; }
die() { printf 'pipeline: error: %s\n' "$*" >&2; exit 1; }

require_function() {
  declare -F "$1" >/dev/null || die "$1 is not available in this checkout"
}

module_jar() { echo "$REPO_ROOT/$1/target/$1-$VERSION.jar"; }

# The modules ./pipeline runs; cluster-tests (tests only) is not one of them, so `up` never builds it.
# The build installs them with the parent POM ("."), so a module built alone later (e.g. `mvn -pl
# cluster-tests verify`) resolves them.
PIPELINE_MODULES="contracts,local-stack,batch-layer,speed-layer,serving-layer"

# Builds the modules ./pipeline runs (tests skipped) when a runnable artifact is missing or PIPELINE_REBUILD=1.
ensure_built() {
  local missing=""
  for module in ${PIPELINE_MODULES//,/ }; do
    [[ -f "$(module_jar "$module")" ]] || missing="$missing $module"
  done
  [[ -d "$LOCALSTACK_RUNTIME/kafka" && -d "$LOCALSTACK_RUNTIME/s3-client" ]] || missing="$missing local-stack-runtime"
  if [[ -n "$missing" || "${PIPELINE_REBUILD:-0}" == "1" ]]; then
    command -v mvn >/dev/null || die "Maven (mvn) is needed to build; install it (Debian: apt-get install maven)"
    say "building (missing:${missing:- none, rebuild requested}); first build downloads dependencies, a few minutes"
    (cd "$REPO_ROOT" && mvn -B -q -DskipTests -Dspotless.check.skip=true -pl ".,$PIPELINE_MODULES" install) || die "build failed"
    say "build done"
  fi
}

# Installs the Debian packages that ./pipeline's own steps call (curl for readiness checks, jq for the
# JSON it prints) when they are missing: apt-get as root, otherwise a clear message.
ensure_tools() {
  local missing=()
  for tool in "$@"; do
    command -v "$tool" >/dev/null || missing+=("$tool")
  done
  ((${#missing[@]} == 0)) && return 0
  if [[ $(id -u) -eq 0 ]] && command -v apt-get >/dev/null; then
    say "installing ${missing[*]} (Debian packages) ..."
    apt-get update -q >/dev/null && DEBIAN_FRONTEND=noninteractive apt-get install -y -q "${missing[@]}" >/dev/null ||
      die "could not install ${missing[*]}; install them by hand (apt-get install ${missing[*]})"
  else
    die "${missing[*]} needed; install with: sudo apt-get install -y ${missing[*]}"
  fi
}

localstack_cli() {
  java -cp "$(module_jar local-stack):$(module_jar contracts):$LOCALSTACK_RUNTIME/cli/*" org.lambdamusic.localstack.LocalStackCli "$@"
}

pid_file() { echo "$DATA_DIR/run/$1.pid"; }
log_file() { echo "$DATA_DIR/log/$1.log"; }

# True when the named process recorded in its pid file is alive.
is_running() {
  local file pid
  file="$(pid_file "$1")"
  [[ -f "$file" ]] || return 1
  pid="$(cat "$file")"
  [[ -n "$pid" ]] && kill -0 "$pid" 2>/dev/null
}

running_pid() { cat "$(pid_file "$1")"; }

# Starts a command in the background, detached from this shell, recording pid and log.
start_background() {
  local name="$1"
  shift
  mkdir -p "$DATA_DIR/run" "$DATA_DIR/log"
  nohup "$@" >>"$(log_file "$name")" 2>&1 </dev/null &
  echo $! >"$(pid_file "$name")"
}

# Waits until a line matching the pattern appears in the process's log, or fails if it dies.
wait_for_log() {
  local name="$1" pattern="$2" timeout="${3:-120}" waited=0
  until grep -qE "$pattern" "$(log_file "$name")" 2>/dev/null; do
    is_running "$name" || { tail -n 30 "$(log_file "$name")" >&2; die "$name exited during start (log: $(log_file "$name"))"; }
    ((waited >= timeout * 10)) && { tail -n 30 "$(log_file "$name")" >&2; die "$name not ready after ${timeout}s"; }
    sleep 0.1
    waited=$((waited + 1))
  done
}

# SIGTERM, then SIGKILL after a grace period.
stop_process() {
  local name="$1" grace="${2:-30}" pid waited=0
  if ! is_running "$name"; then
    rm -f "$(pid_file "$name")"
    return 0
  fi
  pid="$(running_pid "$name")"
  kill "$pid" 2>/dev/null || true
  while kill -0 "$pid" 2>/dev/null; do
    if ((waited >= grace * 10)); then
      say "$name did not stop in ${grace}s, killing"
      kill -9 "$pid" 2>/dev/null || true
      break
    fi
    sleep 0.1
    waited=$((waited + 1))
  done
  rm -f "$(pid_file "$name")"
  say "stopped $name"
}

status_line() {
  local name="$1" detail="$2"
  if is_running "$name"; then
    printf '  %-9s running  pid %-7s %s\n' "$name" "$(running_pid "$name")" "$detail"
  else
    printf '  %-9s stopped\n' "$name"
  fi
}
