package org.lambdamusic.speed.job;

import org.apache.flink.connector.base.DeliveryGuarantee;
import org.apache.flink.connector.kafka.sink.KafkaRecordSerializationSchema;
import org.apache.flink.connector.kafka.sink.KafkaSink;
import org.apache.flink.connector.kafka.source.KafkaSource;
import org.apache.flink.connector.kafka.source.enumerator.initializer.OffsetsInitializer;
import org.lambdamusic.contracts.Topics;
import org.lambdamusic.contracts.interaction.DeadLetter;
import org.lambdamusic.contracts.view.TrendingView;
import org.lambdamusic.speed.profile.ProfileUpdate;
import org.lambdamusic.speed.validation.RawEventDeserializer;

/** The production source and sinks: the contracts' topics on the configured Kafka cluster. */
public final class KafkaEndpoints {
    private KafkaEndpoints() {}

    /**
     * Raw payloads of {@code user-interactions}. Without restored state the job starts from the
     * earliest offset, so a first start (or a start with the state folder wiped) rebuilds the views
     * from the whole retained topic; after a restore the checkpointed offsets win. Offsets are
     * committed to the group on checkpoints only for monitoring lag.
     */
    public static KafkaSource<byte[]> interactions(String bootstrapServers, String group) {
        return KafkaSource.<byte[]>builder()
                .setBootstrapServers(bootstrapServers)
                .setTopics(Topics.USER_INTERACTIONS)
                .setGroupId(group)
                .setStartingOffsets(OffsetsInitializer.earliest())
                .setDeserializer(new RawEventDeserializer())
                .setProperty("commit.offsets.on.checkpoint", "true")
                .setProperty("partition.discovery.interval.ms", "60000")
                .build();
    }

    public static KafkaSink<DeadLetter> deadLetters(String bootstrapServers) {
        return sink(bootstrapServers, KeyedJsonRecords.unkeyed(Topics.USER_INTERACTIONS_DLQ));
    }

    /** Views arrive as JSON already (written by the history operator from its state). */
    public static KafkaSink<ProfileUpdate> profiles(String bootstrapServers) {
        return sink(bootstrapServers, new ProfileRecords(Topics.USER_PROFILES));
    }

    public static KafkaSink<TrendingView> trending(String bootstrapServers) {
        return sink(
                bootstrapServers,
                KeyedJsonRecords.keyed(Topics.TRENDING_TRACKS, view -> Topics.TRENDING_KEY));
    }

    /**
     * At-least-once: records are visible as soon as they are sent, and flushed before a checkpoint
     * completes. The views are upserts, so a record re-sent after a restore is harmless; an
     * exactly-once (transactional) sink would hold every view back until the next checkpoint.
     */
    private static <T> KafkaSink<T> sink(
            String bootstrapServers, KafkaRecordSerializationSchema<T> records) {
        return KafkaSink.<T>builder()
                .setBootstrapServers(bootstrapServers)
                .setRecordSerializer(records)
                .setDeliveryGuarantee(DeliveryGuarantee.AT_LEAST_ONCE)
                .setProperty("linger.ms", "5")
                .setProperty("batch.size", "262144")
                .setProperty("compression.type", "lz4")
                .build();
    }
}
