package org.lambdamusic.serving.recommend;

import io.swagger.v3.oas.annotations.Operation;
import jakarta.validation.Valid;
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
            summary = "Tracks most similar to the seed, boosted ×1.2 for artists the user liked",
            description =
                    "score = cosine × 1.2 (ARTIST_BOOST) when any artist of the candidate is among"
                            + " the artists of the user's liked tracks, else cosine. Never returns"
                            + " the seed, nor the user's tracks that `exclude` names (default"
                            + " skipped). Without track_id, recommends for the user from the"
                            + " centroid of their liked tracks, or trending tracks when they have"
                            + " no likes. Each item says its similarity, boost and the liked artist"
                            + " that gave the boost.")
    @PostMapping(value = "/api/recommend", consumes = MediaType.APPLICATION_JSON_VALUE)
    public Recommendations recommend(@Valid @RequestBody RecommendRequest request) {
        return recommender.recommend(
                request.trackId(),
                request.userId(),
                request.topNOrDefault(),
                request.excludeOrDefault());
    }
}
