package org.lambdamusic.serving.recommend;

import com.fasterxml.jackson.databind.PropertyNamingStrategies;
import com.fasterxml.jackson.databind.annotation.JsonNaming;
import java.util.List;
import org.lambdamusic.serving.catalog.TrackItem;

/** POST /api/recommend answer: best score first, never the seed. */
@JsonNaming(PropertyNamingStrategies.SnakeCaseStrategy.class)
public record Recommendations(
        TrackItem seed, String userId, String modelVersion, List<Recommendation> recommendations) {

    /**
     * @param similarity cosine of seed and candidate (the stored float32, widened exactly)
     * @param boost 1.2 when an artist of the candidate is one the user liked, else 1.0
     * @param score similarity × boost
     */
    @JsonNaming(PropertyNamingStrategies.SnakeCaseStrategy.class)
    public record Recommendation(
            String trackId,
            String trackName,
            String artists,
            double similarity,
            double boost,
            double score) {}
}
