package org.lambdamusic.speed.validation;

import org.apache.flink.api.common.typeinfo.TypeInformation;
import org.apache.flink.connector.kafka.source.reader.deserializer.KafkaRecordDeserializationSchema;
import org.apache.flink.util.Collector;
import org.apache.kafka.clients.consumer.ConsumerRecord;

/**
 * Passes each Kafka record through as its position and raw value ({@link PositionedPayload}).
 * Decoding happens in {@link EventValidator}, so a malformed payload becomes a dead letter instead
 * of a deserialization failure that would stop the job.
 */
public final class RawEventDeserializer
        implements KafkaRecordDeserializationSchema<PositionedPayload> {
    private static final long serialVersionUID = 1L;
    private static final byte[] EMPTY = new byte[0];

    @Override
    public void deserialize(
            ConsumerRecord<byte[], byte[]> record, Collector<PositionedPayload> out) {
        // A tombstone (null value) is still an input the DLQ should show, as an empty payload.
        out.collect(
                new PositionedPayload(
                        record.partition(),
                        record.offset(),
                        record.timestamp(),
                        record.value() == null ? EMPTY : record.value()));
    }

    @Override
    public TypeInformation<PositionedPayload> getProducedType() {
        return TypeInformation.of(PositionedPayload.class);
    }
}
