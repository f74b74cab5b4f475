package org.lambdamusic.serving.model;

import java.util.List;
import org.lambdamusic.contracts.listener.BatchViews;
import org.lambdamusic.contracts.model.CatalogTrack;
import org.lambdamusic.contracts.model.ModelArtifact;
import org.lambdamusic.contracts.model.SimilarityMatrix;

/**
 * A hand-made sample model whose answers can be checked by hand: five tracks in the matrix and two
 * catalogue tracks outside the sample.
 *
 * <pre>
 * row id  name     artists   cosine to t0
 *  0  t0  Alpha    A         1
 *  1  t1  Beta     B;C       0.9
 *  2  t2  Gamma    A         0.7
 *  3  t3  Delta    D         0.8
 *  4  t4  Epsilon  C         0.45
 *  5  u5  Zeta     A         (not in the sample)
 *  6  u6  Eta      E         (not in the sample)
 * </pre>
 *
 * Seed t0, no user: t1 .9, t3 .8, t2 .7, t4 .45. A user who liked t2 (artist A): t2 scores 0.7 ×
 * 1.2 = 0.84 and overtakes t3; liking u5 (also artist A) does the same although u5 itself has no
 * similarities. A user who liked t4 (artist C): t1 and t4 are boosted.
 */
public final class TinyModel {
    public static final String VERSION = "20260101T000000Z-0000abcd";
    public static final int SAMPLE = 5;

    private static final float[][] SIMILARITY = {
        {1f, 0.9f, 0.7f, 0.8f, 0.45f},
        {0.9f, 1f, 0.3f, 0.2f, 0.1f},
        {0.7f, 0.3f, 1f, -0.5f, 0.6f},
        {0.8f, 0.2f, -0.5f, 1f, 0.0f},
        {0.45f, 0.1f, 0.6f, 0.0f, 1f},
    };

    private TinyModel() {}

    public static SimilarityModel build() {
        return build(VERSION);
    }

    public static SimilarityModel build(String version) {
        return TestModels.load(artifact(version));
    }

    /** The same tracks and similarities, with batch views. */
    public static SimilarityModel build(String version, BatchViews views) {
        return TestModels.load(artifact(version, views));
    }

    /** The encoded version, as the batch job would publish it. */
    public static ModelArtifact artifact(String version) {
        return artifact(version, BatchViews.NONE);
    }

    /**
     * The same tracks and similarities with the rows of t0 and t3 swapped, as another batch run may
     * order them: row numbers and artist ids (numbered in row order) differ from {@link #artifact},
     * so anything computed on one version and used on the other shows.
     */
    public static ModelArtifact artifactReordered(String version, BatchViews views) {
        int[] order = {3, 1, 2, 0, 4};
        String[][] base = {
            {"t0", "Alpha", "A"},
            {"t1", "Beta", "B;C"},
            {"t2", "Gamma", "A"},
            {"t3", "Delta", "D"},
            {"t4", "Epsilon", "C"}
        };
        Integer[] popularity = {80, 60, 70, null, 10};
        int n = order.length;
        List<CatalogTrack> tracks = new java.util.ArrayList<>();
        float[] matrix = new float[n * n];
        for (int i = 0; i < n; i++) {
            String[] t = base[order[i]];
            tracks.add(TestModels.track(i, t[0], t[1], t[2], popularity[order[i]]));
            for (int j = 0; j < n; j++) {
                matrix[i * n + j] = SIMILARITY[order[i]][order[j]];
            }
        }
        List<CatalogTrack> unsampled =
                List.of(
                        TestModels.track(5, "u5", "Zeta", "A", 90),
                        TestModels.track(6, "u6", "Eta", "E", 5));
        return TestModels.write(version, tracks, unsampled, new SimilarityMatrix(n, matrix), views);
    }

    public static ModelArtifact artifact(String version, BatchViews views) {
        List<CatalogTrack> tracks =
                List.of(
                        TestModels.track(0, "t0", "Alpha", "A", 80),
                        TestModels.track(1, "t1", "Beta", "B;C", 60),
                        TestModels.track(2, "t2", "Gamma", "A", 70),
                        TestModels.track(3, "t3", "Delta", "D", null),
                        TestModels.track(4, "t4", "Epsilon", "C", 10));
        List<CatalogTrack> unsampled =
                List.of(
                        TestModels.track(5, "u5", "Zeta", "A", 90),
                        TestModels.track(6, "u6", "Eta", "E", 5));
        int n = tracks.size();
        float[] matrix = new float[n * n];
        for (int i = 0; i < n; i++) {
            System.arraycopy(SIMILARITY[i], 0, matrix, i * n, n);
        }
        return TestModels.write(version, tracks, unsampled, new SimilarityMatrix(n, matrix), views);
    }
}
