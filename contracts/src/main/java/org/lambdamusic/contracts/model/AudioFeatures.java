package org.lambdamusic.contracts.model;

import java.util.List;

/** The eleven Spotify audio features the model is built on, in matrix column order. */
public final class AudioFeatures {
    public static final List<String> NAMES =
            List.of(
                    "danceability",
                    "energy",
                    "key",
                    "loudness",
                    "mode",
                    "speechiness",
                    "acousticness",
                    "instrumentalness",
                    "liveness",
                    "valence",
                    "tempo");

    public static final int COUNT = NAMES.size();

    private AudioFeatures() {}
}
