package org.lambdamusic.contracts.view;

import com.fasterxml.jackson.annotation.JsonProperty;
import java.util.List;

/**
 * The speed layer's per-user view, an upsert on the compacted {@code user-profiles} topic keyed by
 * user id: the latest record for a key is the user's whole current state.
 *
 * @param userId the listener
 * @param recent the last N interactions, newest first
 * @param likedTracks track ids the user liked, oldest first, without repeats
 * @param counts plays, likes and skips so far
 * @param updatedAt event time of the newest interaction folded in, epoch ms
 */
public record UserProfileView(
        @JsonProperty("user_id") String userId,
        @JsonProperty("recent") List<RecentInteraction> recent,
        @JsonProperty("liked_tracks") List<String> likedTracks,
        @JsonProperty("counts") InteractionCounts counts,
        @JsonProperty("updated_at") long updatedAt) {

    public UserProfileView {
        recent = recent == null ? List.of() : List.copyOf(recent);
        likedTracks = likedTracks == null ? List.of() : List.copyOf(likedTracks);
        counts = counts == null ? InteractionCounts.ZERO : counts;
    }
}
