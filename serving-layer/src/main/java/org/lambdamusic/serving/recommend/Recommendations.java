package org.lambdamusic.serving.recommend;

import com.fasterxml.jackson.databind.PropertyNamingStrategies;
import com.fasterxml.jackson.databind.annotation.JsonNaming;
import java.util.List;
import org.lambdamusic.serving.catalog.TrackItem;

/**
 * POST /api/recommend answer: best score first, never the seed, never an excluded track.
 *
 * @param seed the seed track; null for recommendations "for you"
 * @param mode {@code similar} (to the seed track), {@code for_you} (ranked for the listener: their
 *     collaborative-filtering vector, their liked tracks' sound, popularity) or {@code trending} (a
 *     listener the system knows nothing to rank with, and no seed)
 * @param exclude which of the user's tracks were left out ("for you" always leaves out every track
 *     the listener played, liked or skipped: {@code heard})
 * @param excluded how many catalogue tracks that left out
 * @param profile the scoring profile that ranked ({@link ScoringProfile}); {@code trending} for a
 *     trending answer
 * @param reason why the list is empty although the request was valid (a profile whose signal the
 *     listener or the seed lacks); null otherwise
 */
@JsonNaming(PropertyNamingStrategies.SnakeCaseStrategy.class)
public record Recommendations(
        TrackItem seed,
        String userId,
        String modelVersion,
        String mode,
        String exclude,
        int excluded,
        List<Recommendation> recommendations,
        String profile,
        String reason) {

    public static final String SIMILAR = "similar";
    public static final String FOR_YOU = "for_you";
    public static final String TRENDING = "trending";

    /**
     * Why a track is recommended.
     *
     * @param similarity the unboosted score, so that {@code score = similarity × boost}: the cosine
     *     of seed and candidate (the stored float32 widened exactly) for {@code similar}; for the
     *     other profiles their score before the artist boost (for you: the blend of {@code cf},
     *     {@code content} and {@code popularity} by the scoring weights); 0 for a trending pick
     * @param boost the artist boost (1.2 by default) when an artist of the candidate is one the
     *     user liked, else 1.0
     * @param score similarity × boost; for a trending pick, its trending score
     * @param boostedBy the liked artist that gave the boost, null when not boosted
     * @param source {@code trending} for a trending pick, else {@code similarity} (ranked by the
     *     model; {@code signal} says by what)
     * @param signal what put the track in the list: {@code cf}, {@code content} or {@code
     *     popularity} (the largest weighted part of a "for you" score), {@code similarity}, {@code
     *     kappa}, {@code also_play} (the seed profiles) or {@code trending}
     * @param cf the collaborative-filtering part in [0, 1]: for you, the listener's vector · the
     *     track's factors over the best such product; also_play, the cosine of the seed's and the
     *     track's factors; null where not used
     * @param content the content part: for you, the cosine of the track to the listener's liked
     *     tracks' centroid (negative counts 0); kappa, the cosine to the seed; null where not used
     * @param popularity the popularity part in [0, 1]: for you, the popularity prior (the track's
     *     all-time score in the master dataset, log-scaled; Spotify popularity / 100 without
     *     interactions); kappa, Spotify popularity × 0.01; null where not used
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
            String source,
            String signal,
            Double cf,
            Double content,
            Double popularity) {

        static final String SIMILARITY_SOURCE = "similarity";
        static final String TRENDING_SOURCE = "trending";

        /** The signal of a trending pick (not one of contracts' ranking signals). */
        static final String TRENDING_SIGNAL = "trending";
    }
}
