#!/usr/bin/env bash
# The speed image's commands:
#   jobmanager    Flink session cluster entry point (RPC :6123, REST :8081)
#   taskmanager   a TaskManager with FLINK_TASKMANAGER_SLOTS slots (default 2) registering with
#                 FLINK_JOBMANAGER_HOST (default flink-jobmanager)
#   submit        `flink run` of the speed job on that cluster, attached: the job's main runs here
#                 (SpeedLayerMain: topics, restore point under SPEED_STATE_DIR, start offsets) and
#                 stops the job with a savepoint when this container gets SIGTERM.
# Each writes $FLINK_CONF_DIR/config.yaml first. The job itself is configured exactly as in
# ./pipeline: KAFKA_BOOTSTRAP_SERVERS, S3_*, FEEDBACK_*, SPEED_*, FLINK_PARALLELISM (speed-layer/README.md).
set -euo pipefail

jobmanager_host="${FLINK_JOBMANAGER_HOST:-flink-jobmanager}"
slots="${FLINK_TASKMANAGER_SLOTS:-2}"
own_address="$(hostname -i | awk '{print $1}')"
classpath="/opt/speed/lib/*"

# The cluster reads the object store (archive files, the watermark; checkpoints when SPEED_STATE_DIR
# is shared storage) through Flink's S3 file system, configured here from the same S3_* variables the
# job uses (in ./pipeline the job's MiniCluster gets them from SpeedLayerEnvironment). The TaskManager
# memory is set component by component: without Flink's distribution scripts nothing computes it.
write_config() {
  local endpoint="${S3_ENDPOINT:-http://127.0.0.1:9000}"
  cat >"$FLINK_CONF_DIR/config.yaml" <<YAML
jobmanager.rpc.address: $jobmanager_host
jobmanager.rpc.port: 6123
jobmanager.bind-host: 0.0.0.0
jobmanager.memory.process.size: 1024m
rest.address: $jobmanager_host
rest.port: 8081
rest.bind-address: 0.0.0.0
blob.server.port: 6124
taskmanager.bind-host: 0.0.0.0
taskmanager.host: $own_address
taskmanager.rpc.port: 6122
taskmanager.numberOfTaskSlots: $slots
taskmanager.cpu.cores: $slots
taskmanager.memory.framework.heap.size: 128m
taskmanager.memory.task.heap.size: 768m
taskmanager.memory.managed.size: 128m
taskmanager.memory.framework.off-heap.size: 128m
taskmanager.memory.task.off-heap.size: 0m
taskmanager.memory.network.min: 64m
taskmanager.memory.network.max: 64m
taskmanager.memory.jvm-metaspace.size: 256m
taskmanager.memory.jvm-overhead.min: 192m
taskmanager.memory.jvm-overhead.max: 192m
s3.endpoint: "$endpoint"
s3.path.style.access: true
s3.endpoint.region: "${S3_REGION:-us-east-1}"
s3.access-key: "${S3_ACCESS_KEY:-recommender}"
s3.secret-key: "${S3_SECRET_KEY:-recommender-secret}"
YAML
  chmod 600 "$FLINK_CONF_DIR/config.yaml"
}

command="${1:-taskmanager}"
shift || true
write_config
case "$command" in
  jobmanager)
    exec java -Xmx768m -cp "$classpath" \
      org.apache.flink.runtime.entrypoint.StandaloneSessionClusterEntrypoint --configDir "$FLINK_CONF_DIR"
    ;;
  taskmanager)
    # Heap = framework + task heap, direct = framework + task off-heap + network (config above).
    exec java -Xmx896m -Xms896m -XX:MaxDirectMemorySize=192m -XX:MaxMetaspaceSize=256m -cp "$classpath" \
      org.apache.flink.runtime.taskexecutor.TaskManagerRunner --configDir "$FLINK_CONF_DIR"
    ;;
  submit)
    # One speed job per cluster: a second one would archive every event twice. A job left running by
    # an earlier submit container (that one died without stopping it) must be stopped first.
    overview="$(curl -fsS "http://$jobmanager_host:8081/jobs/overview")"
    running="$(sed 's/{"jid"/\n{"jid"/g' <<<"$overview" | grep '"name":"speed-layer"' |
      grep -E '"state":"(INITIALIZING|CREATED|RUNNING|RESTARTING|RECONCILING|FAILING|CANCELLING)"' |
      grep -o '"jid":"[0-9a-f]*"' || true)"
    if [[ -n "$running" ]]; then
      echo "a speed-layer job already runs on $jobmanager_host: $running" >&2
      echo "stop it with a savepoint first: curl -X POST -H 'Content-Type: application/json' -d '{\"drain\":false}' http://$jobmanager_host:8081/jobs/<jid>/stop" >&2
      exit 1
    fi
    # shellcheck disable=SC2086  # SPEED_JAVA_OPTS is a list of JVM flags, as in scripts/speed.sh
    exec java ${SPEED_JAVA_OPTS:--Xmx512m} -cp "/opt/speed/speed-layer.jar:$classpath" \
      org.apache.flink.client.cli.CliFrontend run -c org.lambdamusic.speed.SpeedLayerMain \
      /opt/speed/speed-layer.jar "$@"
    ;;
  *)
    echo "usage: jobmanager | taskmanager | submit" >&2
    exit 2
    ;;
esac
