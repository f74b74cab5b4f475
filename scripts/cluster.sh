#!/usr/bin/env bash
# Cluster mode for ./pipeline (PIPELINE_MODE=cluster): the same system on real clusters on this
# host, each engine from its own Maven artifacts, no Docker, every port on 127.0.0.1:
#   Kafka    three KRaft nodes (broker + controller) 9092/9093, 9094/9095, 9096/9097 (LocalStackCli
#            start kafka --nodes 3): one 3-voter quorum, contract topics RF 3, min.insync.replicas 2
#   Spark    standalone master spark://127.0.0.1:7077 (web UI and /json on :8088), workers on
#            7078 (UI 8082) and 7079 (UI 8083), from the batch layer's jars ($DATA_DIR/spark-home)
#   Flink    session cluster: JobManager (RPC 6123, REST 8081) and two TaskManagers (2 slots each,
#            random ports on loopback), from the speed layer's jars, config in $DATA_DIR/flink-conf
#   speed    the job submitted to the session cluster (SPEED_FLINK_REST) with parallelism 3
#   serving  two instances, :8080 and :8090, retraining on the Spark master
#   s3       the object store as in the default mode
# Sourced by ./pipeline after lib.sh and the layer scripts; data under $DATA_DIR (var/cluster by
# default, so the embedded default's var/ and its offsets are never mixed with the cluster's).

if [[ "${PIPELINE_MODE:-embedded}" == cluster ]]; then
  export SPEED_STATE_DIR="${SPEED_STATE_DIR:-$DATA_DIR/flink}"
  # The speed job's checkpoints and savepoints in the object store: the JobManager, both
  # TaskManagers and the client (which finds the snapshot to restore) reach it as they would on
  # several hosts (SPEED_STATE_PATH=file://$SPEED_STATE_DIR keeps them in the local folder).
  export SPEED_STATE_PATH="${SPEED_STATE_PATH:-s3://$S3_BUCKET/speed}"
fi
SPARK_MASTER_URL="spark://127.0.0.1:${CLUSTER_SPARK_MASTER_PORT:-7077}"
SPARK_MASTER_UI_PORT="${CLUSTER_SPARK_UI_PORT:-8088}"
FLINK_REST_PORT="${CLUSTER_FLINK_REST_PORT:-8081}"
SERVING_PORTS=(8080 "${CLUSTER_SERVING_PORT_2:-8090}")
CLUSTER_SPARK_WORKERS=(spark-worker-1 spark-worker-2)
CLUSTER_FLINK_TMS=(flink-taskmanager-1 flink-taskmanager-2)
CLUSTER_KAFKA_NODES=(kafka-1 kafka-2 kafka-3)

# Fails when something else already listens on the port (another engineer's test cluster, the
# embedded pipeline): a readiness check would otherwise talk to the wrong server.
cluster_require_free_port() {
  if (exec 3<>"/dev/tcp/127.0.0.1/$1") 2>/dev/null; then
    die "port $1 (for $2) is already in use on 127.0.0.1: stop what listens there (ss -ltnp | grep :$1)"
  fi
}

# Waits until the number the jq query reads from url reaches want, dying when one of the named
# processes exits meanwhile (with its log's tail) or after the timeout (pointing at the first
# process's log, the coordinator's). Leaves the number in CLUSTER_REGISTERED.
cluster_await_registered() {
  local what="$1" seconds="$2" url="$3" query="$4" want="$5" p waited=0
  shift 5
  CLUSTER_REGISTERED=0
  until ((CLUSTER_REGISTERED >= want)); do
    CLUSTER_REGISTERED=$(curl -fsS "$url" 2>/dev/null | jq "$query" 2>/dev/null || echo 0)
    for p in "$@"; do
      is_running "$p" || { tail -n 30 "$(log_file "$p")" >&2; die "$p exited during start (log: $(log_file "$p"))"; }
    done
    ((waited >= seconds * 10)) && die "$what not registered after ${seconds}s (log: $(log_file "$1"))"
    sleep 0.5
    waited=$((waited + 5))
  done
}

cluster_kafka_up() {
  if is_running kafka-1 && is_running kafka-2 && is_running kafka-3; then
    say "Kafka cluster already running at $KAFKA_BOOTSTRAP_SERVERS"
    return
  fi
  local node i running=0
  for node in "${CLUSTER_KAFKA_NODES[@]}"; do
    is_running "$node" && running=$((running + 1))
  done
  if ((running > 0)); then
    # Some nodes run (one died, was killed): start only the missing ones, each on its own data; they
    # rejoin the quorum and catch up their replicas (a supervisor's job on real hosts).
    for i in 1 2 3; do
      is_running "kafka-$i" && continue
      say "restarting Kafka node kafka-$i on its data ($running of 3 nodes running) ..."
      localstack_cli start kafka --nodes 3 --node "$i" --data "$DATA_DIR" | sed 's/^/  /'
    done
    return
  fi
  say "starting Kafka cluster: 3 KRaft nodes (broker+controller, 3-voter quorum) at $KAFKA_BOOTSTRAP_SERVERS, data under $DATA_DIR/kafka-{1,2,3} ..."
  localstack_cli start kafka --nodes 3 --data "$DATA_DIR" | sed 's/^/  /'
}

# Spark standalone from the batch layer's jars: the master and workers run
# org.apache.spark.deploy.{master.Master,worker.Worker}; a worker launches executors only with
# SPARK_HOME/jars holding the Spark jars and SPARK_SCALA_VERSION set (ARCHITECTURE.md).
cluster_spark_up() {
  local home
  home="$(serving_spark_home)"
  export SPARK_HOME="$home" SPARK_SCALA_VERSION=2.13
  if is_running spark-master; then
    say "Spark master already running at $SPARK_MASTER_URL"
  else
    cluster_require_free_port "${SPARK_MASTER_URL##*:}" "the Spark master"
    cluster_require_free_port "$SPARK_MASTER_UI_PORT" "the Spark master's web UI"
    say "starting Spark master $SPARK_MASTER_URL (web UI http://127.0.0.1:$SPARK_MASTER_UI_PORT, log $(log_file spark-master)) ..."
    start_background spark-master java ${CLUSTER_SPARK_DAEMON_OPTS:--Xmx512m} -cp "$home/jars/*" \
      org.apache.spark.deploy.master.Master --host 127.0.0.1 --port "${SPARK_MASTER_URL##*:}" \
      --webui-port "$SPARK_MASTER_UI_PORT"
  fi
  local i worker
  for i in 1 2; do
    worker="spark-worker-$i"
    is_running "$worker" && continue
    mkdir -p "$DATA_DIR/spark/$worker"
    start_background "$worker" java ${CLUSTER_SPARK_DAEMON_OPTS:--Xmx512m} -cp "$home/jars/*" \
      org.apache.spark.deploy.worker.Worker --host 127.0.0.1 --port $((7077 + i)) --webui-port $((8081 + i)) \
      --cores "${CLUSTER_SPARK_WORKER_CORES:-1}" --memory "${CLUSTER_SPARK_WORKER_MEMORY:-1536m}" \
      --work-dir "$DATA_DIR/spark/$worker" "$SPARK_MASTER_URL"
  done
  # Ready when the master's /json lists both workers ALIVE.
  cluster_await_registered "Spark workers" 120 "http://127.0.0.1:$SPARK_MASTER_UI_PORT/json/" \
    '[.workers[] | select(.state == "ALIVE")] | length' 2 spark-master "${CLUSTER_SPARK_WORKERS[@]}"
  say "Spark standalone ready: master $SPARK_MASTER_URL, $CLUSTER_REGISTERED workers ($(curl -fsS "http://127.0.0.1:$SPARK_MASTER_UI_PORT/json/" | jq -r '"\(.cores) cores, \(.memory) MB"'))"
}

# The session cluster's configuration: every port on loopback, the TaskManager's memory components
# set one by one (the distribution's scripts would compute them), the object store for the archive
# sink and the speed job's checkpoints and savepoints (SPEED_STATE_PATH, s3://$S3_BUCKET/speed), which
# the speed client lists to find the snapshot to restore.
cluster_flink_config() {
  local conf="$DATA_DIR/flink-conf"
  mkdir -p "$conf" "$DATA_DIR/flink-tmp"
  cat >"$conf/config.yaml" <<YAML
# Written by ./pipeline (PIPELINE_MODE=cluster) at every start.
jobmanager.rpc.address: 127.0.0.1
jobmanager.rpc.port: 6123
jobmanager.bind-host: 127.0.0.1
rest.address: 127.0.0.1
rest.bind-address: 127.0.0.1
rest.port: $FLINK_REST_PORT
taskmanager.host: 127.0.0.1
taskmanager.bind-host: 127.0.0.1
taskmanager.numberOfTaskSlots: ${CLUSTER_FLINK_SLOTS:-2}
taskmanager.cpu.cores: ${CLUSTER_FLINK_SLOTS:-2}
taskmanager.memory.framework.heap.size: 128m
taskmanager.memory.task.heap.size: 512m
taskmanager.memory.managed.size: 64m
taskmanager.memory.framework.off-heap.size: 128m
taskmanager.memory.task.off-heap.size: 0m
taskmanager.memory.network.min: 64m
taskmanager.memory.network.max: 64m
taskmanager.memory.jvm-metaspace.size: 256m
taskmanager.memory.jvm-overhead.min: 192m
taskmanager.memory.jvm-overhead.max: 192m
parallelism.default: 1
io.tmp.dirs: $DATA_DIR/flink-tmp
state.checkpoints.dir: ${SPEED_STATE_PATH:-s3://$S3_BUCKET/speed}/checkpoints
state.savepoints.dir: ${SPEED_STATE_PATH:-s3://$S3_BUCKET/speed}/savepoints
s3.endpoint: $S3_ENDPOINT
s3.path.style.access: true
s3.endpoint.region: $S3_REGION
s3.access-key: $S3_ACCESS_KEY
s3.secret-key: $S3_SECRET_KEY
# Flink's own metrics on Prometheus endpoints on loopback, one per JobManager and TaskManager, each
# the first free port of the range (speed-layer/README.md, "Metrics"); the reporter comes with the
# speed layer's jar on the cluster's classpath.
metrics.reporter.prom.factory.class: org.apache.flink.metrics.prometheus.LoopbackPrometheusReporterFactory
metrics.reporter.prom.host: 127.0.0.1
metrics.reporter.prom.port: ${SPEED_METRICS_PORT:-9249-9259}
YAML
  cat >"$conf/log4j2.properties" <<'PROPS'
rootLogger.level = INFO
rootLogger.appenderRef.console.ref = ConsoleAppender
appender.console.name = ConsoleAppender
appender.console.type = CONSOLE
appender.console.layout.type = PatternLayout
appender.console.layout.pattern = %d{yyyy-MM-dd HH:mm:ss,SSS} %-5p %-60c %x - %m%n
logger.kafka.name = org.apache.kafka
logger.kafka.level = WARN
logger.pekko.name = org.apache.pekko
logger.pekko.level = WARN
logger.hadoop.name = org.apache.hadoop
logger.hadoop.level = WARN
PROPS
  echo "$conf"
}

cluster_flink_up() {
  local conf lib="$REPO_ROOT/speed-layer/target/lib" jar
  [[ -d "$lib" ]] || die "missing $lib; build with: ./pipeline build"
  # The speed layer's jar for its Prometheus reporter (the job's classes still come from the jar
  # each job ships: user code is loaded child-first).
  jar="$(module_jar speed-layer)"
  conf="$(cluster_flink_config)"
  local logging="-Dlog4j.configurationFile=file://$conf/log4j2.properties"
  if is_running flink-jobmanager; then
    say "Flink JobManager already running (REST http://127.0.0.1:$FLINK_REST_PORT)"
  else
    cluster_require_free_port "$FLINK_REST_PORT" "the Flink JobManager's REST endpoint"
    cluster_require_free_port 6123 "the Flink JobManager's RPC"
    say "starting Flink session cluster: JobManager (REST http://127.0.0.1:$FLINK_REST_PORT, config $conf) ..."
    start_background flink-jobmanager java ${CLUSTER_FLINK_JM_OPTS:--Xms512m -Xmx768m} "$logging" \
      -Dlog.file="$(log_file flink-jobmanager)" -cp "$lib/*:$jar" \
      org.apache.flink.runtime.entrypoint.StandaloneSessionClusterEntrypoint --configDir "$conf"
  fi
  local tm
  for tm in "${CLUSTER_FLINK_TMS[@]}"; do
    is_running "$tm" && continue
    # Heap = framework + task heap, direct = framework + task off-heap + network (config.yaml).
    start_background "$tm" java -Xms640m -Xmx640m -XX:MaxDirectMemorySize=192m -XX:MaxMetaspaceSize=256m \
      "$logging" -Dlog.file="$(log_file "$tm")" -cp "$lib/*:$jar" \
      org.apache.flink.runtime.taskexecutor.TaskManagerRunner --configDir "$conf"
  done
  cluster_await_registered "Flink TaskManagers" 180 "http://127.0.0.1:$FLINK_REST_PORT/taskmanagers" \
    '.taskmanagers | length' 2 flink-jobmanager "${CLUSTER_FLINK_TMS[@]}"
  say "Flink session cluster ready: $(curl -fsS "http://127.0.0.1:$FLINK_REST_PORT/overview" | jq -r '"\(.taskmanagers) TaskManagers, \(.["slots-total"]) slots, Flink \(.["flink-version"])"')"
}

# A speed-layer job left RUNNING on the session cluster by a client that died without stopping it
# (kill -9) is cancelled before a new one is submitted; its retained checkpoint is where the new one
# resumes.
cluster_cancel_stray_speed_jobs() {
  local id
  for id in $(curl -fsS "http://127.0.0.1:$FLINK_REST_PORT/jobs/overview" 2>/dev/null |
    jq -r '.jobs[] | select(.name == "speed-layer" and (.state == "RUNNING" or .state == "CREATED" or .state == "RESTARTING")) | .jid'); do
    say "cancelling speed-layer job $id left on the session cluster by a client that is gone"
    curl -fsS -X PATCH "http://127.0.0.1:$FLINK_REST_PORT/jobs/$id?mode=cancel" >/dev/null || true
    local waited=0
    while [[ "$(curl -fsS "http://127.0.0.1:$FLINK_REST_PORT/jobs/$id" | jq -r .state)" != CANCELED ]] && ((waited < 300)); do
      sleep 0.1
      waited=$((waited + 1))
    done
  done
}

cluster_speed_up() {
  if ! is_running speed; then cluster_cancel_stray_speed_jobs; fi
  # The speed client (SpeedLayerMain) submits the job to the session cluster and stays to stop it
  # with a savepoint on SIGTERM, as the embedded mode's JVM does.
  SPEED_FLINK_REST="127.0.0.1:$FLINK_REST_PORT" FLINK_PARALLELISM="${FLINK_PARALLELISM:-3}" \
    SPEED_JAVA_OPTS="${SPEED_JAVA_OPTS:--Xmx512m}" speed_up
  say "speed job on the session cluster: $(curl -fsS "http://127.0.0.1:$FLINK_REST_PORT/jobs/overview" |
    jq -r '[.jobs[] | select(.state == "RUNNING")][0] | "job \(.jid) \(.state), \(.tasks.total) tasks"') (parallelism ${FLINK_PARALLELISM:-3})"
}

cluster_first_model_up() {
  require_function batch_run
  say "ensuring a model of sample $PIPELINE_SAMPLE exists in s3://$S3_BUCKET/models (built on $SPARK_MASTER_URL when LATEST serves none) ..."
  # The driver runs here; spark.jars ships the job jar to the executors (a system property, so
  # SparkConf picks it up).
  SPARK_MASTER="$SPARK_MASTER_URL" BATCH_JAVA_OPTS="$(batch_java_opts) -Dspark.jars=$(module_jar batch-layer)" \
    batch_run --input "$PIPELINE_DATASET" --output "s3://$S3_BUCKET/models" --sample "$PIPELINE_SAMPLE" \
    --master "$SPARK_MASTER_URL" --if-absent
}

cluster_serving_up() {
  export RETRAIN_SPARK_MASTER="${RETRAIN_SPARK_MASTER:-$SPARK_MASTER_URL}"
  local i name port base
  for i in 0 1; do
    name=serving
    ((i > 0)) && name="serving-$((i + 1))"
    port="${SERVING_PORTS[$i]}"
    base="http://127.0.0.1:$port"
    if is_running "$name"; then
      say "$name already running at $base (pid $(running_pid "$name"))"
      continue
    fi
    if [[ $i == 0 ]]; then
      serving_admin_password
      serving_retrain_env
    fi
    say "starting $name on :$port (model from $S3_ENDPOINT, Kafka $KAFKA_BOOTSTRAP_SERVERS, retrains on $RETRAIN_SPARK_MASTER, log $(log_file "$name")) ..."
    serving_start "$name" "$port"
  done
  for i in 0 1; do
    name=serving
    ((i > 0)) && name="serving-$((i + 1))"
    base="http://127.0.0.1:${SERVING_PORTS[$i]}"
    serving_wait_ready "$name" "$base"
    say "$name ready at $base (model $(curl -fsS "$base/api/stats" | jq -r .model_version))"
  done
}

cluster_pipeline_up() {
  local started
  started=$(date +%s)
  say "cluster mode: data under $DATA_DIR"
  s3_up
  cluster_kafka_up
  cluster_spark_up
  cluster_flink_up
  cluster_first_model_up
  cluster_speed_up
  cluster_serving_up
  say "cluster pipeline up in $(($(date +%s) - started))s"
  cluster_pipeline_status
}

# SIGTERM to every named process at once, then waits for each (SIGKILL after the grace period).
cluster_stop_all() {
  local grace="$1" name stopping=()
  shift
  for name in "$@"; do
    if is_running "$name"; then
      kill "$(running_pid "$name")" 2>/dev/null || true
      stopping+=("$name")
    fi
  done
  for name in "$@"; do
    stop_process "$name" "$grace" >/dev/null
  done
  ((${#stopping[@]} == 0)) || say "stopped ${stopping[*]}"
}

cluster_pipeline_down() {
  cluster_stop_all 30 serving serving-2
  # The speed client stops its job with a savepoint, so it goes before the session cluster.
  speed_down
  cluster_stop_all 30 "${CLUSTER_FLINK_TMS[@]}" flink-jobmanager
  cluster_stop_all 20 "${CLUSTER_SPARK_WORKERS[@]}" spark-master
  # All nodes at once: stopped one by one, the last would wait for a quorum that is gone.
  cluster_stop_all 30 "${CLUSTER_KAFKA_NODES[@]}"
  s3_down
}

# status_line with room for the longer process names of cluster mode.
cluster_status_line() {
  local name="$1" detail="$2"
  if is_running "$name"; then
    printf '  %-20s running  pid %-7s %s\n' "$name" "$(running_pid "$name")" "$detail"
  else
    printf '  %-20s stopped\n' "$name"
  fi
}

cluster_pipeline_status() {
  echo "pipeline status, cluster mode (data under $DATA_DIR):"
  cluster_status_line s3 "$S3_ENDPOINT bucket $S3_BUCKET"
  local i
  for i in 1 2 3; do
    cluster_status_line "kafka-$i" "KRaft broker+controller 127.0.0.1:$((9090 + 2 * i)) controller :$((9091 + 2 * i)), log $(log_file "kafka-$i")"
  done
  cluster_status_line spark-master "$SPARK_MASTER_URL, web UI and /json http://127.0.0.1:$SPARK_MASTER_UI_PORT"
  cluster_status_line spark-worker-1 "127.0.0.1:7078, web UI :8082, work dir $DATA_DIR/spark/spark-worker-1"
  cluster_status_line spark-worker-2 "127.0.0.1:7079, web UI :8083, work dir $DATA_DIR/spark/spark-worker-2"
  cluster_status_line flink-jobmanager "REST http://127.0.0.1:$FLINK_REST_PORT, RPC :6123, config $DATA_DIR/flink-conf"
  cluster_status_line flink-taskmanager-1 "2 slots, ports on 127.0.0.1"
  cluster_status_line flink-taskmanager-2 "2 slots, ports on 127.0.0.1"
  cluster_status_line speed "client of the speed-layer job on the session cluster, checkpoints ${SPEED_STATE_PATH:-s3://$S3_BUCKET/speed}, log $(log_file speed)"
  cluster_status_line serving "http://localhost:${SERVING_PORTS[0]}/ log $(log_file serving)"
  cluster_status_line serving-2 "http://localhost:${SERVING_PORTS[1]}/ log $(log_file serving-2)"
  if curl -fsS -o /dev/null "http://127.0.0.1:$SPARK_MASTER_UI_PORT/json/" 2>/dev/null; then
    curl -fsS "http://127.0.0.1:$SPARK_MASTER_UI_PORT/json/" |
      jq -r '"  spark: \(.status), \(.aliveworkers // (.workers | length)) workers, \(.cores) cores, \(.memory) MB; apps running \(.activeapps | length), completed \(.completedapps | length)"'
  fi
  if curl -fsS -o /dev/null "http://127.0.0.1:$FLINK_REST_PORT/overview" 2>/dev/null; then
    curl -fsS "http://127.0.0.1:$FLINK_REST_PORT/jobs/overview" |
      jq -r '.jobs[] | "  flink job \(.name) \(.jid) \(.state) (\(.tasks.total) tasks)"'
  fi
}

# ./pipeline bench cluster-speed: the speed benchmark (speed-layer/src/bench SpeedBenchmark: backlog
# produced with acks=all, a bare KafkaConsumer over it, then the job through it, then latency at a
# fixed rate) against cluster mode's Kafka (3 nodes, RF 3, min ISR 2) and the job submitted to the
# Flink session cluster (2 TaskManagers x 2 slots), once per parallelism in CLUSTER_BENCH_PARALLELISM
# ("1 2 3"). Each round starts a fresh object store, Kafka cluster and Flink cluster under
# $REPO_ROOT/var/bench-cluster-speed/p<N> on cluster mode's ports (so the cluster pipeline must be
# down) and stops them after. Knobs as ./pipeline bench speed: BENCH_EVENTS (here 500000),
# BENCH_USERS, BENCH_RATE, BENCH_LATENCY_SECONDS (here 10). The CPU line of its table is the
# client JVM's (bench threads), not the cluster's.
cluster_speed_bench() {
  local classpath parallelism root="$REPO_ROOT/var/bench-cluster-speed"
  local jar
  [[ "$PIPELINE_MODE" == cluster ]] || die "usage: PIPELINE_MODE=cluster ./pipeline bench cluster-speed"
  jar="$(module_jar speed-layer)"
  classpath="$(speed_bench_classpath)" || exit 1
  # The job jar shipped to the cluster must hold the classes the client builds the job from.
  if [[ ! -f "$jar" || -n "$(find "$REPO_ROOT/speed-layer/src/main" -newer "$jar" -type f -print -quit)" ]]; then
    say "rebuilding the speed job jar (mvn -o -f speed-layer/pom.xml package -DskipTests)"
    (cd "$REPO_ROOT" && mvn -B -q -o -f speed-layer/pom.xml -Dspotless.check.skip=true -DskipTests package) ||
      die "speed job jar did not build"
  fi
  # A private copy of the classes and the jar: a teammate's build in the shared tree (mvn clean,
  # test-compile) must not pull them from under a round.
  local snapshot="$root/classpath"
  rm -rf "$snapshot"
  mkdir -p "$snapshot"
  cp -r "$REPO_ROOT/speed-layer/target/classes" "$snapshot/classes"
  cp -r "$REPO_ROOT/speed-layer/target/test-classes" "$snapshot/test-classes"
  cp "$jar" "$snapshot/speed-layer.jar"
  jar="$snapshot/speed-layer.jar"
  classpath="${classpath//$REPO_ROOT\/speed-layer\/target\/classes/$snapshot/classes}"
  classpath="${classpath//$REPO_ROOT\/speed-layer\/target\/test-classes/$snapshot/test-classes}"
  for parallelism in ${CLUSTER_BENCH_PARALLELISM:-1 2 3}; do
    (
      DATA_DIR="$root/p$parallelism"
      rm -rf "$DATA_DIR"
      mkdir -p "$DATA_DIR"
      export SPEED_STATE_DIR="$DATA_DIR/flink"
      # Stops the round's servers and keeps only its logs (the data of 500,000 events replicated 3
      # times, the archive and checkpoints: ~1.5 GB a round).
      trap 'cluster_stop_all 30 "${CLUSTER_FLINK_TMS[@]}" flink-jobmanager; cluster_stop_all 30 "${CLUSTER_KAFKA_NODES[@]}"; s3_down
        find "$DATA_DIR" -mindepth 1 -maxdepth 1 ! -name bench.log ! -name log -exec rm -rf {} +' EXIT
      local started
      started=$(date +%s)
      say "cluster speed bench, parallelism $parallelism: fresh object store, 3 Kafka nodes and Flink session cluster under $DATA_DIR"
      s3_up
      cluster_kafka_up
      cluster_flink_up
      say "infrastructure up in $(($(date +%s) - started))s; load average $(cut -d' ' -f1-3 /proc/loadavg)"
      # The job's CPU is the TaskManagers' (and the JobManager's): the bench reads it from /proc.
      local pids="" tm
      for tm in "${CLUSTER_FLINK_TMS[@]}" flink-jobmanager; do pids="$pids,$(running_pid "$tm")"; done
      BENCH_JOB_PIDS="$pids" \
      SPEED_FLINK_REST="127.0.0.1:$FLINK_REST_PORT" SPEED_FLINK_JAR="$jar" FLINK_PARALLELISM="$parallelism" \
        BENCH_EVENTS="${BENCH_EVENTS:-500000}" BENCH_LATENCY_SECONDS="${BENCH_LATENCY_SECONDS:-10}" \
        BENCH_CATALOG="${BENCH_CATALOG:-$PIPELINE_DATASET}" \
        java ${SPEED_BENCH_JAVA_OPTS:--Xmx1g} -Dlog4j2.configurationFile=log4j2.properties \
        -cp "$classpath" org.lambdamusic.speed.bench.SpeedBenchmark 2>&1 | tee "$DATA_DIR/bench.log" |
        grep -E '^\||bench (produced|bare|job|backlog)'
      say "load average after: $(cut -d' ' -f1-3 /proc/loadavg)"
    ) || say "round with parallelism $parallelism failed (log: $root/p$parallelism/bench.log)"
  done
}
