package org.lambdamusic.speed.validation;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;
import java.util.List;
import org.apache.flink.streaming.runtime.streamrecord.StreamRecord;
import org.apache.flink.streaming.util.OneInputStreamOperatorTestHarness;
import org.apache.flink.streaming.util.ProcessFunctionTestHarnesses;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.lambdamusic.contracts.interaction.DeadLetter;
import org.lambdamusic.contracts.interaction.InteractionEvent;
import org.lambdamusic.contracts.interaction.InteractionType;

class EventValidatorTest {
    private static final long NOW = 1_763_900_000_000L;
    private static final long SKEW_MS = 60_000;

    private OneInputStreamOperatorTestHarness<byte[], InteractionEvent> harness;

    @BeforeEach
    void open() throws Exception {
        harness = ProcessFunctionTestHarnesses.forProcessFunction(new EventValidator(300, SKEW_MS));
        harness.setProcessingTime(NOW);
    }

    @AfterEach
    void close() throws Exception {
        harness.close();
    }

    @Test
    void passesValidEventsThrough() throws Exception {
        harness.processElement(bytes(event("e1", "u1", "t1", "like", NOW - 5)), NOW - 5);

        assertThat(harness.extractOutputValues())
                .containsExactly(
                        new InteractionEvent("e1", "u1", "t1", InteractionType.LIKE, NOW - 5));
        assertThat(deadLetters()).isEmpty();
    }

    @Test
    void sendsEachKindOfBadEventToTheDeadLetterQueueWithItsReason() throws Exception {
        String malformed = "{\"event_id\": \"e1\", ";
        String blankUser = event("e2", " ", "t1", "play", NOW);
        String unknownType = event("e3", "u1", "t1", "dance", NOW);
        String future = event("e4", "u1", "t1", "play", NOW + SKEW_MS + 1);
        String oversized = event("e5", "u1", "x".repeat(400), "play", NOW);
        for (String payload : List.of(malformed, blankUser, unknownType, future, oversized)) {
            harness.processElement(bytes(payload), NOW);
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
    }

    @Test
    void acceptsATimestampJustInsideTheFutureSkew() throws Exception {
        harness.processElement(bytes(event("e1", "u1", "t1", "skip", NOW + SKEW_MS)), NOW);

        assertThat(harness.extractOutputValues()).hasSize(1);
    }

    private List<DeadLetter> deadLetters() {
        var side = harness.getSideOutput(EventValidator.DEAD_LETTERS);
        return side == null ? List.of() : side.stream().map(StreamRecord::getValue).toList();
    }

    static String event(String id, String user, String track, String type, long ts) {
        return "{\"event_id\":\"%s\",\"user_id\":\"%s\",\"track_id\":\"%s\",\"interaction_type\":\"%s\",\"timestamp\":%d}"
                .formatted(id, user, track, type, ts);
    }

    private static byte[] bytes(String s) {
        return s.getBytes(StandardCharsets.UTF_8);
    }
}
