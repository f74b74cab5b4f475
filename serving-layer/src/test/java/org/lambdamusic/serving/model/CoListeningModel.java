package org.lambdamusic.serving.model;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.lambdamusic.contracts.cf.Factors;
import org.lambdamusic.contracts.config.AlsSettings;
import org.lambdamusic.contracts.listener.BatchViews;
import org.lambdamusic.contracts.listener.Watermark;
import org.lambdamusic.contracts.model.AudioFeatures;
import org.lambdamusic.contracts.model.CatalogTrack;
import org.lambdamusic.contracts.model.Evaluation;
import org.lambdamusic.contracts.model.ModelArtifact;
import org.lambdamusic.contracts.model.SimilarityMatrix;
import org.lambdamusic.contracts.view.UserProfileView;
import org.lambdamusic.serving.profile.SpeedViews;

/**
 * A hand-made model whose collaborative-filtering factors were trained ({@link TestAls}) on
 * listeners who play two groups of tracks together, while the sound points elsewhere:
 *
 * <pre>
 * rows 0-5   x0..x5   sound: x0, x1 like the y tracks (feature 0); x2..x5 apart (feature 1)
 * rows 6-11  y0..y5   sound: feature 0
 * row 12     z0       nobody played it: no factors
 * </pre>
 *
 * Twelve batch listeners, all events at or below the watermark: in {@link #artifact} six "x fans"
 * (xf0..xf5) each play five of x0..x5 and like two, and six "y fans" do the same with y0..y5. A
 * listener who likes x0 and x1 therefore gets x2..x5 from CF although their sound is closest to the
 * y tracks. {@link #regrouped} trains on other groups ({x0, x1, y2..y5} and {y0, y1, x2..x5}): the
 * same likes then lead to y2..y5. Every track has its own artist and Spotify popularity 50.
 */
public final class CoListeningModel {
    public static final String VERSION = "20260201T000000Z-0c011a5e";
    public static final String REGROUPED_VERSION = "20260202T000000Z-0c011a5f";
    public static final List<String> X = List.of("x0", "x1", "x2", "x3", "x4", "x5");
    public static final List<String> Y = List.of("y0", "y1", "y2", "y3", "y4", "y5");
    public static final String UNPLAYED = "z0";
    public static final AlsSettings ALS = new AlsSettings(2, 0.05, 8, 20, 7);

    private CoListeningModel() {}

    public static SimilarityModel build() {
        return TestModels.load(artifact(VERSION));
    }

    public static ModelArtifact artifact(String version) {
        return artifact(version, X, Y, null);
    }

    /** The same tracks, trained on listeners of {x0, x1, y2..y5} and of {y0, y1, x2..x5}. */
    public static ModelArtifact regrouped(String version) {
        List<String> a = List.of("x0", "x1", "y2", "y3", "y4", "y5");
        List<String> b = List.of("y0", "y1", "x2", "x3", "x4", "x5");
        return artifact(version, a, b, null);
    }

    /** The first grouping, with an evaluation in its manifest. */
    public static ModelArtifact evaluated(String version, Evaluation evaluation) {
        return artifact(version, X, Y, evaluation);
    }

    /** The batch listeners' complete logs (all at or below {@link #watermark}). */
    public static List<UserProfileView> logs(List<String> groupA, List<String> groupB) {
        List<UserProfileView> logs = new ArrayList<>();
        long offset = 0;
        for (int g = 0; g < 2; g++) {
            List<String> group = g == 0 ? groupA : groupB;
            for (int i = 0; i < group.size(); i++) {
                String user = (g == 0 ? "xf" : "yf") + i;
                List<String> events = new ArrayList<>();
                for (int j = 0; j < 5; j++) {
                    events.add("play:" + group.get((i + j) % group.size()));
                }
                events.add("like:" + group.get(i));
                events.add("like:" + group.get((i + 1) % group.size()));
                logs.add(SpeedViews.from(user, 0, offset, events.toArray(String[]::new)));
                offset += events.size();
            }
        }
        return logs;
    }

    /** Every batch event is at or below it: a speed event after it is new to the batch. */
    public static Watermark watermark() {
        return new Watermark(Map.of(0, 83L));
    }

    /** The first offset after the watermark on partition 0. */
    public static long firstSpeedOffset() {
        return 84;
    }

    public static List<CatalogTrack> tracks() {
        List<CatalogTrack> tracks = new ArrayList<>();
        for (int row = 0; row < 13; row++) {
            String id = row < 6 ? X.get(row) : row < 12 ? Y.get(row - 6) : UNPLAYED;
            double[] features = new double[AudioFeatures.COUNT];
            // x0, x1 and the y tracks share feature 0; x2..x5 are feature 1; a little of a
            // feature of its own keeps every track distinct.
            features[row < 2 || row >= 6 ? 0 : 1] = 1;
            features[2 + row % 9] += 0.2;
            tracks.add(
                    new CatalogTrack(
                            row,
                            id,
                            "Track " + id,
                            "Artist " + id.toUpperCase(java.util.Locale.ROOT),
                            "Album " + id,
                            row < 6 ? "ex" : row < 12 ? "why" : "zed",
                            50,
                            features));
        }
        return tracks;
    }

    private static ModelArtifact artifact(
            String version, List<String> groupA, List<String> groupB, Evaluation evaluation) {
        List<CatalogTrack> tracks = tracks();
        Map<String, Integer> rowOf = new HashMap<>();
        tracks.forEach(t -> rowOf.put(t.trackId(), t.row()));
        BatchViews views = TestViews.upTo(watermark(), logs(groupA, groupB));
        Factors factors = TestAls.train(views.listeners(), rowOf, ALS);
        return TestModels.write(
                version, tracks, List.of(), similarity(tracks), views, factors, evaluation);
    }

    /** The cosines of the features (the test scaler is the identity). */
    private static SimilarityMatrix similarity(List<CatalogTrack> tracks) {
        int n = tracks.size();
        float[] m = new float[n * n];
        for (int i = 0; i < n; i++) {
            for (int j = 0; j < n; j++) {
                double[] a = tracks.get(i).features();
                double[] b = tracks.get(j).features();
                double dot = 0;
                double na = 0;
                double nb = 0;
                for (int f = 0; f < a.length; f++) {
                    dot += a[f] * b[f];
                    na += a[f] * a[f];
                    nb += b[f] * b[f];
                }
                m[i * n + j] = i == j ? 1f : (float) (dot / Math.sqrt(na * nb));
            }
        }
        return new SimilarityMatrix(n, m);
    }
}
