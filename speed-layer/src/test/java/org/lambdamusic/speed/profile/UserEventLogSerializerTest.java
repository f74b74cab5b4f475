package org.lambdamusic.speed.profile;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import org.apache.flink.api.common.typeutils.TypeSerializer;
import org.apache.flink.api.common.typeutils.TypeSerializerSchemaCompatibility;
import org.apache.flink.api.common.typeutils.TypeSerializerSnapshot;
import org.apache.flink.core.memory.DataInputDeserializer;
import org.apache.flink.core.memory.DataOutputSerializer;
import org.junit.jupiter.api.Test;
import org.lambdamusic.contracts.interaction.InteractionEvent;
import org.lambdamusic.contracts.interaction.InteractionType;
import org.lambdamusic.speed.validation.PositionedEvent;

class UserEventLogSerializerTest {
    private static final long DAY = 86_400_000L;

    private final UserEventLogSerializer serializer = new UserEventLogSerializer();

    @Test
    void roundTripsEveryField() throws IOException {
        UserEventLog log = sample();
        DataOutputSerializer out = new DataOutputSerializer(16);
        serializer.serialize(log, out);
        serializer.serialize(new UserEventLog(), out);

        DataInputDeserializer in = new DataInputDeserializer(out.getCopyOfBuffer());
        UserEventLog back = serializer.deserialize(in);
        UserEventLog empty = serializer.deserialize(in);
        assertThat(in.available()).isZero();

        assertThat(back.toView("u")).isEqualTo(log.toView("u"));
        assertThat(back.logFloor()).isEqualTo(3);
        assertThat(back.flushDueAt()).isEqualTo(1234L);
        assertThat(empty.toView("u")).isEqualTo(new UserEventLog().toView("u"));
        // Redelivery detection and retention work on restored state (hashes and the oldest event
        // time are rebuilt, not stored).
        assertThat(back.apply(event(20, "e7", "t1", 70), DAY, 5)).isFalse();
        assertThat(back.apply(event(8, "e99", "t1", 70), DAY, 5)).isFalse(); // offset seen
        assertThat(back.apply(event(21, "e9", "t1", 90), DAY, 5)).isTrue();
        assertThat(back.toView("u").events()).hasSize(5);
        assertThat(back.logFloor()).isEqualTo(4);
    }

    @Test
    void copyIsIndependentOfTheOriginal() {
        UserEventLog log = sample();
        UserEventLog copy = serializer.copy(log);
        assertThat(copy.toView("u")).isEqualTo(log.toView("u"));

        log.apply(event(100, "e100", "t100", 1_000), DAY, 5);
        assertThat(copy.toView("u")).isNotEqualTo(log.toView("u"));
        assertThat(copy.size()).isEqualTo(5);
        assertThat(copy.toView("u").events()).noneMatch(e -> e.trackId().equals("t100"));
    }

    @Test
    void copyBetweenStreamsAndSnapshotRestore() throws IOException {
        DataOutputSerializer first = new DataOutputSerializer(16);
        serializer.serialize(sample(), first);
        DataOutputSerializer second = new DataOutputSerializer(16);
        serializer.copy(new DataInputDeserializer(first.getCopyOfBuffer()), second);
        assertThat(second.getCopyOfBuffer()).isEqualTo(first.getCopyOfBuffer());

        TypeSerializerSnapshot<UserEventLog> snapshot = serializer.snapshotConfiguration();
        DataOutputSerializer config = new DataOutputSerializer(16);
        TypeSerializerSnapshot.writeVersionedSnapshot(config, snapshot);
        TypeSerializerSnapshot<UserEventLog> read =
                TypeSerializerSnapshot.readVersionedSnapshot(
                        new DataInputDeserializer(config.getCopyOfBuffer()),
                        getClass().getClassLoader());
        TypeSerializer<UserEventLog> restored = read.restoreSerializer();
        assertThat(restored).isEqualTo(serializer);
        TypeSerializerSchemaCompatibility<UserEventLog> compatibility =
                serializer.snapshotConfiguration().resolveSchemaCompatibility(read);
        assertThat(compatibility.isCompatibleAsIs()).isTrue();
        assertThat(serializer.duplicate()).isNotSameAs(serializer).isEqualTo(serializer);
    }

    /** Nine events at offsets 0..8 with a cap of 5: offsets 4..8 kept, floor 3. */
    private static UserEventLog sample() {
        UserEventLog log = new UserEventLog();
        for (int i = 0; i < 8; i++) {
            log.apply(event(i, "e" + i, "t" + (i % 4), i * 10L), DAY, 5);
        }
        log.apply(event(8, "odd \"id\" é", "t-ü", 5), DAY, 5);
        log.flushDueAt(1234L);
        return log;
    }

    private static PositionedEvent event(long offset, String id, String track, long ts) {
        InteractionType type = InteractionType.values()[(int) (offset % 3)];
        return new PositionedEvent(1, offset, new InteractionEvent(id, "u", track, type, ts));
    }
}
