package org.lambdamusic.serving.kafka;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.ConsumerGroupDescription;
import org.apache.kafka.clients.admin.ListOffsetsResult;
import org.apache.kafka.clients.admin.OffsetSpec;
import org.apache.kafka.clients.admin.TopicDescription;
import org.apache.kafka.clients.consumer.OffsetAndMetadata;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.errors.GroupIdNotFoundException;
import org.lambdamusic.contracts.Topics;
import org.springframework.beans.factory.DisposableBean;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.stereotype.Component;

/**
 * Reads the speed job's progress with the Kafka AdminClient: the committed offsets of its consumer
 * group (SPEED_CONSUMER_GROUP) on user-interactions, the topic's end offsets, and when the commits
 * last moved. Flink's KafkaSource commits on every completed checkpoint, so offsets that stand
 * still for {@code stallAfter} while there is lag mean the job is down or stuck. A reading is
 * reused for {@code refresh}, so health checks and the web UI's stats polls cost the broker little.
 */
@Component
public class SpeedLayerProgress implements DisposableBean {
    private final KafkaClients clients;
    private final BrokerConnection connection;
    private final SpeedProperties properties;
    private final Clock clock;
    private Admin admin;
    private SpeedLayerStatus cached;
    private Instant cachedAt = Instant.MIN;
    private Map<TopicPartition, Long> lastCommitted;
    private Instant lastProgress;

    @Autowired
    public SpeedLayerProgress(
            KafkaClients clients, BrokerConnection connection, SpeedProperties properties) {
        this(clients, connection, properties, Clock.systemUTC());
    }

    SpeedLayerProgress(
            KafkaClients clients,
            BrokerConnection connection,
            SpeedProperties properties,
            Clock clock) {
        this.clients = clients;
        this.connection = connection;
        this.properties = properties;
        this.clock = clock;
    }

    public synchronized SpeedLayerStatus status() {
        Instant now = clock.instant();
        if (cached != null && cachedAt.plus(properties.refresh()).isAfter(now)) {
            return cached;
        }
        cached = read(now);
        cachedAt = now;
        return cached;
    }

    private SpeedLayerStatus read(Instant now) {
        String group = properties.consumerGroup();
        if (!connection.isConnected()) {
            return new SpeedLayerStatus(
                    "UNKNOWN", "kafka_unavailable", group, null, 0, null, null, lastProgress, null);
        }
        long timeoutMs = clients.properties().probeTimeout().toMillis();
        try {
            if (admin == null) {
                admin = clients.admin("speed-progress");
            }
            ConsumerGroupDescription description;
            try {
                description =
                        admin.describeConsumerGroups(List.of(group))
                                .all()
                                .get(timeoutMs, TimeUnit.MILLISECONDS)
                                .get(group);
            } catch (ExecutionException e) {
                if (!(e.getCause() instanceof GroupIdNotFoundException)) {
                    throw e;
                }
                description = null; // never committed on this broker (new group coordinator)
            }
            Map<TopicPartition, OffsetAndMetadata> offsets;
            try {
                offsets =
                        admin.listConsumerGroupOffsets(group)
                                .partitionsToOffsetAndMetadata()
                                .get(timeoutMs, TimeUnit.MILLISECONDS);
            } catch (ExecutionException e) {
                if (!(e.getCause() instanceof GroupIdNotFoundException)) {
                    throw e;
                }
                offsets = Map.of();
            }
            TopicDescription topic =
                    admin.describeTopics(List.of(Topics.USER_INTERACTIONS))
                            .allTopicNames()
                            .get(timeoutMs, TimeUnit.MILLISECONDS)
                            .get(Topics.USER_INTERACTIONS);
            Map<TopicPartition, OffsetSpec> latest = new HashMap<>();
            topic.partitions()
                    .forEach(
                            p ->
                                    latest.put(
                                            new TopicPartition(
                                                    Topics.USER_INTERACTIONS, p.partition()),
                                            OffsetSpec.latest()));
            Map<TopicPartition, ListOffsetsResult.ListOffsetsResultInfo> ends =
                    admin.listOffsets(latest).all().get(timeoutMs, TimeUnit.MILLISECONDS);
            Map<TopicPartition, Long> committed = new HashMap<>();
            offsets.forEach(
                    (partition, offset) -> {
                        if (offset != null && partition.topic().equals(Topics.USER_INTERACTIONS)) {
                            committed.put(partition, offset.offset());
                        }
                    });
            long lag = 0;
            long committedSum = 0;
            for (Map.Entry<TopicPartition, ListOffsetsResult.ListOffsetsResultInfo> end :
                    ends.entrySet()) {
                long at = committed.getOrDefault(end.getKey(), 0L);
                committedSum += at;
                lag += Math.max(0, end.getValue().offset() - at);
            }
            if (lastProgress == null || !committed.equals(lastCommitted)) {
                lastProgress = now;
                lastCommitted = committed;
            }
            long since = Duration.between(lastProgress, now).toSeconds();
            String groupState = description == null ? "DEAD" : String.valueOf(description.state());
            int members = description == null ? 0 : description.members().size();
            String status;
            String reason;
            if (committed.isEmpty() && members == 0) {
                status = "WARNING";
                reason = "no_commits";
            } else if (lag > 0
                    && Duration.between(lastProgress, now).compareTo(properties.stallAfter())
                            >= 0) {
                status = "WARNING";
                reason = "stalled";
            } else {
                status = "UP";
                reason = lag > 0 ? "running" : "idle";
            }
            return new SpeedLayerStatus(
                    status,
                    reason,
                    group,
                    groupState,
                    members,
                    lag,
                    committedSum,
                    lastProgress,
                    since);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return error(group);
        } catch (Exception e) {
            return error(group);
        }
    }

    private SpeedLayerStatus error(String group) {
        return new SpeedLayerStatus(
                "UNKNOWN", "error", group, null, 0, null, null, lastProgress, null);
    }

    @Override
    public synchronized void destroy() {
        if (admin != null) {
            admin.close(Duration.ofSeconds(1));
        }
    }
}
