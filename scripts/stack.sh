#!/usr/bin/env bash
# The embedded infrastructure (S3-compatible store, Kafka broker) and the whole-pipeline commands.

s3_up() {
  if is_running s3; then
    say "object store already running at $S3_ENDPOINT (pid $(running_pid s3))"
    return
  fi
  say "starting object store (s3proxy, files under $DATA_DIR/s3) at $S3_ENDPOINT ..."
  localstack_cli start s3 --data "$DATA_DIR" | sed 's/^/  /'
}

kafka_up() {
  if is_running kafka; then
    say "Kafka already running at $KAFKA_BOOTSTRAP_SERVERS (pid $(running_pid kafka))"
    return
  fi
  say "starting Kafka (KRaft, data under $DATA_DIR/kafka) at $KAFKA_BOOTSTRAP_SERVERS ..."
  localstack_cli start kafka --data "$DATA_DIR" | sed 's/^/  /'
}

s3_down() { stop_process s3 10; }
kafka_down() { stop_process kafka 30; }

# Publishes a first model when the store serves none of the requested sample (PIPELINE_SAMPLE:
# 4832 tracks with a dense matrix, or all for the full catalogue with top-K neighbours), so the
# serving layer has something to load.
first_model_up() {
  require_function batch_run
  say "ensuring a model of sample $PIPELINE_SAMPLE exists in s3://$S3_BUCKET/models (batch job runs only if LATEST serves another) ..."
  batch_run --input "$PIPELINE_DATASET" --output "s3://$S3_BUCKET/models" --sample "$PIPELINE_SAMPLE" --if-absent
}

pipeline_up() {
  local started
  started=$(date +%s)
  s3_up
  kafka_up
  first_model_up
  if declare -F speed_up >/dev/null; then speed_up; fi
  if declare -F serving_up >/dev/null; then serving_up; fi
  say "pipeline up in $(($(date +%s) - started))s"
  pipeline_status
}

pipeline_down() {
  if declare -F serving_down >/dev/null; then serving_down; fi
  if declare -F speed_down >/dev/null; then speed_down; fi
  # A retrain loop left running by an older checkout (retraining now lives in the serving layer).
  stop_process retrain 5
  kafka_down
  s3_down
}

pipeline_status() {
  echo "pipeline status (data under $DATA_DIR):"
  status_line s3 "$S3_ENDPOINT bucket $S3_BUCKET"
  status_line kafka "$KAFKA_BOOTSTRAP_SERVERS"
  if declare -F speed_status >/dev/null; then speed_status; fi
  if declare -F serving_status >/dev/null; then serving_status; fi
  cat <<INFO
inspect the models:
  AWS_ACCESS_KEY_ID=$S3_ACCESS_KEY AWS_SECRET_ACCESS_KEY=$S3_SECRET_KEY aws --region $S3_REGION --endpoint-url $S3_ENDPOINT s3 ls --recursive s3://$S3_BUCKET/models/
INFO
}

# ./pipeline replay lastfm [...]: the Last.fm listeners into user-interactions (local-stack's
# ReplayCommand), with Kafka's client and the S3 client on the launcher's classpath.
replay_run() {
  local source="${1:-}"
  [[ "$source" == lastfm ]] || die "usage: ./pipeline replay lastfm [--dataset DIR] [--catalog URI] [--rate EVENTS_PER_S] [--users N] [--dry-run]"
  java -cp "$(module_jar local-stack):$(module_jar contracts):$LOCALSTACK_RUNTIME/cli/*:$LOCALSTACK_RUNTIME/kafka/*:$LOCALSTACK_RUNTIME/s3-client/*" \
    org.lambdamusic.localstack.LocalStackCli replay "$@"
}
