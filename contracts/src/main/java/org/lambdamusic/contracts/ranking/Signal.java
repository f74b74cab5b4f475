package org.lambdamusic.contracts.ranking;

import java.util.Locale;

/** Which signal put a track in a ranking: the largest weighted term of its score. */
public enum Signal {
    /** Collaborative filtering: listeners with this taste play it. */
    CF,
    /** Content: it sounds like the tracks the listener liked. */
    CONTENT,
    /** Popularity: many listeners play it. */
    POPULARITY,
    /** Cosine similarity to the seed track (the default "similar to"). */
    SIMILARITY,
    /** The earlier system's Kappa profile: similarity plus popularity, seed genre boosted. */
    KAPPA,
    /** "Listeners who play this also play": the seed's nearest tracks by their ALS factors. */
    ALSO_PLAY;

    public String wireName() {
        return name().toLowerCase(Locale.ROOT);
    }
}
