package org.lambdamusic.contracts.config;

import java.util.Map;

/**
 * The collaborative-filtering model's hyperparameters (Spark MLlib ALS with implicit feedback),
 * read by the batch layer to train and by the serving layer to fold listeners in with the same
 * confidence and regularisation, so a folded-in vector solves the very equation the batch's last
 * user step solved. The defaults are written only here.
 *
 * <table>
 *   <tr><th>variable</th><th>default</th><th>meaning</th></tr>
 *   <tr><td>ALS_RANK</td><td>64</td><td>latent factors per listener and track</td></tr>
 *   <tr><td>ALS_REG</td><td>0.5</td><td>regularisation λ (scaled by a listener's positive tracks, as Spark does)</td></tr>
 *   <tr><td>ALS_ALPHA</td><td>2</td><td>confidence c = 1 + α·|r| of a rating r (feedback weights)</td></tr>
 *   <tr><td>ALS_ITERATIONS</td><td>12</td><td>alternating sweeps</td></tr>
 *   <tr><td>ALS_SEED</td><td>42</td><td>factor initialisation seed: same inputs and seed give the same factors</td></tr>
 * </table>
 */
public record AlsSettings(int rank, double regParam, double alpha, int iterations, long seed) {
    // Tuned on the replayed Last.fm listeners with the batch evaluation (BENCHMARKS.md, issue 16):
    // against rank 32, λ 0.05, α 8, blend NDCG@10 0.33 → 0.36 (sample), 0.29 → 0.33 (full).
    public static final int DEFAULT_RANK = 64;
    public static final double DEFAULT_REG = 0.5;
    public static final double DEFAULT_ALPHA = 2;
    public static final int DEFAULT_ITERATIONS = 12;
    public static final long DEFAULT_SEED = 42;

    public static final AlsSettings DEFAULTS =
            new AlsSettings(
                    DEFAULT_RANK, DEFAULT_REG, DEFAULT_ALPHA, DEFAULT_ITERATIONS, DEFAULT_SEED);

    public AlsSettings {
        if (rank < 1 || rank > 512) {
            throw new IllegalArgumentException("ALS_RANK must be in 1..512, got " + rank);
        }
        if (!(regParam >= 0) || Double.isInfinite(regParam)) {
            throw new IllegalArgumentException("ALS_REG must be a number >= 0");
        }
        if (!(alpha >= 0) || Double.isInfinite(alpha)) {
            throw new IllegalArgumentException("ALS_ALPHA must be a number >= 0");
        }
        if (iterations < 1 || iterations > 1000) {
            throw new IllegalArgumentException("ALS_ITERATIONS must be in 1..1000");
        }
    }

    public static AlsSettings fromEnvironment() {
        return from(System.getenv());
    }

    /**
     * @throws IllegalArgumentException naming the variable when a value is not a number
     */
    public static AlsSettings from(Map<String, String> env) {
        return new AlsSettings(
                (int) EnvValues.integer(env, "ALS_RANK", DEFAULT_RANK),
                EnvValues.decimal(env, "ALS_REG", DEFAULT_REG),
                EnvValues.decimal(env, "ALS_ALPHA", DEFAULT_ALPHA),
                (int) EnvValues.integer(env, "ALS_ITERATIONS", DEFAULT_ITERATIONS),
                EnvValues.integer(env, "ALS_SEED", DEFAULT_SEED));
    }
}
