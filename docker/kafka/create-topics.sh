#!/usr/bin/env bash
# One-shot: creates the contract topics (contracts Topics.ALL, the settings local-stack's
# TopicProvisioner uses) on the three brokers, replicated 3 times with min.insync.replicas 2, so a
# write acknowledged with acks=all survives the loss of one broker and the topics stay writable
# while one broker is down. Existing topics are left as they are (--if-not-exists).
# Run with the apache/kafka image; KAFKA_BOOTSTRAP_SERVERS names the brokers.
set -euo pipefail

replication=3
min_insync=2
seven_days_ms=604800000

create() { # name partitions config...
  local name="$1" partitions="$2"
  shift 2
  local configs=(--config "min.insync.replicas=$min_insync")
  for config in "$@"; do configs+=(--config "$config"); done
  /opt/kafka/bin/kafka-topics.sh --bootstrap-server "$KAFKA_BOOTSTRAP_SERVERS" --create --if-not-exists \
    --topic "$name" --partitions "$partitions" --replication-factor "$replication" "${configs[@]}"
}

# DockerDeploymentTest checks these four lines against Topics.ALL.
create user-interactions 3 retention.ms=$seven_days_ms cleanup.policy=delete
create user-interactions-dlq 1 retention.ms=$seven_days_ms cleanup.policy=delete
create user-profiles 3 cleanup.policy=compact
create trending-tracks 1 cleanup.policy=compact

/opt/kafka/bin/kafka-topics.sh --bootstrap-server "$KAFKA_BOOTSTRAP_SERVERS" --describe \
  --topic 'user-interactions|user-interactions-dlq|user-profiles|trending-tracks'
