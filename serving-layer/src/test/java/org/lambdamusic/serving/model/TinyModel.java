package org.lambdamusic.serving.model;

import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.lambdamusic.contracts.model.AudioFeatures;
import org.lambdamusic.contracts.model.ModelManifest;
import org.lambdamusic.serving.catalog.Catalog;
import org.lambdamusic.serving.catalog.Track;

/**
 * A hand-made five-track dense model whose answers can be checked by hand:
 *
 * <pre>
 * row id  name     artists   cosine to t0
 *  0  t0  Alpha    A         1
 *  1  t1  Beta     B;C       0.9
 *  2  t2  Gamma    A         0.7
 *  3  t3  Delta    D         0.8
 *  4  t4  Epsilon  C         0.45
 * </pre>
 *
 * Seed t0, no user: t1 .9, t3 .8, t2 .7, t4 .45. A user who liked t2 (artist A): t2 scores 0.7 ×
 * 1.2 = 0.84 and overtakes t3. A user who liked t4 (artist C): t1 and t4 are boosted.
 */
public final class TinyModel {
    public static final String VERSION = "20260101T000000Z-0000abcd";

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
        List<Track> tracks =
                List.of(
                        track(0, "t0", "Alpha", "A", 80),
                        track(1, "t1", "Beta", "B;C", 60),
                        track(2, "t2", "Gamma", "A", 70),
                        track(3, "t3", "Delta", "D", null),
                        track(4, "t4", "Epsilon", "C", 10));
        int n = tracks.size();
        float[] matrix = new float[n * n];
        for (int i = 0; i < n; i++) {
            System.arraycopy(SIMILARITY[i], 0, matrix, i * n, n);
        }
        ModelManifest manifest =
                new ModelManifest(
                        version,
                        "2026-01-01T00:00:00Z",
                        ModelManifest.MODE_DENSE,
                        null,
                        null,
                        42,
                        "5",
                        AudioFeatures.NAMES,
                        null,
                        null,
                        Map.of(),
                        Map.of());
        return SimilarityModel.dense(manifest, new Catalog(tracks), matrix, Duration.ofMillis(1));
    }

    private static Track track(
            int row, String id, String name, String artists, Integer popularity) {
        double[] features = new double[AudioFeatures.COUNT];
        for (int i = 0; i < features.length; i++) {
            features[i] = row + i / 10.0;
        }
        return new Track(row, id, name, artists, "Album " + name, "genre", popularity, features);
    }
}
