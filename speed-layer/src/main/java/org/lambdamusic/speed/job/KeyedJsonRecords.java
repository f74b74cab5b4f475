package org.lambdamusic.speed.job;

import java.nio.charset.StandardCharsets;
import org.apache.flink.connector.kafka.sink.KafkaRecordSerializationSchema;
import org.apache.flink.util.function.SerializableFunction;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.lambdamusic.contracts.ContractsJson;
import org.lambdamusic.contracts.trace.TraceParent;

/**
 * Writes a record as contracts JSON to a topic under a key. The key is what makes the view topics
 * upserts: compaction keeps the latest value per key, and a value re-sent after a restore simply
 * replaces the same key.
 */
public final class KeyedJsonRecords<T> implements KafkaRecordSerializationSchema<T> {
    private static final long serialVersionUID = 1L;

    private final String topic;
    private final SerializableFunction<T, String> key;
    private final SerializableFunction<T, String> traceParent;

    private KeyedJsonRecords(
            String topic,
            SerializableFunction<T, String> key,
            SerializableFunction<T, String> traceParent) {
        this.topic = topic;
        this.key = key;
        this.traceParent = traceParent;
    }

    /** Keyed by {@code key(record)}. */
    public static <T> KeyedJsonRecords<T> keyed(String topic, SerializableFunction<T, String> key) {
        return new KeyedJsonRecords<>(topic, key, null);
    }

    /** Without a key (the dead-letter queue: order does not matter, spread is fine). */
    public static <T> KeyedJsonRecords<T> unkeyed(String topic) {
        return new KeyedJsonRecords<>(topic, null, null);
    }

    /**
     * With a {@code traceparent} record header where {@code traceParent(record)} gives one (a dead
     * letter of a traced request), so a consumer of the topic follows the trace on.
     */
    public KeyedJsonRecords<T> withTraceParent(SerializableFunction<T, String> header) {
        return new KeyedJsonRecords<>(topic, key, header);
    }

    /**
     * The Kafka timestamp is left to the producer (publish time), not the element's event time: a
     * dead letter's event time may be days in the future (the broker refuses it) or older than the
     * DLQ's retention (deleted at once).
     */
    @Override
    public ProducerRecord<byte[], byte[]> serialize(
            T element, KafkaSinkContext context, Long timestamp) {
        byte[] keyBytes = key == null ? null : key.apply(element).getBytes(StandardCharsets.UTF_8);
        ProducerRecord<byte[], byte[]> record =
                new ProducerRecord<>(topic, null, null, keyBytes, ContractsJson.write(element));
        String trace = traceParent == null ? null : traceParent.apply(element);
        if (trace != null) {
            record.headers().add(TraceParent.HEADER, trace.getBytes(StandardCharsets.US_ASCII));
        }
        return record;
    }
}
