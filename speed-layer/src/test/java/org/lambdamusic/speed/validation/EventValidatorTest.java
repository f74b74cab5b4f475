package org.lambdamusic.speed.validation;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;
import java.util.List;
import org.apache.flink.streaming.runtime.streamrecord.StreamRecord;
import org.apache.flink.streaming.util.OneInputStreamOperatorTestHarness;
import org.apache.flink.streaming.util.ProcessFunctionTestHarnesses;
import org.apache.kafka.common.header.internals.RecordHeaders;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.lambdamusic.contracts.interaction.ArchivedRecord;
import org.lambdamusic.contracts.interaction.DeadLetter;
import org.lambdamusic.contracts.interaction.InteractionEvent;
import org.lambdamusic.contracts.interaction.InteractionType;
import org.lambdamusic.contracts.trace.TraceParent;
import org.lambdamusic.speed.archive.ArchiveEntry;

/** The source's decoding ({@link ConsumedRecord#decode}) and the validator's routing together. */
class EventValidatorTest {
    private static final long NOW = 1_763_900_000_000L;
    private static final long SKEW_MS = 60_000;

    private static final long KAFKA_TIME = 1_700_000_000_000L; // 2023-11-14

    private OneInputStreamOperatorTestHarness<ConsumedRecord, PositionedEvent> harness;
    private long nextOffset = 40;

    @BeforeEach
    void open() throws Exception {
        harness = ProcessFunctionTestHarnesses.forProcessFunction(new EventValidator(true));
        harness.setProcessingTime(NOW);
    }

    @AfterEach
    void close() throws Exception {
        harness.close();
    }

    @Test
    void passesValidEventsThroughWithTheirPositionAndArchivesThem() throws Exception {
        harness.processElement(record(event("e1", "u1", "t1", "like", NOW - 5)), NOW - 5);

        InteractionEvent expected =
                new InteractionEvent("e1", "u1", "t1", InteractionType.LIKE, NOW - 5);
        assertThat(harness.extractOutputValues())
                .containsExactly(new PositionedEvent(2, 40, expected));
        assertThat(deadLetters()).isEmpty();
        assertThat(archived())
                .containsExactly(
                        new ArchiveEntry(NOW - 5, ArchivedRecord.accepted(2, 40, expected)));
    }

    @Test
    void sendsEachKindOfBadEventToTheDeadLetterQueueWithItsReason() throws Exception {
        String malformed = "{\"event_id\": \"e1\", ";
        String blankUser = event("e2", " ", "t1", "play", NOW);
        String unknownType = event("e3", "u1", "t1", "dance", NOW);
        String future = event("e4", "u1", "t1", "play", NOW + SKEW_MS + 1);
        String oversized = event("e5", "u1", "x".repeat(400), "play", NOW);
        for (String payload : List.of(malformed, blankUser, unknownType, future, oversized)) {
            harness.processElement(record(payload), NOW);
        }

        assertThat(harness.extractOutputValues()).isEmpty();
        List<DeadLetter> dead = deadLetters();
        assertThat(dead)
                .extracting(DeadLetter::originalEvent)
                .containsExactly(malformed, blankUser, unknownType, future, oversized);
        assertThat(dead).extracting(DeadLetter::timestamp).containsOnly(NOW);
        assertThat(dead.get(0).error()).startsWith("malformed JSON");
        assertThat(dead.get(1).error()).isEqualTo("blank field: user_id");
        assertThat(dead.get(2).error()).isEqualTo("unknown interaction_type: 'dance'");
        assertThat(dead.get(3).error()).startsWith("timestamp too far in the future: 60001 ms");
        assertThat(dead.get(4).error()).startsWith("oversized payload: ").contains("limit 300");

        // Every rejected record leaves a marker at its offset, with the same reason, filed under
        // the date of its Kafka timestamp.
        assertThat(archived())
                .containsExactly(
                        new ArchiveEntry(
                                KAFKA_TIME, ArchivedRecord.rejected(2, 40, dead.get(0).error())),
                        new ArchiveEntry(
                                KAFKA_TIME, ArchivedRecord.rejected(2, 41, dead.get(1).error())),
                        new ArchiveEntry(
                                KAFKA_TIME, ArchivedRecord.rejected(2, 42, dead.get(2).error())),
                        new ArchiveEntry(
                                KAFKA_TIME, ArchivedRecord.rejected(2, 43, dead.get(3).error())),
                        new ArchiveEntry(
                                KAFKA_TIME, ArchivedRecord.rejected(2, 44, dead.get(4).error())));
    }

    /** A record's trace (its traceparent header) follows it into the dead letter. */
    @Test
    void theTraceOfARejectedRecordIsInItsDeadLetter() throws Exception {
        String trace = "4bf92f3577b34da6a3ce929d0e0e4736";
        RecordHeaders headers = new RecordHeaders();
        headers.add(
                TraceParent.HEADER,
                ("00-" + trace + "-00f067aa0ba902b7-01").getBytes(StandardCharsets.US_ASCII));
        harness.processElement(record("{").withTrace(EventDeserializer.traceId(headers)), NOW);
        harness.processElement(record("{"), NOW);

        assertThat(deadLetters()).extracting(DeadLetter::traceId).containsExactly(trace, null);
        RecordHeaders invalid = new RecordHeaders();
        invalid.add(TraceParent.HEADER, "00-nope".getBytes(StandardCharsets.US_ASCII));
        assertThat(EventDeserializer.traceId(invalid)).isNull();
        assertThat(EventDeserializer.traceId(new RecordHeaders())).isNull();
    }

    /** The trace survives the record's serializer (should source and validator ever be split). */
    @Test
    void theSerializerKeepsTheTrace() throws Exception {
        var serializer = new ConsumedRecord.Serializer();
        for (ConsumedRecord original :
                List.of(
                        record(event("e1", "u1", "t1", "like", NOW - 5)).withTrace("ab".repeat(16)),
                        record("{").withTrace("cd".repeat(16)),
                        record("{"))) {
            var out = new org.apache.flink.core.memory.DataOutputSerializer(256);
            serializer.serialize(original, out);
            var in = new org.apache.flink.core.memory.DataInputDeserializer(out.getCopyOfBuffer());
            assertThat(serializer.deserialize(in)).isEqualTo(original);
        }
    }

    @Test
    void aMarkerWithoutAKafkaTimestampIsFiledUnderTheProcessingDate() throws Exception {
        harness.processElement(
                ConsumedRecord.decode(0, 7, -1, bytes("nope"), 300, SKEW_MS, NOW), NOW);

        assertThat(archived()).singleElement().extracting(ArchiveEntry::dateMillis).isEqualTo(NOW);
    }

    @Test
    void withoutTheArchiveNothingGoesToItsOutput() throws Exception {
        harness.close();
        harness = ProcessFunctionTestHarnesses.forProcessFunction(new EventValidator(false));
        harness.setProcessingTime(NOW);
        harness.processElement(record(event("e1", "u1", "t1", "like", NOW - 5)), NOW - 5);
        harness.processElement(record("{"), NOW);

        assertThat(harness.extractOutputValues()).hasSize(1);
        assertThat(deadLetters()).hasSize(1);
        assertThat(archived()).isEmpty();
    }

    @Test
    void acceptsATimestampJustInsideTheFutureSkew() throws Exception {
        harness.processElement(record(event("e1", "u1", "t1", "skip", NOW + SKEW_MS)), NOW);

        assertThat(harness.extractOutputValues()).hasSize(1);
    }

    private List<DeadLetter> deadLetters() {
        var side = harness.getSideOutput(EventValidator.DEAD_LETTERS);
        return side == null ? List.of() : side.stream().map(StreamRecord::getValue).toList();
    }

    private List<ArchiveEntry> archived() {
        var side = harness.getSideOutput(EventValidator.ARCHIVE);
        return side == null ? List.of() : side.stream().map(StreamRecord::getValue).toList();
    }

    /** As the source decodes it (size limit 300 bytes, the clock at NOW). */
    private ConsumedRecord record(String payload) {
        return ConsumedRecord.decode(
                2, nextOffset++, KAFKA_TIME, bytes(payload), 300, SKEW_MS, NOW);
    }

    static String event(String id, String user, String track, String type, long ts) {
        return "{\"event_id\":\"%s\",\"user_id\":\"%s\",\"track_id\":\"%s\",\"interaction_type\":\"%s\",\"timestamp\":%d}"
                .formatted(id, user, track, type, ts);
    }

    private static byte[] bytes(String s) {
        return s.getBytes(StandardCharsets.UTF_8);
    }
}
