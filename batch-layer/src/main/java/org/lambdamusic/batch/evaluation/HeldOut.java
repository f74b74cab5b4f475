package org.lambdamusic.batch.evaluation;

import java.util.Arrays;

/**
 * The held-out part of an evaluated listener's history, as the items a recommendation can find:
 * catalogue rows ({@link Rule#TIME}) or artist ids ({@link Rule#ARTIST}), ascending. Every item is
 * reachable: a held-out track is recommendable, a held-out artist has a recommendable track.
 */
record HeldOut(Rule rule, int[] items) {
    private static final int[] NONE = new int[0];

    enum Rule {
        /** The listener's latest tracks; a hit is one of them recommended. */
        TIME,
        /** Some of the listener's artists, all their tracks; a hit is a track by one of them. */
        ARTIST
    }

    /** Positions in {@link #items} that recommending {@code row} finds (empty: not a hit). */
    int[] foundBy(int row, CatalogueArtists artists) {
        if (rule == Rule.TIME) {
            int i = Arrays.binarySearch(items, row);
            return i >= 0 ? new int[] {i} : NONE;
        }
        int[] found = NONE;
        for (int artist : artists.of(row)) {
            int i = Arrays.binarySearch(items, artist);
            if (i >= 0) {
                found = Arrays.copyOf(found, found.length + 1);
                found[found.length - 1] = i;
            }
        }
        return found;
    }
}
