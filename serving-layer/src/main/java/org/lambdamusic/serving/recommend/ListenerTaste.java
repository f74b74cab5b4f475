package org.lambdamusic.serving.recommend;

import java.util.concurrent.atomic.AtomicReference;
import org.lambdamusic.contracts.model.AudioFeatures;
import org.lambdamusic.contracts.model.CatalogTrack;
import org.lambdamusic.contracts.model.ScalerParams;
import org.lambdamusic.serving.model.SimilarityModel;
import org.springframework.stereotype.Component;

/**
 * "For you": the cosine of every recommendable track to the centroid of a listener's liked tracks,
 * in the model's standardized feature space (z = (x − mean) / scale, the batch job's scaler). The
 * candidates' unit vectors are built once per model, on the first request that needs them (n × 11
 * floats: 4 MB for the full catalogue), so a request is one pass of n dot products.
 */
@Component
public class ListenerTaste {
    private static final int F = AudioFeatures.COUNT;

    private record UnitVectors(long generation, float[] values) {}

    private final AtomicReference<UnitVectors> vectors = new AtomicReference<>();

    /**
     * The unit centroid of the liked tracks' standardized vectors, or null when none of them is in
     * the catalogue or they cancel out.
     */
    static double[] centroid(SimilarityModel model, Iterable<String> likedTrackIds) {
        ScalerParams scaler = model.scaler();
        double[] sum = new double[F];
        int count = 0;
        for (String trackId : likedTrackIds) {
            int row = model.catalog().rowOf(trackId);
            if (row < 0) {
                continue;
            }
            double[] z = scaler.standardize(model.catalog().track(row).features());
            for (int f = 0; f < F; f++) {
                sum[f] += z[f];
            }
            count++;
        }
        return count == 0 ? null : unit(sum);
    }

    /** Cosines of every matrix row to a unit centroid, into {@code out} (length ≥ model.size()). */
    void cosines(SimilarityModel model, double[] centroid, float[] out) {
        float[] v = unitVectors(model);
        int n = model.size();
        for (int row = 0, at = 0; row < n; row++, at += F) {
            double dot = 0;
            for (int f = 0; f < F; f++) {
                dot += centroid[f] * v[at + f];
            }
            out[row] = (float) dot;
        }
    }

    private float[] unitVectors(SimilarityModel model) {
        UnitVectors cached = vectors.get();
        if (cached != null && cached.generation() == model.generation()) {
            return cached.values();
        }
        int n = model.size();
        float[] values = new float[n * F];
        ScalerParams scaler = model.scaler();
        for (int row = 0; row < n; row++) {
            CatalogTrack t = model.catalog().track(row);
            double[] z = unit(scaler.standardize(t.features()));
            for (int f = 0; f < F; f++) {
                values[row * F + f] = z == null ? 0f : (float) z[f];
            }
        }
        vectors.set(new UnitVectors(model.generation(), values));
        return values;
    }

    private static double[] unit(double[] v) {
        double norm = 0;
        for (double x : v) {
            norm += x * x;
        }
        if (!(norm > 0)) {
            return null;
        }
        double inv = 1 / Math.sqrt(norm);
        double[] u = new double[v.length];
        for (int i = 0; i < v.length; i++) {
            u[i] = v[i] * inv;
        }
        return u;
    }
}
