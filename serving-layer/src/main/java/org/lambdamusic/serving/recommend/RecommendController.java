package org.lambdamusic.serving.recommend;

import io.swagger.v3.oas.annotations.Operation;
import jakarta.validation.Valid;
import org.lambdamusic.serving.trace.RequestTrace;
import org.springframework.http.MediaType;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RestController;

/** POST /api/recommend. */
@RestController
public class RecommendController {
    private final Recommender recommender;

    public RecommendController(Recommender recommender) {
        this.recommender = recommender;
    }

    @Operation(
            summary =
                    "Tracks like a seed (boosted ×1.2 for artists the user liked), or for a"
                            + " listener: \"for you\"",
            description =
                    "With track_id: profile similarity (default) scores cosine × 1.2"
                            + " (ARTIST_BOOST) when any artist of the candidate is among the"
                            + " artists of the user's liked tracks, else cosine; kappa scores"
                            + " (cosine + 0.01 × popularity) × 1.2 for the seed's genre, also_play"
                            + " the cosine of the tracks' ALS factors to the seed's (empty, with a"
                            + " reason, for a seed nobody played). Never returns the seed, nor the"
                            + " user's tracks that `exclude` names (default skipped). Without"
                            + " track_id, \"for you\": profile blend (default) ranks every"
                            + " recommendable track by SCORING_CF_WEIGHT × cf + SCORING_CONTENT_WEIGHT"
                            + " × content + SCORING_POPULARITY_WEIGHT × popularity, × the artist"
                            + " boost, leaving out every track the listener played, liked or"
                            + " skipped; cf, content and popularity rank by one signal alone. A"
                            + " listener with nothing to rank by gets trending tracks. Each item"
                            + " says its unboosted score (similarity), boost, score, the liked"
                            + " artist that gave the boost, the signal that placed it and the"
                            + " parts of its score.")
    @PostMapping(value = "/api/recommend", consumes = MediaType.APPLICATION_JSON_VALUE)
    public Recommendations recommend(@Valid @RequestBody RecommendRequest request) {
        RequestTrace.listener(request.userId());
        return recommender.recommend(
                request.trackId(),
                request.userId(),
                request.topNOrDefault(),
                request.excludeOrDefault(),
                request.profileOrDefault());
    }
}
