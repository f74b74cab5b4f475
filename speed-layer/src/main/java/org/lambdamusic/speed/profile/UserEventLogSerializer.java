package org.lambdamusic.speed.profile;

import java.io.IOException;
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
 * Checkpoint format of {@link UserEventLog}: partition, event count, log floor, last offset,
 * updated-at, flush-due-at, last-seen; per event its id's hash code, interaction type code ({@link
 * TypeCodes}), timestamp, offset and where its JSON ends; then the entries' JSON (the bytes every
 * view copies) in one piece, so writing a log is a few loops over primitives and one array copy. A
 * new format gets a new snapshot class (this is the second: UTF-8 strings, and last-seen replaced
 * Flink's state TTL, see {@link UserProfileOperator}); the state is disposable (it is rebuilt from
 * the served watermark), so an incompatible checkpoint is deleted by {@code ./pipeline reset
 * speed}, not migrated.
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

    /**
     * Deep enough: the arrays are copied, the entries' bytes shared (bytes a log holds never change
     * in place; only the array's one owner appends after them). Changes {@code from}: it gives up
     * its id set and its right to append in place, which it gets back by moving to arrays of its
     * own when it changes.
     */
    @Override
    public UserEventLog copy(UserEventLog from) {
        UserEventLog to = new UserEventLog();
        to.partition = from.partition;
        to.size = from.size;
        to.eventIdHashes = Arrays.copyOf(from.eventIdHashes, from.eventIdHashes.length);
        to.types = Arrays.copyOf(from.types, from.types.length);
        to.timestamps = Arrays.copyOf(from.timestamps, from.timestamps.length);
        to.offsets = Arrays.copyOf(from.offsets, from.offsets.length);
        to.entryEnd = Arrays.copyOf(from.entryEnd, from.entryEnd.length);
        // Shared, not copied. Whoever owned the array hands the right to append in place to the
        // copy: the heap backend copies a log the first time the task touches it during an
        // asynchronous snapshot, gives the copy to the task and writes the original, so the copy
        // is the one that grows. It appends after the original's jsonEnd, which the snapshot never
        // reads; the original, should anything append to it, would move to an array of its own
        // first (UserEventLog.append). Copying the bytes instead made every listener touched during
        // a snapshot reallocate its log: a few hundred MB of old-generation garbage per checkpoint
        // in the speed benchmark.
        to.json = from.json;
        to.jsonStart = from.jsonStart;
        to.jsonEnd = from.jsonEnd;
        to.jsonOwned = from.jsonOwned;
        from.jsonOwned = false;
        to.logFloor = from.logFloor;
        to.lastOffset = from.lastOffset;
        to.updatedAt = from.updatedAt;
        to.oldestTimestamp = from.oldestTimestamp;
        to.flushDueAt = from.flushDueAt;
        to.lastSeen = from.lastSeen;
        // Derived, so handed over too: the original makes it again if it is ever asked.
        to.idSet = from.idSet;
        to.idSetCount = from.idSetCount;
        from.idSet = null;
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
        int n = log.size;
        out.writeInt(log.partition);
        out.writeInt(n);
        out.writeLong(log.logFloor);
        out.writeLong(log.lastOffset);
        out.writeLong(log.updatedAt);
        out.writeLong(log.flushDueAt);
        out.writeLong(log.lastSeen);
        for (int i = 0; i < n; i++) {
            out.writeInt(log.eventIdHashes[i]);
            out.writeByte(TypeCodes.codeOfOrdinal(log.types[i]));
            out.writeLong(log.timestamps[i]);
            out.writeLong(log.offsets[i]);
            out.writeInt(log.entryEnd[i] - log.jsonStart); // relative to the first entry
        }
        int bytes = n == 0 ? 0 : log.jsonEnd - log.jsonStart;
        out.writeInt(bytes);
        if (bytes > 0) {
            out.write(log.json, log.jsonStart, bytes); // every entry's JSON in one piece
        }
        target.write(out.getSharedBuffer(), 0, out.length());
    }

    @Override
    public UserEventLog deserialize(DataInputView in) throws IOException {
        UserEventLog log = new UserEventLog();
        log.partition = in.readInt();
        int n = in.readInt();
        log.size = n;
        log.logFloor = in.readLong();
        log.lastOffset = in.readLong();
        log.updatedAt = in.readLong();
        log.flushDueAt = in.readLong();
        log.lastSeen = in.readLong();
        log.eventIdHashes = new int[n];
        log.types = new byte[n];
        log.timestamps = new long[n];
        log.offsets = new long[n];
        log.entryEnd = new int[n];
        long oldest = Long.MAX_VALUE;
        for (int i = 0; i < n; i++) {
            log.eventIdHashes[i] = in.readInt();
            log.types[i] = (byte) TypeCodes.type(in.readByte()).ordinal();
            log.timestamps[i] = in.readLong();
            log.offsets[i] = in.readLong();
            log.entryEnd[i] = in.readInt();
            oldest = Math.min(oldest, log.timestamps[i]);
        }
        log.oldestTimestamp = oldest;
        byte[] json = new byte[in.readInt()];
        in.readFully(json);
        log.json = json;
        log.jsonStart = 0;
        log.jsonEnd = json.length;
        log.jsonOwned = true;
        return log;
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
