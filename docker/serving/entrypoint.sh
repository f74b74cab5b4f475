#!/usr/bin/env bash
# Starts the serving layer as ./pipeline does (local-stack Serving): the fat jar with
# SERVING_JAVA_OPTS. SPARK_LOCAL_IP defaults to this container's address: a retrain run's driver
# runs here (SparkLauncher passes SPARK_LOCAL_IP on) and the executors on the Spark workers must
# reach it, so the 127.0.0.1 that ./pipeline uses would not do.
set -euo pipefail
export SPARK_LOCAL_IP="${SPARK_LOCAL_IP:-$(hostname -i | awk '{print $1}')}"
# shellcheck disable=SC2086  # SERVING_JAVA_OPTS is a list of JVM flags
exec java ${SERVING_JAVA_OPTS:--Xms512m -Xmx1g} -jar /opt/serving/serving-layer.jar "$@"
