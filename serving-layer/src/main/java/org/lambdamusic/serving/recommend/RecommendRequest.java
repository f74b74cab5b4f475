package org.lambdamusic.serving.recommend;

import com.fasterxml.jackson.databind.PropertyNamingStrategies;
import com.fasterxml.jackson.databind.annotation.JsonNaming;
import jakarta.validation.constraints.Max;
import jakarta.validation.constraints.Min;
import jakarta.validation.constraints.NotBlank;
import jakarta.validation.constraints.Pattern;
import jakarta.validation.constraints.Size;

/**
 * POST /api/recommend body.
 *
 * @param userId optional: with it, tracks by artists the user liked are boosted
 * @param topN how many recommendations, 1..100, default 10
 */
@JsonNaming(PropertyNamingStrategies.SnakeCaseStrategy.class)
public record RecommendRequest(
        @NotBlank @Size(max = 64) String trackId,
        @Size(max = 128) @Pattern(regexp = ".*\\S.*", message = "must not be blank") String userId,
        @Min(1) @Max(100) Integer topN) {

    public static final int DEFAULT_TOP_N = 10;

    public int topNOrDefault() {
        return topN == null ? DEFAULT_TOP_N : topN;
    }
}
