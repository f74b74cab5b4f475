package org.lambdamusic.speed.validation;

import java.nio.charset.StandardCharsets;
import org.apache.flink.api.common.typeinfo.TypeInformation;
import org.apache.flink.connector.kafka.source.reader.deserializer.KafkaRecordDeserializationSchema;
import org.apache.flink.util.Collector;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.common.header.Header;
import org.apache.kafka.common.header.Headers;
import org.lambdamusic.contracts.trace.TraceParent;

/**
 * Decodes each Kafka record once, in the source, into a {@link ConsumedRecord}: the typed event or
 * the reason it is not one, with the trace its {@code traceparent} header names. Decoding never
 * throws, so a malformed payload becomes a dead letter downstream instead of a deserialization
 * failure that would stop the job.
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
                                System.currentTimeMillis())
                        .withTrace(traceId(record.headers())));
    }

    /** The trace id of the record's {@code traceparent} header; null without a valid one. */
    static String traceId(Headers headers) {
        Header header = headers.lastHeader(TraceParent.HEADER);
        if (header == null || header.value() == null) {
            return null;
        }
        return TraceParent.parse(new String(header.value(), StandardCharsets.US_ASCII))
                .map(TraceParent::traceId)
                .orElse(null);
    }

    @Override
    public TypeInformation<ConsumedRecord> getProducedType() {
        return TypeInformation.of(ConsumedRecord.class);
    }
}
