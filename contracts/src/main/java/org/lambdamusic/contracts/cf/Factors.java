package org.lambdamusic.contracts.cf;

/**
 * A version's collaborative-filtering model: how it was trained, the tracks' factors and the batch
 * listeners' factors. {@link #NONE} for a version trained without interactions.
 */
public record Factors(FactorsInfo info, ItemFactors items, ListenerFactors listeners) {
    public static final Factors NONE = new Factors(null, null, null);

    public boolean present() {
        return info != null;
    }
}
