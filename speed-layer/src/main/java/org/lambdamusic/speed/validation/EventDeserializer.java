package org.lambdamusic.speed.validation;

import org.apache.flink.api.common.typeinfo.TypeInformation;
import org.apache.flink.connector.kafka.source.reader.deserializer.KafkaRecordDeserializationSchema;
import org.apache.flink.util.Collector;
import org.apache.kafka.clients.consumer.ConsumerRecord;

/**
 * Decodes each Kafka record once, in the source, into a {@link ConsumedRecord}: the typed event or
 * the reason it is not one. Decoding never throws, so a malformed payload becomes a dead letter
 * downstream instead of a deserialization failure that would stop the job.
 */
public final class EventDeserializer implements KafkaRecordDeserializationSchema<ConsumedRecord> {
    private static final long serialVersionUID = 1L;

    private final int maxEventBytes;
    private final long maxFutureSkewMs;

    public EventDeserializer(int maxEventBytes, long maxFutureSkewMs) {
        this.maxEventBytes = maxEventBytes;
        this.maxFutureSkewMs = maxFutureSkewMs;
    }

    @Override
    public void deserialize(ConsumerRecord<byte[], byte[]> record, Collector<ConsumedRecord> out) {
        out.collect(
                ConsumedRecord.decode(
                        record.partition(),
                        record.offset(),
                        record.timestamp(),
                        record.value(),
                        maxEventBytes,
                        maxFutureSkewMs,
                        System.currentTimeMillis()));
    }

    @Override
    public TypeInformation<ConsumedRecord> getProducedType() {
        return TypeInformation.of(ConsumedRecord.class);
    }
}
