package org.lambdamusic.contracts.interaction;

import static java.nio.charset.StandardCharsets.UTF_8;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.junit.jupiter.api.Test;

class ArchiveCodecTest {
    private static final InteractionEvent LIKE =
            new InteractionEvent("e1", "u1", "t1", InteractionType.LIKE, 1_764_000_000_000L);

    @Test
    void acceptedLineIsTheEventPlusItsPosition() throws Exception {
        ArchivedRecord record = ArchivedRecord.accepted(2, 41, LIKE);

        String line = new String(ArchiveCodec.toJson(record), UTF_8);

        assertThat(line)
                .isEqualTo(
                        "{\"event_id\":\"e1\",\"user_id\":\"u1\",\"track_id\":\"t1\","
                                + "\"interaction_type\":\"like\",\"timestamp\":1764000000000,"
                                + "\"partition\":2,\"offset\":41}");
        assertThat(ArchiveCodec.fromJson(line.getBytes(UTF_8))).isEqualTo(record);
        // Still an event to anything that reads events only.
        assertThat(InteractionEventCodec.fromJson(line.getBytes(UTF_8))).isEqualTo(LIKE);
    }

    @Test
    void rejectedRecordKeepsItsOffsetAndReason() throws Exception {
        ArchivedRecord record = ArchivedRecord.rejected(0, 7, "unknown interaction_type: 'hum'");

        byte[] line = ArchiveCodec.toJson(record);

        assertThat(new String(line, UTF_8))
                .isEqualTo(
                        "{\"partition\":0,\"offset\":7,"
                                + "\"rejected\":\"unknown interaction_type: 'hum'\"}");
        ArchivedRecord read = ArchiveCodec.fromJson(line);
        assertThat(read).isEqualTo(record);
        assertThat(read.isEvent()).isFalse();
    }

    @Test
    void lineWriterWritesTheSameLinesOneAfterAnotherIntoAnyStream() throws Exception {
        ArchivedRecord accepted = ArchivedRecord.accepted(2, 41, LIKE);
        ArchivedRecord rejected = ArchivedRecord.rejected(0, 7, "bad \"json\" \u00e9");
        ArchivedRecord other =
                ArchivedRecord.accepted(
                        1, 9, new InteractionEvent("e2", "u2", "t2", InteractionType.SKIP, 5L));
        ArchiveCodec.LineWriter writer = new ArchiveCodec.LineWriter();
        java.io.ByteArrayOutputStream first = new java.io.ByteArrayOutputStream();
        java.io.ByteArrayOutputStream second = new java.io.ByteArrayOutputStream();

        writer.write(accepted, first);
        writer.write(rejected, first);
        writer.write(other, second); // a part file rolled: the next stream gets only its line
        writer.write(accepted, first);

        assertThat(new String(first.toByteArray(), UTF_8))
                .isEqualTo(line(accepted) + line(rejected) + line(accepted));
        assertThat(new String(second.toByteArray(), UTF_8)).isEqualTo(line(other));
        for (String line : new String(first.toByteArray(), UTF_8).split("\n")) {
            assertThat(ArchiveCodec.fromJson(line.getBytes(UTF_8))).isIn(accepted, rejected);
        }
    }

    private static String line(ArchivedRecord record) {
        return new String(ArchiveCodec.toJson(record), UTF_8) + "\n";
    }

    @Test
    void lineFromBeforePositionsIsAnUnpositionedEvent() throws Exception {
        ArchivedRecord read = ArchiveCodec.fromJson(InteractionEventCodec.toJson(LIKE));

        assertThat(read.event()).isEqualTo(LIKE);
        assertThat(read.isPositioned()).isFalse();
        assertThat(read.partition()).isEqualTo(-1);
    }

    @Test
    void damagedLinesAreRefusedWithAReason() {
        assertThatThrownBy(() -> ArchiveCodec.fromJson("{\"rejected\":\"x\"}".getBytes(UTF_8)))
                .isInstanceOf(InvalidEventException.class)
                .hasMessageContaining("without partition");
        assertThatThrownBy(
                        () ->
                                ArchiveCodec.fromJson(
                                        "{\"partition\":-1,\"offset\":3,\"rejected\":\"x\"}"
                                                .getBytes(UTF_8)))
                .isInstanceOf(InvalidEventException.class);
        assertThatThrownBy(
                        () ->
                                ArchiveCodec.fromJson(
                                        "{\"partition\":0,\"offset\":\"3\"}".getBytes(UTF_8)))
                .isInstanceOf(InvalidEventException.class)
                .hasMessageContaining("offset must be an integer");
    }
}
