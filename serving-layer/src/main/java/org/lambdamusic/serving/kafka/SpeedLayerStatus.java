package org.lambdamusic.serving.kafka;

import com.fasterxml.jackson.databind.PropertyNamingStrategies;
import com.fasterxml.jackson.databind.annotation.JsonNaming;
import java.time.Instant;

/**
 * The speed job as seen from Kafka: its consumer group's committed offsets on user-interactions
 * against the topic's end offsets.
 *
 * @param status UP, WARNING (no commits at all, or stalled while behind) or UNKNOWN (Kafka not
 *     reachable)
 * @param reason running, idle (no lag), stalled, no_commits, kafka_unavailable, error
 * @param group the consumer group
 * @param groupState Kafka's state of the group; EMPTY is normal: Flink's KafkaSource assigns its
 *     partitions itself and only commits (on checkpoints), it never joins the group
 * @param members group members (0 for Flink's source, see above)
 * @param lag end offsets minus committed offsets, summed over the partitions; null when unknown
 * @param committed committed offsets summed over the partitions; null when unknown
 * @param lastProgressAt when the committed offsets were last seen moving (or first read)
 * @param secondsSinceProgress since then
 */
@JsonNaming(PropertyNamingStrategies.SnakeCaseStrategy.class)
public record SpeedLayerStatus(
        String status,
        String reason,
        String group,
        String groupState,
        int members,
        Long lag,
        Long committed,
        Instant lastProgressAt,
        Long secondsSinceProgress) {}
