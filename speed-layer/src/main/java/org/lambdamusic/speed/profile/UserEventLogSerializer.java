package org.lambdamusic.speed.profile;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import org.apache.flink.api.common.typeutils.SimpleTypeSerializerSnapshot;
import org.apache.flink.api.common.typeutils.TypeSerializer;
import org.apache.flink.api.common.typeutils.TypeSerializerSnapshot;
import org.apache.flink.core.memory.DataInputView;
import org.apache.flink.core.memory.DataOutputSerializer;
import org.apache.flink.core.memory.DataOutputView;
import org.lambdamusic.speed.types.CompactSerializer;
import org.lambdamusic.speed.types.TypeCodes;

/**
 * Checkpoint format of {@link UserEventLog}: partition, event count, then per event id, track id,
 * interaction type code ({@link TypeCodes}), timestamp, offset; then log floor, last offset,
 * updated-at, flush-due-at, last-seen. Strings are their UTF-8 length and bytes. A new format gets
 * a new snapshot class (this is the second: UTF-8 strings, and last-seen replaced Flink's state
 * TTL, see {@link UserProfileOperator}); the state is disposable (it is rebuilt from the served
 * watermark), so an incompatible checkpoint is deleted by {@code ./pipeline reset speed}, not
 * migrated.
 */
public final class UserEventLogSerializer extends CompactSerializer<UserEventLog> {
    private static final long serialVersionUID = 1L;

    /**
     * A user's bytes are assembled here and handed to the checkpoint stream in one write: the
     * stream's per-byte path (one virtual call chain per byte) dominated checkpoint time. Per
     * instance, hence {@link #duplicate()} returns a new serializer for each thread.
     */
    private transient DataOutputSerializer scratch;

    @Override
    public TypeSerializer<UserEventLog> duplicate() {
        return new UserEventLogSerializer();
    }

    @Override
    public boolean isImmutableType() {
        return false;
    }

    @Override
    public UserEventLog createInstance() {
        return new UserEventLog();
    }

    /** Deep enough: the arrays are copied, the strings in them are immutable and shared. */
    @Override
    public UserEventLog copy(UserEventLog from) {
        UserEventLog to = new UserEventLog();
        to.partition = from.partition;
        to.size = from.size;
        to.eventIds = Arrays.copyOf(from.eventIds, from.eventIds.length);
        to.eventIdHashes = Arrays.copyOf(from.eventIdHashes, from.eventIdHashes.length);
        to.trackIds = Arrays.copyOf(from.trackIds, from.trackIds.length);
        to.types = Arrays.copyOf(from.types, from.types.length);
        to.timestamps = Arrays.copyOf(from.timestamps, from.timestamps.length);
        to.offsets = Arrays.copyOf(from.offsets, from.offsets.length);
        to.logFloor = from.logFloor;
        to.lastOffset = from.lastOffset;
        to.updatedAt = from.updatedAt;
        to.oldestTimestamp = from.oldestTimestamp;
        to.flushDueAt = from.flushDueAt;
        to.idSet = null; // made again when needed
        to.lastSeen = from.lastSeen;
        // The view JSON cache is shared, not copied: the copy clones it before it appends.
        to.json = from.json;
        to.jsonStart = from.jsonStart;
        to.jsonEnd = from.jsonEnd;
        to.jsonEntries = from.jsonEntries;
        to.jsonEntryEnd = Arrays.copyOf(from.jsonEntryEnd, from.jsonEntryEnd.length);
        to.jsonOwned = false;
        to.viewPrefix = from.viewPrefix; // immutable
        to.viewPrefixPartition = from.viewPrefixPartition;
        return to;
    }

    @Override
    public void serialize(UserEventLog log, DataOutputView target) throws IOException {
        if (scratch == null) {
            scratch = new DataOutputSerializer(8192);
        }
        DataOutputSerializer out = scratch;
        out.clear();
        out.writeInt(log.partition);
        out.writeInt(log.size);
        for (int i = 0; i < log.size; i++) {
            writeString(log.eventIds[i], out);
            writeString(log.trackIds[i], out);
            out.writeByte(TypeCodes.codeOfOrdinal(log.types[i]));
            out.writeLong(log.timestamps[i]);
            out.writeLong(log.offsets[i]);
        }
        out.writeLong(log.logFloor);
        out.writeLong(log.lastOffset);
        out.writeLong(log.updatedAt);
        out.writeLong(log.flushDueAt);
        out.writeLong(log.lastSeen);
        target.write(out.getSharedBuffer(), 0, out.length());
    }

    @Override
    public UserEventLog deserialize(DataInputView in) throws IOException {
        UserEventLog log = new UserEventLog();
        log.partition = in.readInt();
        int size = in.readInt();
        log.size = size;
        log.eventIds = new String[size];
        log.eventIdHashes = new int[size];
        log.trackIds = new String[size];
        log.types = new byte[size];
        log.timestamps = new long[size];
        log.offsets = new long[size];
        log.jsonEntryEnd = new int[size];
        long oldest = Long.MAX_VALUE;
        for (int i = 0; i < size; i++) {
            log.eventIds[i] = readString(in);
            log.eventIdHashes[i] = log.eventIds[i].hashCode();
            log.trackIds[i] = readString(in);
            log.types[i] = (byte) TypeCodes.type(in.readByte()).ordinal();
            log.timestamps[i] = in.readLong();
            log.offsets[i] = in.readLong();
            oldest = Math.min(oldest, log.timestamps[i]);
        }
        log.oldestTimestamp = oldest;
        log.logFloor = in.readLong();
        log.lastOffset = in.readLong();
        log.updatedAt = in.readLong();
        log.flushDueAt = in.readLong();
        log.lastSeen = in.readLong();
        return log;
    }

    /**
     * Length and UTF-8 bytes: the JDK encodes an id (ASCII in practice) with one array copy, where
     * Flink's {@code StringValue} writes char by char, which was most of the checkpoint thread's
     * time.
     */
    private static void writeString(String s, DataOutputSerializer out) throws IOException {
        byte[] bytes = s.getBytes(StandardCharsets.UTF_8);
        out.writeInt(bytes.length);
        out.write(bytes);
    }

    private static String readString(DataInputView in) throws IOException {
        byte[] bytes = new byte[in.readInt()];
        in.readFully(bytes);
        return new String(bytes, StandardCharsets.UTF_8);
    }

    @Override
    public TypeSerializerSnapshot<UserEventLog> snapshotConfiguration() {
        return new LastSeenSnapshot();
    }

    /**
     * Restores this serializer. The first format's snapshot class ({@code Snapshot}, without
     * last-seen) is gone, so a checkpoint of it fails at start with a clear error instead of being
     * misread; a new format gets a new snapshot class here.
     */
    public static final class LastSeenSnapshot extends SimpleTypeSerializerSnapshot<UserEventLog> {
        public LastSeenSnapshot() {
            super(UserEventLogSerializer::new);
        }
    }
}
