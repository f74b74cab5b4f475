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

    public UserEventLog() {}

    /**
     * Folds one event in and applies the retention.
     *
     * @return false when the event is not accepted: a redelivery (same event id in the log) or a
     *     record already folded in (offset at or below the newest one); it counts nowhere
     */
    public boolean apply(PositionedEvent positioned, long retentionMs, int maxEvents) {
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
        append(positioned.offset(), event);
        prune(retentionMs, maxEvents);
        return true;
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

    private boolean contains(String eventId) {
        int hash = eventId.hashCode();
        int[] hashes = eventIdHashes;
        for (int i = size - 1; i >= 0; i--) { // a redelivery is usually recent
            if (hashes[i] == hash && eventIds[i].equals(eventId)) {
                return true;
            }
        }
        return false;
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
