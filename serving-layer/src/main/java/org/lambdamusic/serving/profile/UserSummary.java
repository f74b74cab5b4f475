package org.lambdamusic.serving.profile;

import com.fasterxml.jackson.databind.PropertyNamingStrategies;
import com.fasterxml.jackson.databind.annotation.JsonNaming;
import java.util.List;
import org.lambdamusic.contracts.view.InteractionCounts;

/**
 * GET /api/user/{user_id}: the merged listener (batch view up to the served watermark plus the
 * speed layer's events after it) with names from the served model.
 *
 * @param skippedTracks tracks skipped and not liked since
 * @param playedTracks distinct tracks played
 * @param sources where the answer comes from
 */
@JsonNaming(PropertyNamingStrategies.SnakeCaseStrategy.class)
public record UserSummary(
        String userId,
        List<RecentItem> recent,
        List<LikedTrack> likedTracks,
        List<String> likedArtists,
        List<String> skippedTracks,
        int playedTracks,
        InteractionCounts counts,
        Sources sources) {

    @JsonNaming(PropertyNamingStrategies.SnakeCaseStrategy.class)
    public record RecentItem(
            String eventId,
            String trackId,
            String trackName,
            String artists,
            String interactionType,
            long timestamp) {}

    @JsonNaming(PropertyNamingStrategies.SnakeCaseStrategy.class)
    public record LikedTrack(String trackId, String trackName, String artists) {}

    /**
     * @param modelVersion the version whose batch view was used
     * @param watermark that version's watermark offset in this listener's partition (-1: none)
     * @param batchEvents events counted from the batch view
     * @param speedEvents events counted from the speed layer, after the watermark
     * @param complete false when the speed layer dropped events after the watermark (see the speed
     *     layer's log retention): the counts may be short until the next batch run
     */
    @JsonNaming(PropertyNamingStrategies.SnakeCaseStrategy.class)
    public record Sources(
            String modelVersion,
            int partition,
            long watermark,
            long batchEvents,
            int speedEvents,
            boolean complete) {}
}
