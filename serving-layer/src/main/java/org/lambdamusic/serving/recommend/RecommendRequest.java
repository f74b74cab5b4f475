package org.lambdamusic.serving.recommend;

import com.fasterxml.jackson.databind.PropertyNamingStrategies;
import com.fasterxml.jackson.databind.annotation.JsonNaming;
import jakarta.validation.constraints.AssertTrue;
import jakarta.validation.constraints.Max;
import jakarta.validation.constraints.Min;
import jakarta.validation.constraints.Pattern;
import jakarta.validation.constraints.Size;

/**
 * POST /api/recommend body.
 *
 * @param trackId the seed; optional with a {@code user_id}: then the recommendations are "for you"
 * @param userId optional: with it, tracks by artists the user liked are boosted and the user's
 *     {@code exclude} tracks are left out
 * @param topN how many recommendations, 1..100, default 10
 * @param exclude none, played, skipped (default) or heard
 */
@JsonNaming(PropertyNamingStrategies.SnakeCaseStrategy.class)
public record RecommendRequest(
        @Size(max = 64) @Pattern(regexp = ".*\\S.*", message = "must not be blank") String trackId,
        @Size(max = 128) @Pattern(regexp = ".*\\S.*", message = "must not be blank") String userId,
        @Min(1) @Max(100) Integer topN,
        @Pattern(regexp = Exclude.PATTERN, message = "must be one of none, played, skipped, heard")
                String exclude) {

    public static final int DEFAULT_TOP_N = 10;

    public int topNOrDefault() {
        return topN == null ? DEFAULT_TOP_N : topN;
    }

    public Exclude excludeOrDefault() {
        return Exclude.fromWire(exclude);
    }

    @AssertTrue(message = "give a track_id, or a user_id for recommendations for you")
    boolean isSeedOrUserGiven() {
        return trackId != null || userId != null;
    }
}
