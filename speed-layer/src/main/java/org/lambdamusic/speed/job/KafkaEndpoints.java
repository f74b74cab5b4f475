package org.lambdamusic.speed.job;

import org.apache.flink.connector.base.DeliveryGuarantee;
import org.apache.flink.connector.kafka.sink.KafkaRecordSerializationSchema;
import org.apache.flink.connector.kafka.sink.KafkaSink;
import org.apache.flink.connector.kafka.source.KafkaSource;
import org.apache.flink.connector.kafka.source.enumerator.initializer.OffsetsInitializer;
import org.lambdamusic.contracts.Topics;
import org.lambdamusic.contracts.interaction.DeadLetter;
import org.lambdamusic.contracts.trace.TraceParent;
import org.lambdamusic.contracts.view.TrendingView;
import org.lambdamusic.speed.profile.ProfileUpdate;
import org.lambdamusic.speed.validation.ConsumedRecord;
import org.lambdamusic.speed.validation.EventDeserializer;

/** The production source and sinks: the contracts' topics on the configured Kafka cluster. */
public final class KafkaEndpoints {
    private KafkaEndpoints() {}

    /**
     * The records of {@code user-interactions}, each decoded once in the source ({@link
     * EventDeserializer}: the event, or the reason it is none). {@code start} applies only without
     * restored state (after the served watermark, {@link WatermarkOffsets}, or the earliest
     * offset); after a restore the checkpointed offsets win. Offsets are committed to the group on
     * checkpoints only for monitoring lag; the job never starts from them.
     */
    public static KafkaSource<ConsumedRecord> interactions(
            SpeedSettings settings, OffsetsInitializer start) {
        return KafkaSource.<ConsumedRecord>builder()
                .setBootstrapServers(settings.kafka().bootstrapServers())
                .setTopics(Topics.USER_INTERACTIONS)
                .setGroupId(settings.consumerGroup())
                .setStartingOffsets(start)
                .setDeserializer(
                        new EventDeserializer(
                                settings.maxEventBytes(), settings.maxFutureSkew().toMillis()))
                .setProperty("commit.offsets.on.checkpoint", "true")
                .setProperty("partition.discovery.interval.ms", "60000")
                .build();
    }

    public static KafkaSink<DeadLetter> deadLetters(String bootstrapServers) {
        return sink(
                bootstrapServers,
                KeyedJsonRecords.<DeadLetter>unkeyed(Topics.USER_INTERACTIONS_DLQ)
                        .withTraceParent(KafkaEndpoints::deadLetterTrace));
    }

    /**
     * Views arrive as JSON already (written by the log operator from its state). A view holds the
     * user's whole log: up to {@code SPEED_LOG_MAX_EVENTS} events of ~160 bytes (UUID event ids),
     * 1.6 MB at the default 10,000, so the producer accepts records up to {@link #MAX_VIEW_BYTES};
     * the broker checks the lz4-compressed batch (~0.76 MB for such a view) against its own limit
     * (1 MB by default).
     */
    public static KafkaSink<ProfileUpdate> profiles(String bootstrapServers) {
        return KafkaSink.<ProfileUpdate>builder()
                .setBootstrapServers(bootstrapServers)
                .setRecordSerializer(new ProfileRecords(Topics.USER_PROFILES))
                .setDeliveryGuarantee(DeliveryGuarantee.AT_LEAST_ONCE)
                .setProperty("linger.ms", "5")
                .setProperty("batch.size", "262144")
                .setProperty("compression.type", "lz4")
                .setProperty("max.request.size", Integer.toString(MAX_VIEW_BYTES))
                .build();
    }

    /** A dead letter's {@code traceparent}: a new span of the trace its record came with. */
    static String deadLetterTrace(DeadLetter letter) {
        return letter.traceId() == null ? null : TraceParent.childOf(letter.traceId()).header();
    }

    /** Largest uncompressed view the producer sends. */
    static final int MAX_VIEW_BYTES = 8 << 20;

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
