#!/usr/bin/env bash
# The speed layer (Flink job) for ./pipeline: speed_up, speed_down, speed_status, speed_reset,
# speed_bench, views_bench.
# Sourced by ./pipeline after scripts/lib.sh (REPO_ROOT, DATA_DIR, say/die, pid and log helpers).
# The job is configured by environment variables; see speed-layer/README.md for every default.

SPEED_MAIN="org.lambdamusic.speed.SpeedLayerMain"
SPEED_READY_LINE="speed layer running job_id="

# SPEED_CLASSPATH overrides it (e.g. speed-layer/target/classes while profiling, so a rebuild does
# not rewrite the jar a running job or a teammate's test is using).
speed_classpath() {
  echo "${SPEED_CLASSPATH:-$(module_jar speed-layer):$REPO_ROOT/speed-layer/target/lib/*}"
}

speed_up() {
  if is_running speed; then
    say "speed layer already running (pid $(running_pid speed), log $(log_file speed))"
    return
  fi
  # Checkpoints live with the rest of the pipeline's data unless SPEED_STATE_DIR says otherwise
  # (or SPEED_STATE_PATH, e.g. s3://$S3_BUCKET/speed in cluster mode).
  export SPEED_STATE_DIR="${SPEED_STATE_DIR:-$DATA_DIR/flink}"
  local log before
  local state
  state="$(speed_state)"
  log="$(log_file speed)"
  mkdir -p "$(dirname "$log")"
  # The log is appended to across restarts: wait for a ready line newer than the ones already there.
  before=$(speed_ready_lines "$log")
  if [[ -n "${SPEED_FLINK_REST:-}" ]]; then
    say "starting speed layer (job submitted to the Flink session cluster at $SPEED_FLINK_REST, parallelism ${FLINK_PARALLELISM:-1}, checkpoints in $state, client log $log) ..."
  else
    say "starting speed layer (Flink local cluster, state in $state, log $log) ..."
  fi
  start_background speed java ${SPEED_JAVA_OPTS:--Xmx1g} -cp "$(speed_classpath)" "$SPEED_MAIN"
  local waited=0
  until (($(speed_ready_lines "$log") > before)); do
    is_running speed || { tail -n 30 "$log" >&2; die "speed layer exited during start (log: $log)"; }
    ((waited >= 1800)) && { tail -n 30 "$log" >&2; die "speed layer not running after 180s (log: $log)"; }
    sleep 0.1
    waited=$((waited + 1))
  done
  say "speed layer ready: $(grep "$SPEED_READY_LINE" "$log" | tail -n 1 | sed 's/.*speed layer running //')"
}

# How many ready lines the log holds (0 while the background job has not created it yet).
speed_ready_lines() {
  local count
  count=$(grep -c "$SPEED_READY_LINE" "$1" 2>/dev/null)
  echo "${count:-0}"
}

speed_down() {
  # SIGTERM (SIGKILL after the grace period); the next start resumes from the last retained
  # checkpoint either way, see speed-layer/README.md.
  stop_process speed 90
}

# Where the job's checkpoints and savepoints are: SPEED_STATE_PATH (s3://... or file://...) when
# set, else the local folder SPEED_STATE_DIR.
speed_state() {
  if [[ -n "${SPEED_STATE_PATH:-}" ]]; then
    echo "$SPEED_STATE_PATH"
  else
    echo "${SPEED_STATE_DIR:-$DATA_DIR/flink}"
  fi
}

# ./pipeline reset speed: stop the job, delete its checkpoints and savepoints, start it again. Without
# state it starts after the served model's watermark (each partition at W[p]+1), which it logs and
# this prints. Topics, archive and models are not touched. A SPEED_STATE_PATH (an object store
# prefix, in cluster mode) is deleted by the job's own code (StateReset: the Flink file system and
# S3_* settings the job writes it with; it refuses a bucket's or the root).
speed_reset() {
  local state
  state="$(speed_state)"
  speed_down
  say "deleting speed layer state $state"
  if [[ -n "${SPEED_STATE_PATH:-}" ]]; then
    local out
    # shellcheck disable=SC2086  # SPEED_JAVA_OPTS is a list of JVM flags
    out="$(java ${SPEED_JAVA_OPTS:--Xmx1g} -cp "$(speed_classpath)" org.lambdamusic.speed.job.StateReset 2>&1)" ||
      { printf '%s\n' "$out" | grep -v '^\s*at ' | tail -n 5 >&2; die "could not delete the speed layer state $state"; }
    # Only its own line, not the S3 client's warnings.
    printf '%s\n' "$out" | grep 'speed layer state' | sed 's/^/  /' || true
  else
    [[ -n "$state" && "$state" != "/" ]] || die "refusing to delete state dir '$state'"
    rm -rf "$state"
  fi
  if [[ "${PIPELINE_MODE:-embedded}" == cluster ]]; then cluster_speed_up; else speed_up; fi
  local log line
  log="$(log_file speed)"
  line="$(grep "$SPEED_READY_LINE" "$log" | tail -n 1)"
  say "speed layer starts from: ${line##*start_from=}"
  grep "speed layer start offsets" "$log" | tail -n 1 | sed 's/.*speed layer start offsets /  offsets per partition: /' || true
}

speed_status() {
  status_line speed "Flink job, state $(speed_state), log $(log_file speed)"
}

speed_free_port() {
  python3 -c 'import socket; s=socket.socket(); s.bind(("127.0.0.1", 0)); print(s.getsockname()[1]); s.close()'
}

# The benchmark lives in speed-layer/src/bench/java, a test source root: it calls the job's own code
# (SpeedLayerMain.start) but never ships in the job jar. So it runs from the module's test classpath:
# target/classes, target/test-classes and Maven's test-scope dependency list, written once to
# target/bench-classpath.txt. Compiled again when a source or the pom is newer than that file, so the
# figures are always those of the working tree. SPEED_BENCH_CLASSPATH overrides it all (e.g. an older
# build, to measure before/after with the same benchmark).
speed_bench_classpath() {
  if [[ -n "${SPEED_BENCH_CLASSPATH:-}" ]]; then
    echo "$SPEED_BENCH_CLASSPATH"
    return
  fi
  local module="$REPO_ROOT/speed-layer"
  local deps="$module/target/bench-classpath.txt"
  if [[ ! -f "$module/target/test-classes/org/lambdamusic/speed/bench/SpeedBenchmark.class" ||
    ! -s "$deps" || "$module/pom.xml" -nt "$deps" ||
    -n "$(find "$module/src" -newer "$deps" -type f -print -quit 2>/dev/null)" ]]; then
    # -f, not -pl: the module alone, so a teammate's half-edited pom elsewhere cannot stop the bench.
    say "compiling the speed benchmark (mvn -o -f speed-layer/pom.xml test-compile) ..." >&2
    (cd "$REPO_ROOT" && mvn -B -q -o -f speed-layer/pom.xml -Dspotless.check.skip=true \
      test-compile dependency:build-classpath -Dmdep.includeScope=test -Dmdep.outputFile="$deps") >&2 ||
      die "could not compile the speed benchmark"
    touch "$deps"
  fi
  echo "$module/target/classes:$module/target/test-classes:$(cat "$deps")"
}

# ./pipeline bench speed: a fresh broker and object store on free ports, the job in the benchmark's
# JVM, figures printed as a Markdown table. Knobs: BENCH_EVENTS (1000000), BENCH_USERS (5000),
# BENCH_RATE (1000 ev/s), BENCH_LATENCY_SECONDS (30), BENCH_RETRAIN_EVENTS / BENCH_RETRAIN_EVERY
# (simulated batch runs, off by default), FLINK_PARALLELISM (1), SPEED_ARCHIVE (true).
speed_bench() {
  speed_bench_run org.lambdamusic.speed.bench.SpeedBenchmark bench-speed
}

# ./pipeline bench views: view sizes under a steady stream with a batch run every few minutes
# (ViewSizeBenchmark: the production job on a fresh broker and store, as the speed bench). Knobs:
# VIEWS_BENCH_RATE (1000 ev/s), VIEWS_BENCH_USERS (5000), VIEWS_BENCH_MINUTES (12),
# VIEWS_BENCH_RETRAIN_EVERY (3M; 0S: none).
views_bench() {
  speed_bench_run org.lambdamusic.speed.bench.ViewSizeBenchmark bench-views
}

# A benchmark class of the speed layer against a fresh KRaft broker and s3proxy on free ports (so no
# fixed port and no lock), data under $DATA_DIR/<dir>, load averages before and after.
speed_bench_run() {
  local class="$1" dir="$DATA_DIR/$2"
  local classpath
  classpath="$(speed_bench_classpath)" || exit 1
  rm -rf "$dir"
  mkdir -p "$dir"
  local kafka_port s3_port
  kafka_port=$(speed_free_port)
  s3_port=$(speed_free_port)
  say "${class##*.}: broker on 127.0.0.1:$kafka_port, object store on 127.0.0.1:$s3_port, data in $dir, load average $(cut -d' ' -f1-3 /proc/loadavg)"
  (
    export KAFKA_BOOTSTRAP_SERVERS="127.0.0.1:$kafka_port"
    export S3_ENDPOINT="http://127.0.0.1:$s3_port"
    export SPEED_STATE_DIR="$dir/flink"
    trap 'for p in kafka s3; do [[ -f "$dir/run/$p.pid" ]] && kill "$(cat "$dir/run/$p.pid")" 2>/dev/null; done' EXIT
    localstack_cli start s3 --data "$dir" | sed 's/^/  /'
    localstack_cli start kafka --data "$dir" | sed 's/^/  /'
    # The job's production logging (log4j2.properties), not the tests' log4j2-test.properties.
    BENCH_CATALOG="${BENCH_CATALOG:-$PIPELINE_DATASET}" \
      java ${SPEED_BENCH_JAVA_OPTS:--Xmx2g} -Dlog4j2.configurationFile=log4j2.properties \
      -cp "$classpath" "$class"
  )
  say "${class##*.}: load average after: $(cut -d' ' -f1-3 /proc/loadavg)"
}

# ./pipeline bench view-writer: the profile view writer alone (ViewWriterBenchmark: the job's
# ProfileViewWriter on UserEventLog states built by the job's own code), one JVM, no broker. Knobs:
# VIEWS_BENCH_USERS, VIEWS_BENCH_EVENTS, VIEWS_BENCH_WARMUP_ROUNDS, VIEWS_BENCH_ROUNDS,
# SPEED_LOG_RETENTION, SPEED_LOG_MAX_EVENTS, BENCH_CATALOG; their defaults are in the class and
# printed with the figures.
# JVM flags: VIEWS_BENCH_JAVA_OPTS (-Xmx1g).
view_writer_bench() {
  local classpath
  classpath="$(speed_bench_classpath)" || exit 1
  say "view writer bench: load average before: $(cut -d' ' -f1-3 /proc/loadavg)"
  BENCH_CATALOG="${BENCH_CATALOG:-$PIPELINE_DATASET}" \
    java ${VIEWS_BENCH_JAVA_OPTS:--Xmx1g} -Dlog4j2.configurationFile=log4j2.properties \
    -cp "$classpath" org.lambdamusic.speed.bench.ViewWriterBenchmark
  say "view writer bench: load average after: $(cut -d' ' -f1-3 /proc/loadavg)"
}
