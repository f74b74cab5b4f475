#!/usr/bin/env bash
# The speed image's commands, those of ./pipeline's cluster mode (local-stack FlinkSession, SpeedJob):
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
# FLINK_PARALLELISM. The JobManager and TaskManagers get Flink's config.yaml, written at start by
# contracts' FlinkSessionConfig.
set -euo pipefail

conf=/opt/speed/conf
classpath="/opt/speed/lib/*"
logging="-Dlog4j.configurationFile=file://$conf/log4j2.properties"

# The Flink configuration (config.yaml, logging, the daemons' JVM flags) is written by contracts'
# FlinkSessionConfig, the one definition cluster mode (./pipeline) uses too, from this container's
# environment: FLINK_JOBMANAGER_HOST (flink-jobmanager), FLINK_BIND_HOST (0.0.0.0: the other
# containers reach the listeners through the compose network; published is only what
# docker-compose.yml maps), FLINK_TASKMANAGER_SLOTS (2), FLINK_TASKMANAGER_TASK_HEAP, S3_*, and
# SPEED_STATE_PATH (default s3://$S3_BUCKET/speed: the JobManager, every TaskManager and the client
# reach the object store from any host; a file:// path only on storage every container mounts).
write_config() {
  java -cp "$classpath" org.lambdamusic.contracts.deploy.FlinkSessionConfig "$conf"
}

# The client (SpeedLayerMain, StateReset) looks up and deletes exactly where the cluster's
# config.yaml writes snapshots: the same state path, read by the same code.
export_state_path() {
  SPEED_STATE_PATH="$(java -cp "$classpath" org.lambdamusic.contracts.deploy.FlinkSessionConfig --state-path)"
  export SPEED_STATE_PATH
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
    # shellcheck disable=SC2046  # the JVM flags FlinkSessionConfig wrote, one word each
    exec java $(cat "$conf/jobmanager.jvm-options") "$logging" -cp "$classpath" \
      org.apache.flink.runtime.entrypoint.StandaloneSessionClusterEntrypoint --configDir "$conf"
    ;;
  taskmanager)
    write_config
    # shellcheck disable=SC2046  # heap and direct memory follow from the TaskManager's components
    exec java $(cat "$conf/taskmanager.jvm-options") "$logging" \
      -cp "$classpath" org.apache.flink.runtime.taskexecutor.TaskManagerRunner --configDir "$conf"
    ;;
  submit)
    export_state_path
    cancel_stray_jobs
    # shellcheck disable=SC2086  # SPEED_JAVA_OPTS is a list of JVM flags, as in ./pipeline
    exec java ${SPEED_JAVA_OPTS:--Xmx512m} -cp "/opt/speed/speed-layer.jar:$classpath" \
      org.lambdamusic.speed.SpeedLayerMain
    ;;
  reset-state)
    export_state_path
    # shellcheck disable=SC2086
    exec java ${SPEED_JAVA_OPTS:--Xmx512m} -cp "/opt/speed/speed-layer.jar:$classpath" \
      org.lambdamusic.speed.job.StateReset
    ;;
  *)
    echo "usage: jobmanager | taskmanager | submit | reset-state" >&2
    exit 2
    ;;
esac
