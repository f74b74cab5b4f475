package org.lambdamusic.contracts.listener;

import com.fasterxml.jackson.annotation.JsonProperty;
import java.util.List;
import org.lambdamusic.contracts.view.InteractionCounts;
import org.lambdamusic.contracts.view.RecentInteraction;

/**
 * What the system knows of one listener: the batch view of a model version (every event up to its
 * watermark) and, after {@link ListenerMerge}, the answer the serving layer gives (batch view plus
 * the speed layer's events after the watermark). Both are the result of the same {@link
 * ListenerFold}, so a merged view equals a fold over all the listener's events.
 *
 * @param userId the listener
 * @param partition the user-interactions partition of the listener's events (-1 when unknown)
 * @param counts plays, likes and skips, all time
 * @param likedTracks tracks currently liked (see {@link ListenerFold} for the like/skip rule), in
 *     the order they were liked
 * @param skippedTracks tracks currently skipped (skipped, and not liked since), in skip order
 * @param playedTracks tracks played at least once, in the order first played
 * @param recent the newest interactions by event time (ties: later offset first), at most the
 *     configured history size
 * @param lastOffset the highest offset folded in, -1 when none
 */
public record ListenerView(
        @JsonProperty("user_id") String userId,
        @JsonProperty("partition") int partition,
        @JsonProperty("counts") InteractionCounts counts,
        @JsonProperty("liked_tracks") List<String> likedTracks,
        @JsonProperty("skipped_tracks") List<String> skippedTracks,
        @JsonProperty("played_tracks") List<String> playedTracks,
        @JsonProperty("recent") List<RecentInteraction> recent,
        @JsonProperty("last_offset") long lastOffset) {

    public ListenerView {
        counts = counts == null ? InteractionCounts.ZERO : counts;
        likedTracks = likedTracks == null ? List.of() : List.copyOf(likedTracks);
        skippedTracks = skippedTracks == null ? List.of() : List.copyOf(skippedTracks);
        playedTracks = playedTracks == null ? List.of() : List.copyOf(playedTracks);
        recent = recent == null ? List.of() : List.copyOf(recent);
    }

    public static ListenerView empty(String userId, int partition) {
        return new ListenerView(
                userId,
                partition,
                InteractionCounts.ZERO,
                List.of(),
                List.of(),
                List.of(),
                List.of(),
                -1);
    }
}
