package org.lambdamusic.serving.recommend;

import org.lambdamusic.serving.catalog.ArtistIndex;

/**
 * The rescorer of the hybrid score: a candidate by an artist the user liked gets its cosine
 * multiplied by {@value #FACTOR}, any other keeps it (ARCHITECTURE.md, "Serving layer contract").
 */
public final class ArtistBoost {
    public static final double FACTOR = 1.2;
    public static final double NONE = 1.0;

    private ArtistBoost() {}

    /**
     * @param likedArtistIds the user's liked artists as sorted ArtistIndex ids (empty: no boost)
     */
    public static double of(ArtistIndex artists, int candidateRow, int[] likedArtistIds) {
        return artists.anyArtistIn(candidateRow, likedArtistIds) ? FACTOR : NONE;
    }

    public static double score(float similarity, double boost) {
        return similarity * boost;
    }
}
