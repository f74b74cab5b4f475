package org.lambdamusic.speed.profile;

import java.io.IOException;
import java.util.Arrays;
import org.apache.flink.api.common.typeutils.SimpleTypeSerializerSnapshot;
import org.apache.flink.api.common.typeutils.TypeSerializer;
import org.apache.flink.api.common.typeutils.TypeSerializerSnapshot;
import org.apache.flink.core.memory.DataInputView;
import org.apache.flink.core.memory.DataOutputSerializer;
import org.apache.flink.core.memory.DataOutputView;
import org.apache.flink.types.StringValue;
import org.lambdamusic.contracts.interaction.InteractionType;

/**
 * Checkpoint format of {@link UserHistory} (version 1): recent count, then per entry event id,
 * track id, interaction type code, timestamp; liked count, then the track ids; plays, likes, skips,
 * updated-at, flush-due-at. Strings use Flink's {@link StringValue} encoding. Type codes are fixed
 * here (play 0, like 1, skip 2), not the enum's order, so reordering the contracts' enum cannot
 * change what a checkpoint means.
 */
public final class UserHistorySerializer extends TypeSerializer<UserHistory> {
    private static final long serialVersionUID = 1L;

    /**
     * A user's bytes are assembled here and handed to the checkpoint stream in one write: the
     * stream's per-byte path (one virtual call chain per byte) dominated checkpoint time. Per
     * instance, hence {@link #duplicate()} returns a new serializer for each thread.
     */
    private transient DataOutputSerializer scratch;

    private static final InteractionType[] BY_CODE = {
        InteractionType.PLAY, InteractionType.LIKE, InteractionType.SKIP
    };
    private static final byte[] CODE_OF_ORDINAL = new byte[InteractionType.values().length];

    static {
        Arrays.fill(CODE_OF_ORDINAL, (byte) -1);
        for (int code = 0; code < BY_CODE.length; code++) {
            CODE_OF_ORDINAL[BY_CODE[code].ordinal()] = (byte) code;
        }
    }

    @Override
    public TypeSerializer<UserHistory> duplicate() {
        return new UserHistorySerializer();
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof UserHistorySerializer;
    }

    @Override
    public int hashCode() {
        return UserHistorySerializer.class.hashCode();
    }

    @Override
    public boolean isImmutableType() {
        return false;
    }

    @Override
    public UserHistory createInstance() {
        return new UserHistory();
    }

    /** Deep enough: the arrays are copied, the strings in them are immutable and shared. */
    @Override
    public UserHistory copy(UserHistory from) {
        UserHistory to = new UserHistory();
        to.size = from.size;
        to.eventIds = Arrays.copyOf(from.eventIds, from.eventIds.length);
        to.eventIdHashes = Arrays.copyOf(from.eventIdHashes, from.eventIdHashes.length);
        to.trackIds = Arrays.copyOf(from.trackIds, from.trackIds.length);
        to.types = Arrays.copyOf(from.types, from.types.length);
        to.timestamps = Arrays.copyOf(from.timestamps, from.timestamps.length);
        to.likedCount = from.likedCount;
        to.liked = Arrays.copyOf(from.liked, from.liked.length);
        to.plays = from.plays;
        to.likes = from.likes;
        to.skips = from.skips;
        to.updatedAt = from.updatedAt;
        to.flushDueAt = from.flushDueAt;
        return to;
    }

    @Override
    public UserHistory copy(UserHistory from, UserHistory reuse) {
        return copy(from);
    }

    @Override
    public int getLength() {
        return -1;
    }

    @Override
    public void serialize(UserHistory h, DataOutputView target) throws IOException {
        if (scratch == null) {
            scratch = new DataOutputSerializer(8192);
        }
        DataOutputSerializer out = scratch;
        out.clear();
        out.writeInt(h.size);
        for (int i = 0; i < h.size; i++) {
            StringValue.writeString(h.eventIds[i], out);
            StringValue.writeString(h.trackIds[i], out);
            out.writeByte(CODE_OF_ORDINAL[h.types[i]]);
            out.writeLong(h.timestamps[i]);
        }
        out.writeInt(h.likedCount);
        for (int i = 0; i < h.likedCount; i++) {
            StringValue.writeString(h.liked[i], out);
        }
        out.writeLong(h.plays);
        out.writeLong(h.likes);
        out.writeLong(h.skips);
        out.writeLong(h.updatedAt);
        out.writeLong(h.flushDueAt);
        target.write(out.getSharedBuffer(), 0, out.length());
    }

    @Override
    public UserHistory deserialize(DataInputView in) throws IOException {
        UserHistory h = new UserHistory();
        int size = in.readInt();
        h.size = size;
        h.eventIds = new String[size];
        h.eventIdHashes = new int[size];
        h.trackIds = new String[size];
        h.types = new byte[size];
        h.timestamps = new long[size];
        for (int i = 0; i < size; i++) {
            h.eventIds[i] = StringValue.readString(in);
            h.eventIdHashes[i] = h.eventIds[i].hashCode();
            h.trackIds[i] = StringValue.readString(in);
            int code = in.readByte();
            if (code < 0 || code >= BY_CODE.length) {
                throw new IOException("unknown interaction type code in user history: " + code);
            }
            h.types[i] = (byte) BY_CODE[code].ordinal();
            h.timestamps[i] = in.readLong();
        }
        int likedCount = in.readInt();
        h.likedCount = likedCount;
        h.liked = new String[likedCount];
        for (int i = 0; i < likedCount; i++) {
            h.liked[i] = StringValue.readString(in);
        }
        h.plays = in.readLong();
        h.likes = in.readLong();
        h.skips = in.readLong();
        h.updatedAt = in.readLong();
        h.flushDueAt = in.readLong();
        return h;
    }

    @Override
    public UserHistory deserialize(UserHistory reuse, DataInputView in) throws IOException {
        return deserialize(in);
    }

    @Override
    public void copy(DataInputView in, DataOutputView out) throws IOException {
        serialize(deserialize(in), out);
    }

    @Override
    public TypeSerializerSnapshot<UserHistory> snapshotConfiguration() {
        return new Snapshot();
    }

    /** Restores this serializer; a new format gets a new version here. */
    public static final class Snapshot extends SimpleTypeSerializerSnapshot<UserHistory> {
        public Snapshot() {
            super(UserHistorySerializer::new);
        }
    }
}
