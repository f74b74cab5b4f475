package org.lambdamusic.serving.recommend;

import com.fasterxml.jackson.databind.PropertyNamingStrategies;
import com.fasterxml.jackson.databind.annotation.JsonNaming;
import java.util.List;
import org.lambdamusic.serving.catalog.TrackItem;

/**
 * POST /api/recommend answer: best score first, never the seed, never an excluded track.
 *
 * @param seed the seed track; null for recommendations "for you"
 * @param mode {@code similar} (to the seed track), {@code for_you} (to the centroid of the user's
 *     liked tracks) or {@code trending} (a user without likes and no seed)
 * @param exclude which of the user's tracks were left out
 * @param excluded how many catalogue tracks that left out
 */
@JsonNaming(PropertyNamingStrategies.SnakeCaseStrategy.class)
public record Recommendations(
        TrackItem seed,
        String userId,
        String modelVersion,
        String mode,
        String exclude,
        int excluded,
        List<Recommendation> recommendations) {

    public static final String SIMILAR = "similar";
    public static final String FOR_YOU = "for_you";
    public static final String TRENDING = "trending";

    /**
     * Why a track is recommended.
     *
     * @param similarity cosine of seed (or the liked tracks' centroid) and candidate, the stored
     *     float32 widened exactly; 0 for a trending pick
     * @param boost the artist boost (1.2 by default) when an artist of the candidate is one the
     *     user liked, else 1.0
     * @param score similarity × boost; for a trending pick, its trending score
     * @param boostedBy the liked artist that gave the boost, null when not boosted
     * @param source {@code similarity} or {@code trending}
     */
    @JsonNaming(PropertyNamingStrategies.SnakeCaseStrategy.class)
    public record Recommendation(
            String trackId,
            String trackName,
            String artists,
            double similarity,
            double boost,
            double score,
            String boostedBy,
            String source) {}
}
