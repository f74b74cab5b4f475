package org.lambdamusic.contracts.ranking;

/**
 * What "for you" knows of a listener's taste: their ALS factors (null without any: no interactions
 * on trained tracks) and the unit centroid of their liked tracks in the content space (null without
 * likes).
 */
public record Taste(float[] factors, double[] centroid) {
    public static final Taste NONE = new Taste(null, null);

    public boolean isEmpty() {
        return factors == null && centroid == null;
    }
}
