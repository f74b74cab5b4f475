package org.lambdamusic.contracts.listener;

import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import org.lambdamusic.contracts.interaction.InteractionType;
import org.lambdamusic.contracts.view.InteractionCounts;
import org.lambdamusic.contracts.view.RecentInteraction;

/**
 * The one definition of how a listener's events add up, applied by the batch layer (over the
 * archive, up to the watermark) and by the serving layer (speed events after it, on top of the
 * batch view). Events must come in offset order: a listener's events share one partition, so
 * offsets are the order in which the system received them.
 *
 * <ul>
 *   <li>Counts: every event counts once as a play, like or skip, whatever came before.
 *   <li>Likes and skips: the later of a like and a skip of the same track decides. A skip after a
 *       like moves the track from the liked to the skipped tracks (the listener went off it); a
 *       like after a skip moves it back, at the end. Liking a liked track, or skipping a skipped
 *       one, changes nothing.
 *   <li>Played tracks: every track played at least once, in the order first played.
 *   <li>Recent history: the {@code historySize} newest events by event time, ties broken by the
 *       later offset, so a late event lands where it happened and the result does not depend on how
 *       the events were split between batch and speed.
 * </ul>
 *
 * Redeliveries (same event id) are dropped before the fold, by whoever holds the event ids.
 */
public final class ListenerFold {

    private final String userId;
    private final int partition;
    private final int historySize;
    private long plays;
    private long likes;
    private long skips;
    private final LinkedHashSet<String> liked;
    private final LinkedHashSet<String> skipped;
    private final LinkedHashSet<String> played;
    private final ArrayList<RecentInteraction> recent; // newest first
    private long lastOffset;

    public ListenerFold(String userId, int partition, int historySize) {
        this(ListenerView.empty(userId, partition), historySize);
    }

    /** Continues from a view (the batch view), as if its events had been folded here. */
    public ListenerFold(ListenerView base, int historySize) {
        if (historySize <= 0) {
            throw new IllegalArgumentException("history size must be > 0");
        }
        this.userId = base.userId();
        this.partition = base.partition();
        this.historySize = historySize;
        this.plays = base.counts().play();
        this.likes = base.counts().like();
        this.skips = base.counts().skip();
        this.liked = new LinkedHashSet<>(base.likedTracks());
        this.skipped = new LinkedHashSet<>(base.skippedTracks());
        this.played = new LinkedHashSet<>(base.playedTracks());
        this.recent = new ArrayList<>(Math.min(historySize, base.recent().size() + 8));
        List<RecentInteraction> kept = base.recent();
        for (int i = 0; i < kept.size() && i < historySize; i++) {
            recent.add(kept.get(i));
        }
        this.lastOffset = base.lastOffset();
    }

    /**
     * @param event an event with its offset; must not be below the offsets already folded in
     * @throws IllegalArgumentException when offsets go backwards or the type is unknown
     */
    public void apply(RecentInteraction event) {
        if (event.offset() <= lastOffset) {
            throw new IllegalArgumentException(
                    "offset "
                            + event.offset()
                            + " of user "
                            + userId
                            + " is not after "
                            + lastOffset);
        }
        InteractionType type =
                InteractionType.fromWire(event.interactionType())
                        .orElseThrow(
                                () ->
                                        new IllegalArgumentException(
                                                "unknown interaction_type "
                                                        + event.interactionType()));
        switch (type) {
            case PLAY -> {
                plays++;
                played.add(event.trackId());
            }
            case LIKE -> {
                likes++;
                skipped.remove(event.trackId());
                liked.add(event.trackId());
            }
            case SKIP -> {
                skips++;
                liked.remove(event.trackId());
                skipped.add(event.trackId());
            }
        }
        remember(event);
        lastOffset = event.offset();
    }

    private void remember(RecentInteraction event) {
        int at = 0;
        while (at < recent.size() && isNewer(recent.get(at), event)) {
            at++;
        }
        if (at >= historySize) {
            return;
        }
        recent.add(at, event);
        if (recent.size() > historySize) {
            recent.remove(recent.size() - 1);
        }
    }

    private static boolean isNewer(RecentInteraction a, RecentInteraction b) {
        return a.timestamp() != b.timestamp()
                ? a.timestamp() > b.timestamp()
                : a.offset() > b.offset();
    }

    public long lastOffset() {
        return lastOffset;
    }

    public ListenerView view() {
        return new ListenerView(
                userId,
                partition,
                new InteractionCounts(plays, likes, skips),
                List.copyOf(liked),
                List.copyOf(skipped),
                List.copyOf(played),
                List.copyOf(recent),
                lastOffset);
    }
}
