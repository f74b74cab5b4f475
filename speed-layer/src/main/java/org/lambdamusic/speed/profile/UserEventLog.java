package org.lambdamusic.speed.profile;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.lang.reflect.Type;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import org.apache.flink.api.common.typeinfo.TypeInfo;
import org.apache.flink.api.common.typeinfo.TypeInfoFactory;
import org.apache.flink.api.common.typeinfo.TypeInformation;
import org.lambdamusic.contracts.ContractsJson;
import org.lambdamusic.contracts.interaction.InteractionEvent;
import org.lambdamusic.contracts.view.RecentInteraction;
import org.lambdamusic.contracts.view.UserProfileView;
import org.lambdamusic.speed.types.SerializerTypeInfo;
import org.lambdamusic.speed.validation.PositionedEvent;

/**
 * What the speed layer remembers about one listener (keyed state): the log of the user's accepted
 * events, in offset order, each with its offset; the highest offset it dropped ({@code logFloor});
 * and whether a view update is waiting to be published. Counts, likes and history are not kept: the
 * serving layer folds the events after the served batch watermark onto the batch view (contracts'
 * {@code ListenerMerge}), so this state holds nothing the batch view could already hold twice, and
 * it can be dropped and rebuilt from the watermark at any time.
 *
 * <p>Retention, applied on every event so the log depends only on the events (a replay gives the
 * same log): events older than the user's newest event time minus {@code retentionMs} are dropped,
 * then the oldest by offset beyond {@code maxEvents}; every dropped event raises {@code logFloor}
 * to its offset. A redelivery (an event id already in the log) and a record at or below the newest
 * offset already folded in are not accepted. The served watermark trims a prefix ({@link #trim}).
 *
 * <p>Each event is kept as the JSON it has in every view of the user ({@code {"event_id",
 * "track_id","interaction_type","timestamp","offset"}}, written once by the {@link
 * ProfileViewWriter}'s generator when the event joins), comma-separated in one byte array, beside
 * parallel arrays of what the log decides on (id hash, type, event time, offset): no object per
 * event, no reference arrays. So a view is a copy of those bytes, a checkpoint writes them in one
 * piece ({@link UserEventLogSerializer}), the heap backend's copy-on-write copy is a few {@code
 * Arrays.copyOf} calls, and the garbage collector has nothing per event to trace or to remember
 * across generations (two strings per event and the arrays pointing at them were a fifth of the
 * job's CPU in GC in the benchmark's profile).
 */
@TypeInfo(UserEventLog.Factory.class)
public final class UserEventLog {
    /** The entries' JSON starts with this, then the event id as a JSON string. */
    static final int ID_AT = "{\"event_id\":".length();

    /** The user-interactions partition of the logged events, -1 before the first one. */
    int partition = -1;

    // The log, ascending offset; slots [0, size) are used.
    int[] eventIdHashes = new int[0];
    byte[] types = new byte[0]; // InteractionType ordinal
    long[] timestamps = new long[0];
    long[] offsets = new long[0];
    // Entry i is json[start(i), entryEnd[i]), start(0) = jsonStart, start(i) = entryEnd[i - 1] + 1
    // (after the comma). Copies share the array (UserEventLogSerializer.copy); of the logs sharing
    // it, one at most owns it (jsonOwned) and appends in place, after its jsonEnd, which is at or
    // beyond every other sharer's (ownership only passes from the owner to its copy, which starts
    // at the same jsonEnd). The others move to an array of their own before they append, and a
    // removal moves jsonStart or compacts into a new array: bytes a sharer reads never change.
    int[] entryEnd = new int[0];
    byte[] json;
    int jsonStart;
    int jsonEnd;
    boolean jsonOwned = true;
    int size;

    /** Highest offset dropped from the log by retention, or -1. */
    long logFloor = -1;

    /** Newest offset folded in (accepted or a redelivery), kept when the log is pruned. */
    long lastOffset = -1;

    /** Newest event time folded in. */
    long updatedAt = Long.MIN_VALUE;

    /** Oldest event time in the log (Long.MAX_VALUE when empty). Not checkpointed (recomputed). */
    long oldestTimestamp = Long.MAX_VALUE;

    /** Processing time at which a pending view update is due, or 0 when nothing is pending. */
    long flushDueAt;

    /** Processing time of the listener's last event: the state expires a TTL after it. */
    long lastSeen;

    // The view's {"user_id":…,"partition":…} prefix, written once (ProfileViewWriter). Not
    // checkpointed; immutable once made, so copies share it.
    byte[] viewPrefix;
    int viewPrefixPartition = -1;

    public UserEventLog() {}

    /**
     * Folds one event in and applies the retention (tests and tools: a writer per thread).
     *
     * @return false when the event is not accepted: a redelivery (same event id in the log) or a
     *     record already folded in (offset at or below the newest one); it counts nowhere
     */
    public boolean apply(PositionedEvent positioned, long retentionMs, int maxEvents) {
        return apply(positioned, retentionMs, maxEvents, -1);
    }

    /** As below, with a writer per thread (tests and tools). */
    public boolean apply(
            PositionedEvent positioned, long retentionMs, int maxEvents, long trimThrough) {
        return apply(
                positioned, retentionMs, maxEvents, trimThrough, ProfileViewWriter.ofThisThread());
    }

    /**
     * Folds one event in and applies the retention; an event at or below {@code trimThrough} (the
     * {@link org.lambdamusic.speed.served.TrimPoint} of its partition) is accepted but not kept:
     * every batch view a reader can be serving holds it already.
     *
     * @param writer writes the event's JSON (the operator's one)
     * @return false when the event is not accepted: a redelivery (same event id in the log) or a
     *     record already folded in (offset at or below the newest one); it counts nowhere
     */
    public boolean apply(
            PositionedEvent positioned,
            long retentionMs,
            int maxEvents,
            long trimThrough,
            ProfileViewWriter writer) {
        InteractionEvent event = positioned.event();
        if (positioned.partition() != partition) {
            if (partition >= 0) {
                // The topic's partition count changed and so did this user's partition: offsets of
                // the two partitions do not compare, so a new log starts. The events of the old
                // partition after the watermark reach the serving layer with the next batch run.
                clear();
            }
            partition = positioned.partition();
        }
        if (positioned.offset() <= lastOffset) {
            return false;
        }
        lastOffset = positioned.offset();
        if (contains(event.eventId(), writer)) {
            return false;
        }
        if (positioned.offset() <= trimThrough) {
            logFloor = Math.max(logFloor, positioned.offset());
            updatedAt = Math.max(updatedAt, event.timestamp());
            return true;
        }
        append(positioned.offset(), event, writer);
        prune(retentionMs, maxEvents);
        return true;
    }

    /**
     * Drops the events at or below {@code through}: the batch view of every version a serving
     * instance can be serving holds them. The log is in offset order, so they are a prefix. Raises
     * the floor to the highest offset dropped.
     *
     * @return how many events were dropped
     */
    public int trim(long through) {
        int k = 0;
        while (k < size && offsets[k] <= through) {
            k++;
        }
        dropPrefix(k);
        return k;
    }

    /** The user-interactions partition of the logged events, -1 before the first one. */
    public int partition() {
        return partition;
    }

    public int size() {
        return size;
    }

    public long logFloor() {
        return logFloor;
    }

    public long flushDueAt() {
        return flushDueAt;
    }

    public void flushDueAt(long dueAt) {
        this.flushDueAt = dueAt;
    }

    public long lastSeen() {
        return lastSeen;
    }

    public void lastSeen(long processingTime) {
        this.lastSeen = processingTime;
    }

    /** Where entry {@code i}'s JSON starts. */
    int start(int i) {
        return i == 0 ? jsonStart : entryEnd[i - 1] + 1;
    }

    private boolean contains(String eventId, ProfileViewWriter writer) {
        int hash = eventId.hashCode();
        if (!mayContain(hash)) {
            return false; // the common case: one probe, no scan
        }
        byte[] quoted = null;
        for (int i = size - 1; i >= 0; i--) { // a redelivery is usually recent
            if (eventIdHashes[i] == hash) {
                if (quoted == null) {
                    quoted = writer.quoted(eventId); // as the entries hold it
                }
                if (idEquals(i, quoted)) {
                    return true;
                }
            }
        }
        return false;
    }

    /** Whether entry {@code i}'s event id, as JSON, is {@code quoted} (quotes included). */
    private boolean idEquals(int i, byte[] quoted) {
        int at = start(i) + ID_AT;
        if (at + quoted.length > entryEnd[i]) {
            return false;
        }
        return Arrays.equals(json, at, at + quoted.length, quoted, 0, quoted.length);
    }

    // An open-addressing set of the logged ids' hash codes (0 marks an empty slot, a hash of 0 is
    // kept as 1), so a redelivery check is a probe or two instead of a scan of the whole log (the
    // scan was a tenth of the task thread with 200-event logs). Not checkpointed, not shared with
    // copies: made again from eventIdHashes after a removal, a restore or a copy.
    int[] idSet;
    int idSetCount;

    private boolean mayContain(int hash) {
        if (idSet == null) {
            rebuildIdSet();
        }
        int key = hash == 0 ? 1 : hash;
        int mask = idSet.length - 1;
        for (int slot = mix(key) & mask; idSet[slot] != 0; slot = (slot + 1) & mask) {
            if (idSet[slot] == key) {
                return true;
            }
        }
        return false;
    }

    private void addToIdSet(int hash) {
        if (idSet == null || 2 * (idSetCount + 1) > idSet.length) {
            rebuildIdSet(); // includes the entry just appended
            return;
        }
        insert(idSet, hash);
        idSetCount++;
    }

    private void rebuildIdSet() {
        int capacity = 16;
        while (capacity < 2 * (size + 1)) {
            capacity <<= 1;
        }
        idSet = new int[capacity];
        for (int i = 0; i < size; i++) {
            insert(idSet, eventIdHashes[i]);
        }
        idSetCount = size;
    }

    private static void insert(int[] set, int hash) {
        int key = hash == 0 ? 1 : hash;
        int mask = set.length - 1;
        int slot = mix(key) & mask;
        while (set[slot] != 0 && set[slot] != key) {
            slot = (slot + 1) & mask;
        }
        set[slot] = key;
    }

    private static int mix(int h) {
        return h ^ (h >>> 16) * 0x45d9f3b;
    }

    private void append(long offset, InteractionEvent event, ProfileViewWriter writer) {
        if (size == offsets.length) {
            grow(Math.max(4, size * 2));
        }
        int length =
                writer.entry(
                        event.eventId(), event.trackId(), event.type(), event.timestamp(), offset);
        int comma = size > 0 ? 1 : 0;
        if (json == null || !jsonOwned || jsonEnd + comma + length > json.length) {
            reallocate(comma + length + ProfileViewWriter.ENTRY_BYTES * Math.max(4, size));
        }
        if (comma == 1) {
            json[jsonEnd++] = ',';
        }
        writer.copyEntry(json, jsonEnd);
        jsonEnd += length;
        entryEnd[size] = jsonEnd;
        eventIdHashes[size] = event.eventId().hashCode();
        types[size] = (byte) event.type().ordinal();
        timestamps[size] = event.timestamp();
        offsets[size] = offset;
        size++;
        addToIdSet(eventIdHashes[size - 1]);
        updatedAt = Math.max(updatedAt, event.timestamp());
        oldestTimestamp = Math.min(oldestTimestamp, event.timestamp());
    }

    /**
     * Moves the entries' bytes to a new array of their own with room for {@code extra} more (never
     * in place: a copy of the log may share the old array and still read it).
     */
    private void reallocate(int extra) {
        int length = json == null ? 0 : jsonEnd - jsonStart;
        byte[] own = new byte[Math.max(256, Math.max(2 * length, length + extra))];
        if (length > 0) {
            System.arraycopy(json, jsonStart, own, 0, length);
        }
        for (int k = 0; k < size; k++) {
            entryEnd[k] -= jsonStart;
        }
        json = own;
        jsonStart = 0;
        jsonEnd = length;
        jsonOwned = true;
    }

    /**
     * Drops the events older than the newest event time minus the retention, then the oldest by
     * offset beyond {@code maxEvents}; usually nothing is due and this is two comparisons.
     */
    void prune(long retentionMs, int maxEvents) {
        long cutoff = updatedAt - retentionMs; // updatedAt >= 0: validated events only
        if (oldestTimestamp >= cutoff && size <= maxEvents) {
            return;
        }
        int young = 0;
        for (int i = 0; i < size; i++) {
            if (timestamps[i] >= cutoff) {
                young++;
            }
        }
        int skipYoung = Math.max(0, young - maxEvents); // the oldest by offset beyond the cap
        boolean[] keep = new boolean[size];
        int leading = -1; // entries dropped before the first one kept
        boolean prefixOnly = true;
        for (int i = 0; i < size; i++) {
            keep[i] = timestamps[i] >= cutoff && skipYoung-- <= 0;
            if (keep[i] && leading < 0) {
                leading = i;
            } else if (!keep[i] && leading >= 0) {
                prefixOnly = false;
            }
        }
        if (prefixOnly) {
            dropPrefix(leading < 0 ? size : leading); // the cap usually drops just the oldest
        } else {
            compact(keep);
        }
    }

    /** Drops the first {@code k} entries: the bytes stay, the log starts after them. */
    private void dropPrefix(int k) {
        if (k == 0) {
            return;
        }
        logFloor = Math.max(logFloor, offsets[k - 1]); // offsets ascend
        int left = size - k;
        jsonStart = left > 0 ? entryEnd[k - 1] + 1 : jsonEnd;
        System.arraycopy(eventIdHashes, k, eventIdHashes, 0, left);
        System.arraycopy(types, k, types, 0, left);
        System.arraycopy(timestamps, k, timestamps, 0, left);
        System.arraycopy(offsets, k, offsets, 0, left);
        System.arraycopy(entryEnd, k, entryEnd, 0, left);
        size = left;
        afterRemoval();
    }

    /** Keeps the entries {@code keep} says, in order, in a new array of their own. */
    private void compact(boolean[] keep) {
        byte[] out = new byte[Math.max(256, jsonEnd - jsonStart)];
        int at = 0;
        int kept = 0;
        int oldStart = jsonStart;
        for (int i = 0; i < size; i++) {
            int oldEnd = entryEnd[i]; // read before entryEnd[kept] is written (kept <= i)
            if (keep[i]) {
                if (kept > 0) {
                    out[at++] = ',';
                }
                System.arraycopy(json, oldStart, out, at, oldEnd - oldStart);
                at += oldEnd - oldStart;
                eventIdHashes[kept] = eventIdHashes[i];
                types[kept] = types[i];
                timestamps[kept] = timestamps[i];
                offsets[kept] = offsets[i];
                entryEnd[kept] = at;
                kept++;
            } else {
                logFloor = Math.max(logFloor, offsets[i]);
            }
            oldStart = oldEnd + 1;
        }
        json = out;
        jsonStart = 0;
        jsonEnd = at;
        jsonOwned = true;
        size = kept;
        afterRemoval();
    }

    private void afterRemoval() {
        idSet = null;
        long oldest = Long.MAX_VALUE;
        for (int i = 0; i < size; i++) {
            oldest = Math.min(oldest, timestamps[i]);
        }
        oldestTimestamp = oldest;
    }

    private void clear() {
        size = 0;
        json = null;
        jsonStart = 0;
        jsonEnd = 0;
        jsonOwned = true;
        idSet = null;
        logFloor = -1;
        lastOffset = -1;
        oldestTimestamp = Long.MAX_VALUE;
    }

    private void grow(int capacity) {
        eventIdHashes = Arrays.copyOf(eventIdHashes, capacity);
        types = Arrays.copyOf(types, capacity);
        timestamps = Arrays.copyOf(timestamps, capacity);
        offsets = Arrays.copyOf(offsets, capacity);
        entryEnd = Arrays.copyOf(entryEnd, capacity);
    }

    /**
     * The same view as a contracts record, the entries read back from their JSON (tests and tools;
     * the job writes JSON directly).
     */
    public UserProfileView toView(String userId) {
        List<RecentInteraction> events = new ArrayList<>(size);
        for (int i = 0; i < size; i++) {
            try {
                events.add(
                        ContractsJson.read(
                                Arrays.copyOfRange(json, start(i), entryEnd[i]),
                                RecentInteraction.class));
            } catch (IOException e) {
                throw new UncheckedIOException(e); // written by the generator: cannot happen
            }
        }
        return new UserProfileView(userId, partition, events, logFloor, updatedAt);
    }

    /** Gives the log its own compact serializer; never a POJO or Kryo serializer. */
    public static final class Factory extends TypeInfoFactory<UserEventLog> {
        @Override
        public TypeInformation<UserEventLog> createTypeInfo(
                Type t, Map<String, TypeInformation<?>> genericParameters) {
            return new SerializerTypeInfo<>(UserEventLog.class, UserEventLogSerializer::new);
        }
    }
}
