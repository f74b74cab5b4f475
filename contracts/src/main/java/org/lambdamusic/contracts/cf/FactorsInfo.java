package org.lambdamusic.contracts.cf;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonProperty;

/**
 * The manifest's {@code factors}: how the version's collaborative-filtering factors were trained,
 * so an operator can reproduce them (same ratings, same settings, same seed → same factors).
 *
 * @param algorithm {@link #ALGORITHM}
 * @param rank latent factors per listener and track
 * @param regParam λ
 * @param alpha confidence scale
 * @param iterations alternating sweeps
 * @param seed initialisation seed
 * @param ratings (listener, track) ratings trained on
 * @param listeners listeners with factors
 * @param tracks tracks with factors
 * @param trainMs wall time of the training
 */
@JsonInclude(JsonInclude.Include.NON_NULL)
public record FactorsInfo(
        @JsonProperty("algorithm") String algorithm,
        @JsonProperty("rank") int rank,
        @JsonProperty("reg_param") double regParam,
        @JsonProperty("alpha") double alpha,
        @JsonProperty("iterations") int iterations,
        @JsonProperty("seed") long seed,
        @JsonProperty("ratings") long ratings,
        @JsonProperty("listeners") long listeners,
        @JsonProperty("tracks") long tracks,
        @JsonProperty("train_ms") long trainMs) {

    public static final String ALGORITHM = "spark-ml-als-implicit";
    public static final String ITEM_FILE = "item_factors.bin";
    public static final String LISTENER_FILE = "listener_factors.csv.gz";
}
