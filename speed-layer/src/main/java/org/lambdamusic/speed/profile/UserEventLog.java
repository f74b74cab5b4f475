package org.lambdamusic.speed.profile;

import java.lang.reflect.Type;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import org.apache.flink.api.common.typeinfo.TypeInfo;
import org.apache.flink.api.common.typeinfo.TypeInfoFactory;
import org.apache.flink.api.common.typeinfo.TypeInformation;
import org.lambdamusic.contracts.interaction.InteractionEvent;
import org.lambdamusic.contracts.interaction.InteractionType;
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
 * offset already folded in are not accepted.
 *
 * <p>Kept as parallel arrays (no object per event) with its own {@link UserEventLogSerializer}: the
 * heap state backend copies a user's state when it changes during a checkpoint, and the arrays make
 * that copy a few {@code Arrays.copyOf} calls. The view is written straight from the arrays to JSON
 * ({@link ProfileViewWriter}).
 */
@TypeInfo(UserEventLog.Factory.class)
public final class UserEventLog {
    private static final String[] NO_STRINGS = new String[0];
    private static final InteractionType[] TYPES = InteractionType.values();

    /** The user-interactions partition of the logged events, -1 before the first one. */
    int partition = -1;

    // The log, ascending offset; slots [0, size) are used.
    String[] eventIds = NO_STRINGS;
    // The ids' hash codes, compared first: scanning one int array for a redelivery is much cheaper
    // than touching every id string scattered over the heap. Not checkpointed (rebuilt on restore).
    int[] eventIdHashes = new int[0];
    String[] trackIds = NO_STRINGS;
    byte[] types = new byte[0]; // InteractionType ordinal
    long[] timestamps = new long[0];
    long[] offsets = new long[0];
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

    // The view's "events" JSON of the first jsonEntries entries, as ProfileViewWriter writes them,
    // comma-separated, in json[jsonStart, jsonEnd); entry i ends at jsonEntryEnd[i] (a parallel
    // array). Every entry is immutable and appears in every later view of the user, so each is
    // written once and a view copies the bytes (the writer's per-character escaping was the job's
    // largest cost once views carried the whole log). Not checkpointed: null after a restore or a
    // removal that is not a prefix, rebuilt by the next view. A copy shares the buffer (see
    // UserEventLogSerializer.copy): only its owner appends in place, after jsonEnd, which a sharer
    // never reads; a sharer that appends clones it first; removals only move jsonStart.
    byte[] json;
    int jsonStart;
    int jsonEnd;
    int jsonEntries;
    int[] jsonEntryEnd = new int[0];
    boolean jsonOwned;

    // The view's {"user_id":…,"partition":…} prefix, written once (ProfileViewWriter). Not
    // checkpointed; immutable once made, so copies share it.
    byte[] viewPrefix;
    int viewPrefixPartition = -1;

    public UserEventLog() {}

    /**
     * Folds one event in and applies the retention.
     *
     * @return false when the event is not accepted: a redelivery (same event id in the log) or a
     *     record already folded in (offset at or below the newest one); it counts nowhere
     */
    public boolean apply(PositionedEvent positioned, long retentionMs, int maxEvents) {
        return apply(positioned, retentionMs, maxEvents, -1);
    }

    /**
     * Folds one event in and applies the retention; an event at or below {@code trimThrough} (the
     * {@link org.lambdamusic.speed.served.TrimPoint} of its partition) is accepted but not kept:
     * every batch view a reader can be serving holds it already.
     *
     * @return false when the event is not accepted: a redelivery (same event id in the log) or a
     *     record already folded in (offset at or below the newest one); it counts nowhere
     */
    public boolean apply(
            PositionedEvent positioned, long retentionMs, int maxEvents, long trimThrough) {
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
        if (contains(event.eventId())) {
            return false;
        }
        if (positioned.offset() <= trimThrough) {
            logFloor = Math.max(logFloor, positioned.offset());
            updatedAt = Math.max(updatedAt, event.timestamp());
            return true;
        }
        append(positioned.offset(), event);
        prune(retentionMs, maxEvents);
        return true;
    }

    /**
     * Drops the events at or below {@code through}: the batch view of every version a serving
     * instance can be serving holds them. The log is in offset order, so they are a prefix, and the
     * cached view JSON keeps the rest. Raises the floor to the highest offset dropped.
     *
     * @return how many events were dropped
     */
    public int trim(long through) {
        int k = 0;
        while (k < size && offsets[k] <= through) {
            k++;
        }
        if (k == 0) {
            return 0;
        }
        logFloor = Math.max(logFloor, offsets[k - 1]);
        int firstKeptStart = k < jsonEntries ? jsonEntryEnd[k - 1] + 1 : jsonEnd;
        int left = size - k;
        System.arraycopy(eventIds, k, eventIds, 0, left);
        System.arraycopy(eventIdHashes, k, eventIdHashes, 0, left);
        System.arraycopy(trackIds, k, trackIds, 0, left);
        System.arraycopy(types, k, types, 0, left);
        System.arraycopy(timestamps, k, timestamps, 0, left);
        System.arraycopy(offsets, k, offsets, 0, left);
        if (k < jsonEntries) {
            System.arraycopy(jsonEntryEnd, k, jsonEntryEnd, 0, jsonEntries - k);
        }
        dropJson(k, k, firstKeptStart);
        idSet = null;
        Arrays.fill(eventIds, left, size, null);
        Arrays.fill(trackIds, left, size, null);
        size = left;
        long oldest = Long.MAX_VALUE;
        for (int i = 0; i < size; i++) {
            oldest = Math.min(oldest, timestamps[i]);
        }
        oldestTimestamp = oldest;
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

    private boolean contains(String eventId) {
        int hash = eventId.hashCode();
        if (!mayContain(hash)) {
            return false; // the common case: one probe, no scan
        }
        int[] hashes = eventIdHashes;
        for (int i = size - 1; i >= 0; i--) { // a redelivery is usually recent
            if (hashes[i] == hash && eventIds[i].equals(eventId)) {
                return true;
            }
        }
        return false;
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
        if (idSet == null) {
            rebuildIdSet(); // includes the entry just appended
            return;
        }
        if (2 * (idSetCount + 1) > idSet.length) {
            rebuildIdSet();
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

    private void append(long offset, InteractionEvent event) {
        if (size == eventIds.length) {
            grow(Math.max(4, size * 2));
        }
        eventIds[size] = event.eventId();
        eventIdHashes[size] = event.eventId().hashCode();
        trackIds[size] = event.trackId();
        types[size] = (byte) event.type().ordinal();
        timestamps[size] = event.timestamp();
        offsets[size] = offset;
        size++;
        addToIdSet(eventIdHashes[size - 1]);
        updatedAt = Math.max(updatedAt, event.timestamp());
        oldestTimestamp = Math.min(oldestTimestamp, event.timestamp());
    }

    /**
     * Drops the events older than the newest event time minus the retention, then the oldest by
     * offset beyond {@code maxEvents}, in one compacting pass; usually nothing is due and this is
     * two comparisons.
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
        int kept = 0;
        int prefix = 0; // entries dropped before the first one kept
        int prefixJsonEnd = jsonStart; // where the cached JSON of the first kept entry starts
        long oldest = Long.MAX_VALUE;
        for (int i = 0; i < size; i++) {
            boolean keep = timestamps[i] >= cutoff && skipYoung-- <= 0;
            if (!keep) {
                logFloor = Math.max(logFloor, offsets[i]);
                if (kept == 0) {
                    prefix++;
                }
                continue;
            }
            if (kept == 0 && i > 0 && i < jsonEntries) {
                prefixJsonEnd = jsonEntryEnd[i - 1] + 1; // skip the comma; read before the move
            }
            if (kept != i) {
                eventIds[kept] = eventIds[i];
                eventIdHashes[kept] = eventIdHashes[i];
                trackIds[kept] = trackIds[i];
                types[kept] = types[i];
                timestamps[kept] = timestamps[i];
                offsets[kept] = offsets[i];
                if (i < jsonEntries) {
                    jsonEntryEnd[kept] = jsonEntryEnd[i];
                }
            }
            oldest = Math.min(oldest, timestamps[i]);
            kept++;
        }
        dropJson(size - kept, prefix, prefixJsonEnd);
        idSet = null;
        Arrays.fill(eventIds, kept, size, null);
        Arrays.fill(trackIds, kept, size, null);
        size = kept;
        oldestTimestamp = oldest;
    }

    /**
     * Keeps the cached JSON valid after {@code dropped} entries were removed: when they were the
     * first ones and all cached, the cache starts after them; otherwise it is rebuilt later.
     */
    private void dropJson(int dropped, int prefix, int firstKeptStart) {
        if (json == null || dropped == 0) {
            return;
        }
        if (dropped != prefix || prefix > jsonEntries) {
            json = null;
            jsonEntries = 0;
            return;
        }
        jsonEntries -= prefix;
        jsonStart = jsonEntries == 0 ? jsonEnd : firstKeptStart;
    }

    private void clear() {
        idSet = null;
        json = null;
        jsonEntries = 0;
        Arrays.fill(eventIds, 0, size, null);
        Arrays.fill(trackIds, 0, size, null);
        size = 0;
        logFloor = -1;
        lastOffset = -1;
        oldestTimestamp = Long.MAX_VALUE;
    }

    private void grow(int capacity) {
        eventIds = Arrays.copyOf(eventIds, capacity);
        eventIdHashes = Arrays.copyOf(eventIdHashes, capacity);
        trackIds = Arrays.copyOf(trackIds, capacity);
        types = Arrays.copyOf(types, capacity);
        timestamps = Arrays.copyOf(timestamps, capacity);
        offsets = Arrays.copyOf(offsets, capacity);
        jsonEntryEnd = Arrays.copyOf(jsonEntryEnd, capacity);
    }

    /** The same view as a contracts record (tests and tools; the job writes JSON directly). */
    public UserProfileView toView(String userId) {
        List<RecentInteraction> events = new ArrayList<>(size);
        for (int i = 0; i < size; i++) {
            events.add(
                    new RecentInteraction(
                            eventIds[i],
                            trackIds[i],
                            TYPES[types[i]].wireName(),
                            timestamps[i],
                            offsets[i]));
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
