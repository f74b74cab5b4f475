package org.lambdamusic.speed.profile;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import org.apache.flink.api.common.typeinfo.TypeInfo;
import org.lambdamusic.contracts.interaction.InteractionEvent;
import org.lambdamusic.contracts.interaction.InteractionType;
import org.lambdamusic.contracts.view.InteractionCounts;
import org.lambdamusic.contracts.view.RecentInteraction;
import org.lambdamusic.contracts.view.UserProfileView;

/**
 * What the speed layer remembers about one listener (keyed state): the last N interactions by event
 * time, newest first; liked tracks in the order first liked; counts; and whether a view update is
 * waiting to be published.
 *
 * <p>Kept as parallel arrays (no object per interaction) with its own {@link
 * UserHistorySerializer}: the heap state backend copies a user's state when it changes during a
 * checkpoint, and the arrays make that copy a few {@code Arrays.copyOf} calls instead of a
 * reflective walk over 50 objects. The view is written straight from the arrays to JSON ({@link
 * ProfileViewWriter}).
 */
@TypeInfo(UserHistoryTypeInfoFactory.class)
public final class UserHistory {
    private static final String[] NO_STRINGS = new String[0];
    private static final InteractionType[] TYPES = InteractionType.values();

    // Recent interactions, newest first; slots [0, size) are used.
    String[] eventIds = NO_STRINGS;
    // The ids' hash codes, compared first: scanning one int array for a redelivery is much cheaper
    // than touching 50 strings scattered over the heap. Not checkpointed (recomputed on restore).
    int[] eventIdHashes = new int[0];
    String[] trackIds = NO_STRINGS;
    byte[] types = new byte[0]; // InteractionType ordinal
    long[] timestamps = new long[0];
    int size;

    // Liked track ids, first-liked order; slots [0, likedCount) are used.
    String[] liked = NO_STRINGS;
    int likedCount;

    long plays;
    long likes;
    long skips;
    long updatedAt = Long.MIN_VALUE;

    /** Processing time at which a pending view update is due, or 0 when nothing is pending. */
    long flushDueAt;

    public UserHistory() {}

    /**
     * Folds one event in.
     *
     * @return false when the event was already seen (same event id among the recent ones), so a
     *     redelivered event is not counted twice
     */
    public boolean apply(InteractionEvent event, int historySize) {
        if (isRecent(event.eventId())) {
            return false;
        }
        switch (event.type()) {
            case PLAY -> plays++;
            case LIKE -> {
                likes++;
                addLiked(event.trackId());
            }
            case SKIP -> skips++;
        }
        remember(event, historySize);
        updatedAt = Math.max(updatedAt, event.timestamp());
        return true;
    }

    public int recentCount() {
        return size;
    }

    public long flushDueAt() {
        return flushDueAt;
    }

    public void flushDueAt(long dueAt) {
        this.flushDueAt = dueAt;
    }

    private boolean isRecent(String eventId) {
        int hash = eventId.hashCode();
        for (int i = 0; i < size; i++) {
            if (eventIdHashes[i] == hash && eventIds[i].equals(eventId)) {
                return true;
            }
        }
        return false;
    }

    private void addLiked(String trackId) {
        for (int i = 0; i < likedCount; i++) {
            if (liked[i].equals(trackId)) {
                return;
            }
        }
        if (likedCount == liked.length) {
            liked = Arrays.copyOf(liked, Math.max(4, likedCount * 2));
        }
        liked[likedCount++] = trackId;
    }

    /** Inserts by event time (newest first; a tie goes after the entries already there). */
    private void remember(InteractionEvent event, int historySize) {
        if (size > historySize) {
            size = historySize; // the configured size shrank since this state was written
        }
        int at = 0;
        while (at < size && timestamps[at] >= event.timestamp()) {
            at++;
        }
        if (at >= historySize) {
            return; // older than everything we keep
        }
        if (size == eventIds.length) {
            grow(Math.min(historySize, Math.max(4, size * 2)));
        }
        // Shift [at, size) right by one, dropping the oldest when full.
        int moved = Math.min(size, historySize - 1) - at;
        if (moved > 0) {
            System.arraycopy(eventIds, at, eventIds, at + 1, moved);
            System.arraycopy(eventIdHashes, at, eventIdHashes, at + 1, moved);
            System.arraycopy(trackIds, at, trackIds, at + 1, moved);
            System.arraycopy(types, at, types, at + 1, moved);
            System.arraycopy(timestamps, at, timestamps, at + 1, moved);
        }
        eventIds[at] = event.eventId();
        eventIdHashes[at] = event.eventId().hashCode();
        trackIds[at] = event.trackId();
        types[at] = (byte) event.type().ordinal();
        timestamps[at] = event.timestamp();
        size = Math.min(size + 1, historySize);
    }

    private void grow(int capacity) {
        eventIds = Arrays.copyOf(eventIds, capacity);
        eventIdHashes = Arrays.copyOf(eventIdHashes, capacity);
        trackIds = Arrays.copyOf(trackIds, capacity);
        types = Arrays.copyOf(types, capacity);
        timestamps = Arrays.copyOf(timestamps, capacity);
    }

    /** The same view as a contracts record (tests and tools; the job writes JSON directly). */
    public UserProfileView toView(String userId) {
        List<RecentInteraction> recent = new ArrayList<>(size);
        for (int i = 0; i < size; i++) {
            recent.add(
                    new RecentInteraction(
                            eventIds[i], trackIds[i], TYPES[types[i]].wireName(), timestamps[i]));
        }
        return new UserProfileView(
                userId,
                recent,
                Arrays.asList(Arrays.copyOf(liked, likedCount)),
                new InteractionCounts(plays, likes, skips),
                updatedAt);
    }
}
