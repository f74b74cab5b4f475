package org.lambdamusic.serving.recommend;

import org.lambdamusic.contracts.ranking.ArtistIndex;

/**
 * The rescorer of the hybrid score: a candidate by an artist the user liked gets its cosine
 * multiplied by the factor ({@code ARTIST_BOOST}, 1.2 by default, shared with the other layers
 * through {@code FeedbackSettings}), any other keeps it (ARCHITECTURE.md, "Serving layer
 * contract").
 */
public record ArtistBoost(double factor) {
    public static final double NONE = 1.0;

    /**
     * @param likedArtistIds the user's liked artists as sorted ArtistIndex ids (empty: no boost)
     */
    public double of(ArtistIndex artists, int candidateRow, int[] likedArtistIds) {
        return artists.anyArtistIn(candidateRow, likedArtistIds) ? factor : NONE;
    }

    public static double score(float similarity, double boost) {
        return similarity * boost;
    }
}
