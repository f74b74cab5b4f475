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
 * @param profile how to rank ({@link ScoringProfile}): without a seed blend (default), cf, content
 *     or popularity; with one similarity (default), kappa or also_play
 */
@JsonNaming(PropertyNamingStrategies.SnakeCaseStrategy.class)
public record RecommendRequest(
        @Size(max = 64) @Pattern(regexp = ".*\\S.*", message = "must not be blank") String trackId,
        @Size(max = 128) @Pattern(regexp = ".*\\S.*", message = "must not be blank") String userId,
        @Min(1) @Max(100) Integer topN,
        @Pattern(regexp = Exclude.PATTERN, message = "must be one of none, played, skipped, heard")
                String exclude,
        @Pattern(
                        regexp = ScoringProfile.PATTERN,
                        message =
                                "must be one of blend, cf, content, popularity (for you, no"
                                        + " track_id) or similarity, kappa, also_play (with a"
                                        + " track_id)")
                String profile) {

    public static final int DEFAULT_TOP_N = 10;

    public int topNOrDefault() {
        return topN == null ? DEFAULT_TOP_N : topN;
    }

    public Exclude excludeOrDefault() {
        return Exclude.fromWire(exclude);
    }

    /** The named profile, or the default of the request's kind; call after validation. */
    public ScoringProfile profileOrDefault() {
        return ScoringProfile.fromWire(profile, trackId != null);
    }

    @AssertTrue(message = "give a track_id, or a user_id for recommendations for you")
    boolean isSeedOrUserGiven() {
        return trackId != null || userId != null;
    }

    @AssertTrue(
            message =
                    "profile blend, cf, content and popularity rank for you (leave out track_id);"
                            + " similarity, kappa and also_play rank tracks for a track_id")
    boolean isProfileOfTheRequestKind() {
        if (profile == null || !profile.matches(ScoringProfile.PATTERN)) {
            return true; // the default, or the pattern's own error
        }
        return ScoringProfile.fromWire(profile, trackId != null).forYou() == (trackId == null);
    }
}
