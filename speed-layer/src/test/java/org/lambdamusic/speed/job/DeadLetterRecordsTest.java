package org.lambdamusic.speed.job;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.header.Header;
import org.junit.jupiter.api.Test;
import org.lambdamusic.contracts.Topics;
import org.lambdamusic.contracts.interaction.DeadLetter;
import org.lambdamusic.contracts.trace.TraceParent;

/** A dead letter's Kafka record carries its trace as a traceparent header (a new span of it). */
class DeadLetterRecordsTest {
    private static final String TRACE = "4bf92f3577b34da6a3ce929d0e0e4736";

    private final KeyedJsonRecords<DeadLetter> records =
            KeyedJsonRecords.<DeadLetter>unkeyed(Topics.USER_INTERACTIONS_DLQ)
                    .withTraceParent(KafkaEndpoints::deadLetterTrace);

    @Test
    void aTracedDeadLetterHasATraceparentOfItsTrace() {
        ProducerRecord<byte[], byte[]> record =
                records.serialize(new DeadLetter("{", "malformed JSON", 7, TRACE), null, null);

        Header header = record.headers().lastHeader(TraceParent.HEADER);
        assertThat(TraceParent.parse(new String(header.value(), StandardCharsets.US_ASCII)))
                .map(TraceParent::traceId)
                .hasValue(TRACE);
        assertThat(new String(record.value(), StandardCharsets.UTF_8))
                .contains("\"trace_id\":\"" + TRACE + "\"");
    }

    @Test
    void anUntracedOneHasNone() {
        ProducerRecord<byte[], byte[]> record =
                records.serialize(new DeadLetter("{", "malformed JSON", 7), null, null);

        assertThat(record.headers().lastHeader(TraceParent.HEADER)).isNull();
    }
}
