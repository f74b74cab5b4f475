package org.lambdamusic.contracts.config;

import java.util.Map;

/**
 * The one scoring configuration of "for you": how much each signal weighs in the blend, read by the
 * serving layer (which ranks with it and shows it in /api/stats) and by the batch layer (which
 * measures the blend with the same weights before it publishes). Each signal is scaled to [0, 1]
 * before weighting ({@code ForYouRanking}). The defaults are written only here.
 *
 * <table>
 *   <tr><th>variable</th><th>default</th><th>meaning</th></tr>
 *   <tr><td>SCORING_CF_WEIGHT</td><td>1.0</td><td>collaborative filtering: listener vector · track factors, over the best</td></tr>
 *   <tr><td>SCORING_CONTENT_WEIGHT</td><td>0.05</td><td>content: cosine to the centroid of the listener's liked tracks</td></tr>
 *   <tr><td>SCORING_POPULARITY_WEIGHT</td><td>0.2</td><td>popularity prior: listeners of the track in the master dataset</td></tr>
 * </table>
 */
public record ScoringSettings(double cfWeight, double contentWeight, double popularityWeight) {
    public static final double DEFAULT_CF_WEIGHT = 1.0;
    // Tuned with the batch evaluation on the replayed Last.fm listeners (BENCHMARKS.md, issue 16);
    // differences between nearby weightings were within the evaluation's noise (about ±0.015).
    public static final double DEFAULT_CONTENT_WEIGHT = 0.05;
    public static final double DEFAULT_POPULARITY_WEIGHT = 0.2;

    public static final ScoringSettings DEFAULTS =
            new ScoringSettings(
                    DEFAULT_CF_WEIGHT, DEFAULT_CONTENT_WEIGHT, DEFAULT_POPULARITY_WEIGHT);

    /** The single-signal profiles the evaluation compares the blend with. */
    public static final ScoringSettings CF_ONLY = new ScoringSettings(1, 0, 0);

    public static final ScoringSettings CONTENT_ONLY = new ScoringSettings(0, 1, 0);
    public static final ScoringSettings POPULARITY_ONLY = new ScoringSettings(0, 0, 1);

    public ScoringSettings {
        for (double w : new double[] {cfWeight, contentWeight, popularityWeight}) {
            if (!(w >= 0) || Double.isInfinite(w)) {
                throw new IllegalArgumentException("scoring weights must be numbers >= 0");
            }
        }
        if (cfWeight + contentWeight + popularityWeight == 0) {
            throw new IllegalArgumentException("at least one scoring weight must be > 0");
        }
    }

    public static ScoringSettings fromEnvironment() {
        return from(System.getenv());
    }

    public static ScoringSettings from(Map<String, String> env) {
        return new ScoringSettings(
                EnvValues.decimal(env, "SCORING_CF_WEIGHT", DEFAULT_CF_WEIGHT),
                EnvValues.decimal(env, "SCORING_CONTENT_WEIGHT", DEFAULT_CONTENT_WEIGHT),
                EnvValues.decimal(env, "SCORING_POPULARITY_WEIGHT", DEFAULT_POPULARITY_WEIGHT));
    }
}
