package org.lambdamusic.speed.profile;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.util.List;
import org.apache.flink.api.common.typeutils.TypeSerializer;
import org.apache.flink.api.common.typeutils.TypeSerializerSchemaCompatibility;
import org.apache.flink.api.common.typeutils.TypeSerializerSnapshot;
import org.apache.flink.core.memory.DataInputDeserializer;
import org.apache.flink.core.memory.DataOutputSerializer;
import org.junit.jupiter.api.Test;
import org.lambdamusic.contracts.interaction.InteractionEvent;
import org.lambdamusic.contracts.interaction.InteractionType;
import org.lambdamusic.contracts.view.RecentInteraction;
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
    void copiesSharingTheBytesEachAppendWithoutOverwritingTheOthers() throws IOException {
        UserEventLog original = sample();
        original.apply(event(9, "e9", "t9", 90), DAY, 10); // its array now has room to spare
        List<RecentInteraction> before = original.toView("u").events();
        assertThat(original.json.length - original.jsonEnd).isGreaterThan(200);
        UserEventLog live = serializer.copy(original); // as the heap backend during a snapshot
        UserEventLog liveAgain = serializer.copy(live); // the next snapshot
        UserEventLog fromOriginal = serializer.copy(original); // a copy of a non-owner
        assertThat(liveAgain.json).isSameAs(original.json);
        byte[] originalBytes = write(original);

        // The owner appends in place; each of the others must move to bytes of its own.
        liveAgain.apply(event(100, "e100", "t-live-again", 1_000), DAY, 10);
        assertThat(liveAgain.json).isSameAs(original.json);
        live.apply(event(100, "e101", "t-live", 1_000), DAY, 10);
        fromOriginal.apply(event(100, "e102", "t-from-original", 1_000), DAY, 10);
        original.apply(event(100, "e103", "t-original", 1_000), DAY, 10);

        for (var entry :
                java.util.Map.of(
                                liveAgain, "t-live-again",
                                live, "t-live",
                                fromOriginal, "t-from-original",
                                original, "t-original")
                        .entrySet()) {
            var events = entry.getKey().toView("u").events();
            assertThat(events).hasSize(7);
            assertThat(events.subList(0, 6)).isEqualTo(before);
            assertThat(events.get(6).trackId()).isEqualTo(entry.getValue());
            // Each still knows its own ids (the id set moved to the copy, the others rebuild it).
            assertThat(entry.getKey().apply(event(101, "e7", "t1", 1_001), DAY, 10)).isFalse();
        }
        // What a snapshot wrote of the original before all that is still what it reads.
        assertThat(
                        serializer
                                .deserialize(new DataInputDeserializer(originalBytes))
                                .toView("u")
                                .events())
                .isEqualTo(before);
    }

    private byte[] write(UserEventLog log) throws IOException {
        DataOutputSerializer out = new DataOutputSerializer(16);
        serializer.serialize(log, out);
        return out.getCopyOfBuffer();
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
