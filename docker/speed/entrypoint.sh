#!/usr/bin/env bash
# The speed image's commands, those of ./pipeline's cluster mode (scripts/cluster.sh):
#   jobmanager    Flink session cluster entry point (RPC :6123, blob :6124, REST :8081)
#   taskmanager   a TaskManager with FLINK_TASKMANAGER_SLOTS slots (default 2) registering with
#                 FLINK_JOBMANAGER_HOST (default flink-jobmanager)
#   submit        the speed job's client, SpeedLayerMain with SPEED_FLINK_REST=<jobmanager>:8081: it
#                 creates nothing it need not, finds the restore point under SPEED_STATE_PATH (its
#                 own lookup, through Flink's file systems: s3 too), submits the job jar to the
#                 session cluster and stays attached; SIGTERM stops the job with a savepoint
#                 (speed-layer/README.md).
#   reset-state   ./pipeline reset speed's deletion: StateReset deletes SPEED_STATE_PATH (checkpoints
#                 and savepoints); run it only while no speed job runs (docker/README.md, Operating).
# The job is configured exactly as in ./pipeline: KAFKA_BOOTSTRAP_SERVERS, S3_*, FEEDBACK_*, SPEED_*,
# FLINK_PARALLELISM. The JobManager and TaskManagers get Flink's config.yaml, written here at start.
set -euo pipefail

# The speed job's checkpoints (<path>/checkpoints) and savepoints (<path>/savepoints): the object
# store by default, s3://$S3_BUCKET/speed as in cluster mode, which the JobManager, every TaskManager
# and the client reach from any host. Exported, so the client (SpeedLayerMain, StateReset) looks up
# and deletes exactly what the cluster's config.yaml below writes to. A file:// path (or a path
# without a scheme, local as in SpeedSettings) works only on storage every container mounts.
state_path="${SPEED_STATE_PATH:-s3://${S3_BUCKET:-recommender}/speed}"
case "$state_path" in
  *://*) ;;
  /*) state_path="file://$state_path" ;;
  *) state_path="file://$PWD/$state_path" ;;
esac
export SPEED_STATE_PATH="${state_path%/}"

conf=/opt/speed/conf
jobmanager_host="${FLINK_JOBMANAGER_HOST:-flink-jobmanager}"
slots="${FLINK_TASKMANAGER_SLOTS:-2}"
own_address="$(hostname -i | awk '{print $1}')"
# Where the JobManager's and TaskManagers' listeners bind (RPC, BLOB server, data ports, REST): every
# interface of the container by default, as the other containers reach them through the compose
# network (FLINK_BIND_HOST=127.0.0.1 would cut them off); published to the host is only what
# docker-compose.yml maps. The embedded job (./pipeline up) binds all of them to 127.0.0.1.
bind_host="${FLINK_BIND_HOST:-0.0.0.0}"
classpath="/opt/speed/lib/*"
logging="-Dlog4j.configurationFile=file://$conf/log4j2.properties"

# The cluster reads and writes the object store (archive files) through Flink's S3 file system,
# configured from the same S3_* variables the job uses; snapshots go under SPEED_STATE_PATH (the
# job sets the same folders itself; these are the cluster's defaults, e.g. for a savepoint taken
# through the REST API without a target). The TaskManager memory is set component by component:
# without Flink's distribution scripts nothing computes it.
write_config() {
  cat >"$conf/config.yaml" <<YAML
jobmanager.rpc.address: $jobmanager_host
jobmanager.rpc.port: 6123
jobmanager.bind-host: $bind_host
rest.address: $jobmanager_host
rest.port: 8081
rest.bind-address: $bind_host
blob.server.port: 6124
taskmanager.host: $own_address
taskmanager.bind-host: $bind_host
taskmanager.rpc.port: 6122
taskmanager.numberOfTaskSlots: $slots
taskmanager.cpu.cores: $slots
taskmanager.memory.framework.heap.size: 128m
taskmanager.memory.task.heap.size: 768m
taskmanager.memory.managed.size: 64m
taskmanager.memory.framework.off-heap.size: 128m
taskmanager.memory.task.off-heap.size: 0m
taskmanager.memory.network.min: 64m
taskmanager.memory.network.max: 64m
taskmanager.memory.jvm-metaspace.size: 256m
taskmanager.memory.jvm-overhead.min: 192m
taskmanager.memory.jvm-overhead.max: 192m
parallelism.default: 1
io.tmp.dirs: /tmp
state.checkpoints.dir: "$SPEED_STATE_PATH/checkpoints"
state.savepoints.dir: "$SPEED_STATE_PATH/savepoints"
s3.endpoint: "${S3_ENDPOINT:-http://127.0.0.1:9000}"
s3.path.style.access: true
s3.endpoint.region: "${S3_REGION:-us-east-1}"
s3.access-key: "${S3_ACCESS_KEY:-recommender}"
s3.secret-key: "${S3_SECRET_KEY:-recommender-secret}"
YAML
  chmod 600 "$conf/config.yaml"
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
}

# A speed-layer job left running by a client container that died without stopping it is cancelled
# (as cluster mode does): two jobs would archive every event twice. Its retained checkpoint under
# SPEED_STATE_PATH is where the new submission resumes.
cancel_stray_jobs() {
  local rest="http://${SPEED_FLINK_REST:?SPEED_FLINK_REST=<jobmanager>:8081 is needed}" id waited
  for id in $(curl -fsS "$rest/jobs/overview" | jq -r '.jobs[]
      | select(.name == "speed-layer" and (.state | IN("INITIALIZING", "CREATED", "RUNNING", "RESTARTING", "RECONCILING")))
      | .jid'); do
    echo "cancelling speed-layer job $id left on the session cluster by a client that is gone" >&2
    curl -fsS -X PATCH "$rest/jobs/$id?mode=cancel" >/dev/null || true
    waited=0
    while [[ "$(curl -fsS "$rest/jobs/$id" | jq -r .state)" != CANCELED ]] && ((waited < 600)); do
      sleep 0.1
      waited=$((waited + 1))
    done
  done
}

command="${1:-taskmanager}"
shift || true
case "$command" in
  jobmanager)
    write_config
    exec java -Xms512m -Xmx768m "$logging" -cp "$classpath" \
      org.apache.flink.runtime.entrypoint.StandaloneSessionClusterEntrypoint --configDir "$conf"
    ;;
  taskmanager)
    write_config
    # Heap = framework + task heap, direct = framework + task off-heap + network (config above).
    exec java -Xms896m -Xmx896m -XX:MaxDirectMemorySize=192m -XX:MaxMetaspaceSize=256m "$logging" \
      -cp "$classpath" org.apache.flink.runtime.taskexecutor.TaskManagerRunner --configDir "$conf"
    ;;
  submit)
    cancel_stray_jobs
    # shellcheck disable=SC2086  # SPEED_JAVA_OPTS is a list of JVM flags, as in scripts/speed.sh
    exec java ${SPEED_JAVA_OPTS:--Xmx512m} -cp "/opt/speed/speed-layer.jar:$classpath" \
      org.lambdamusic.speed.SpeedLayerMain
    ;;
  reset-state)
    # shellcheck disable=SC2086
    exec java ${SPEED_JAVA_OPTS:--Xmx512m} -cp "/opt/speed/speed-layer.jar:$classpath" \
      org.lambdamusic.speed.job.StateReset
    ;;
  *)
    echo "usage: jobmanager | taskmanager | submit | reset-state" >&2
    exit 2
    ;;
esac
