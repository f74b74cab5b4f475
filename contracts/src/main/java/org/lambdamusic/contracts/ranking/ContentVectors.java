package org.lambdamusic.contracts.ranking;

import java.util.List;
import org.lambdamusic.contracts.model.AudioFeatures;
import org.lambdamusic.contracts.model.CatalogTrack;
import org.lambdamusic.contracts.model.ScalerParams;

/**
 * The content signal: every recommendable track as a unit vector in the model's standardized
 * feature space (z = (x − mean) / scale, the batch job's scaler), n × 11 floats (4 MB for the full
 * catalogue), so the cosine of a track to a listener's centroid is one 11-term dot product.
 */
public final class ContentVectors {
    private static final int F = AudioFeatures.COUNT;

    private final ScalerParams scaler;
    private final float[] values;
    private final int n;

    public ContentVectors(ScalerParams scaler, List<CatalogTrack> tracks) {
        this.scaler = scaler;
        this.n = tracks.size();
        this.values = new float[n * F];
        for (int row = 0; row < n; row++) {
            double[] z = unit(scaler.standardize(tracks.get(row).features()));
            for (int f = 0; z != null && f < F; f++) {
                values[row * F + f] = (float) z[f];
            }
        }
    }

    public int size() {
        return n;
    }

    /**
     * The unit centroid of some tracks' standardized vectors, or null when there are none or they
     * cancel out.
     */
    public double[] centroid(Iterable<CatalogTrack> tracks) {
        double[] sum = new double[F];
        int count = 0;
        for (CatalogTrack t : tracks) {
            double[] z = scaler.standardize(t.features());
            for (int f = 0; f < F; f++) {
                sum[f] += z[f];
            }
            count++;
        }
        return count == 0 ? null : unit(sum);
    }

    /** The cosine of a row's track to a unit vector. */
    public double cosine(double[] unit, int row) {
        int at = row * F;
        double dot = 0;
        for (int f = 0; f < F; f++) {
            dot += unit[f] * values[at + f];
        }
        return dot;
    }

    /** The cosine of two rows' tracks (the similarity matrix's value, to float precision). */
    public double cosine(int rowA, int rowB) {
        int a = rowA * F;
        int b = rowB * F;
        double dot = 0;
        for (int f = 0; f < F; f++) {
            dot += values[a + f] * values[b + f];
        }
        return dot;
    }

    static double[] unit(double[] v) {
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
