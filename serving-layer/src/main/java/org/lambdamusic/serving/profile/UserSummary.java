package org.lambdamusic.serving.profile;

import com.fasterxml.jackson.databind.PropertyNamingStrategies;
import com.fasterxml.jackson.databind.annotation.JsonNaming;
import java.util.List;
import org.lambdamusic.contracts.view.InteractionCounts;

/** GET /api/user/{user_id}: the speed layer's view enriched with names from the served model. */
@JsonNaming(PropertyNamingStrategies.SnakeCaseStrategy.class)
public record UserSummary(
        String userId,
        List<RecentItem> recent,
        List<LikedTrack> likedTracks,
        List<String> likedArtists,
        InteractionCounts counts) {

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
}
