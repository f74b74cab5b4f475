package org.lambdamusic.contracts.model;

import com.fasterxml.jackson.annotation.JsonProperty;
import java.util.List;

/**
 * scaler.json: z = (x - mean) / scale per feature, with scikit-learn StandardScaler semantics
 * (population standard deviation; a zero-variance feature gets scale 1).
 */
public record ScalerParams(
        @JsonProperty("features") List<String> features,
        @JsonProperty("mean") double[] mean,
        @JsonProperty("scale") double[] scale) {

    /** Standardizes one raw feature vector (in {@link AudioFeatures#NAMES} order). */
    public double[] standardize(double[] raw) {
        double[] z = new double[raw.length];
        for (int i = 0; i < raw.length; i++) {
            z[i] = (raw[i] - mean[i]) / scale[i];
        }
        return z;
    }
}
