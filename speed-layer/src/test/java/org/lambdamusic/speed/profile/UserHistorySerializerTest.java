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

class UserHistorySerializerTest {
    private final UserHistorySerializer serializer = new UserHistorySerializer();

    @Test
    void roundTripsEveryField() throws IOException {
        UserHistory history = sample();
        DataOutputSerializer out = new DataOutputSerializer(16);
        serializer.serialize(history, out);
        serializer.serialize(new UserHistory(), out);

        DataInputDeserializer in = new DataInputDeserializer(out.getCopyOfBuffer());
        UserHistory back = serializer.deserialize(in);
        UserHistory empty = serializer.deserialize(in);
        assertThat(in.available()).isZero();

        assertThat(back.toView("u")).isEqualTo(history.toView("u"));
        assertThat(back.flushDueAt()).isEqualTo(1234L);
        assertThat(empty.toView("u")).isEqualTo(new UserHistory().toView("u"));
        // Redelivery detection works on restored state (hashes are rebuilt, not stored).
        assertThat(back.apply(event("e7", "t1", InteractionType.PLAY, 70), 5)).isFalse();
        assertThat(back.apply(event("e9", "t1", InteractionType.PLAY, 90), 5)).isTrue();
    }

    @Test
    void copyIsIndependentOfTheOriginal() {
        UserHistory history = sample();
        UserHistory copy = serializer.copy(history);
        assertThat(copy.toView("u")).isEqualTo(history.toView("u"));

        history.apply(event("e100", "t100", InteractionType.LIKE, 1_000), 5);
        assertThat(copy.toView("u")).isNotEqualTo(history.toView("u"));
        assertThat(copy.toView("u").likedTracks()).doesNotContain("t100");
        assertThat(copy.recentCount()).isEqualTo(5);
    }

    @Test
    void copyBetweenStreamsAndSnapshotRestore() throws IOException {
        DataOutputSerializer first = new DataOutputSerializer(16);
        serializer.serialize(sample(), first);
        DataOutputSerializer second = new DataOutputSerializer(16);
        serializer.copy(new DataInputDeserializer(first.getCopyOfBuffer()), second);
        assertThat(second.getCopyOfBuffer()).isEqualTo(first.getCopyOfBuffer());

        TypeSerializerSnapshot<UserHistory> snapshot = serializer.snapshotConfiguration();
        DataOutputSerializer config = new DataOutputSerializer(16);
        TypeSerializerSnapshot.writeVersionedSnapshot(config, snapshot);
        TypeSerializerSnapshot<UserHistory> read =
                TypeSerializerSnapshot.readVersionedSnapshot(
                        new DataInputDeserializer(config.getCopyOfBuffer()),
                        getClass().getClassLoader());
        TypeSerializer<UserHistory> restored = read.restoreSerializer();
        assertThat(restored).isEqualTo(serializer);
        TypeSerializerSchemaCompatibility<UserHistory> compatibility =
                serializer.snapshotConfiguration().resolveSchemaCompatibility(read);
        assertThat(compatibility.isCompatibleAsIs()).isTrue();
        assertThat(serializer.duplicate()).isNotSameAs(serializer).isEqualTo(serializer);
    }

    private static UserHistory sample() {
        UserHistory history = new UserHistory();
        for (int i = 0; i < 8; i++) {
            InteractionType type = InteractionType.values()[i % 3];
            history.apply(event("e" + i, "t" + (i % 4), type, i * 10L), 5);
        }
        history.apply(event("odd \"id\" é", "t-ü", InteractionType.LIKE, 5), 5);
        history.flushDueAt(1234L);
        return history;
    }

    private static InteractionEvent event(String id, String track, InteractionType type, long ts) {
        return new InteractionEvent(id, "u", track, type, ts);
    }
}
