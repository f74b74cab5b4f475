#!/usr/bin/env bash
# The batch image's commands:
#   master                       Spark standalone master on :7077 (web UI and /json on :8080)
#   worker                       Spark worker registering with SPARK_MASTER (cores: SPARK_WORKER_CORES,
#                                memory: SPARK_WORKER_MEMORY, both read by Spark itself)
#   job <BatchJobMain options>   the batch job through spark-submit on SPARK_MASTER (./pipeline batch)
# SPARK_LOCAL_IP defaults to this container's address: executors on other hosts connect back to the
# driver and the workers at the address each one advertises, so it must not be 127.0.0.1.
set -euo pipefail

export SPARK_LOCAL_IP="${SPARK_LOCAL_IP:-$(hostname -i | awk '{print $1}')}"
master_url="${SPARK_MASTER:-spark://spark-master:7077}"
classpath="$SPARK_HOME/jars/*"

command="${1:-worker}"
shift || true
case "$command" in
  master)
    # shellcheck disable=SC2086
    exec java ${BATCH_JAVA_OPTS:--Xmx512m} -cp "$classpath" org.apache.spark.deploy.master.Master \
      --host "$(hostname)" --port 7077 --webui-port 8080
    ;;
  worker)
    # shellcheck disable=SC2086
    exec java -Xmx512m -cp "$classpath" org.apache.spark.deploy.worker.Worker \
      --host "$SPARK_LOCAL_IP" --webui-port 8081 --work-dir "$SPARK_WORKER_DIR" "$master_url"
    ;;
  job)
    # The driver's heap as ./pipeline batch gives it (BATCH_JAVA_OPTS, default -Xmx3g).
    export SPARK_SUBMIT_OPTS="${BATCH_JAVA_OPTS:--Xmx3g}"
    exec "$SPARK_HOME/bin/spark-submit" --master "$master_url" \
      --class org.lambdamusic.batch.BatchJobMain /opt/batch/batch-layer.jar \
      --master "$master_url" "$@"
    ;;
  *)
    echo "usage: master | worker | job <BatchJobMain options>" >&2
    exit 2
    ;;
esac
