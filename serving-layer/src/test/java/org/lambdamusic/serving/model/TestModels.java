package org.lambdamusic.serving.model;

import java.util.Arrays;
import java.util.List;
import java.util.Map;
import org.lambdamusic.contracts.cf.Factors;
import org.lambdamusic.contracts.config.FeedbackSettings;
import org.lambdamusic.contracts.listener.BatchViews;
import org.lambdamusic.contracts.model.AudioFeatures;
import org.lambdamusic.contracts.model.CatalogTrack;
import org.lambdamusic.contracts.model.Evaluation;
import org.lambdamusic.contracts.model.ModelArtifact;
import org.lambdamusic.contracts.model.ModelContent;
import org.lambdamusic.contracts.model.ModelFormatException;
import org.lambdamusic.contracts.model.ModelManifest;
import org.lambdamusic.contracts.model.ModelReader;
import org.lambdamusic.contracts.model.ModelSimilarity;
import org.lambdamusic.contracts.model.ModelWriter;
import org.lambdamusic.contracts.model.RowCounts;
import org.lambdamusic.contracts.model.ScalerParams;

/**
 * Hand-made model versions for unit and slice tests, written and read back through the contract's
 * own writer and reader, exactly the path a published version takes into the serving layer.
 */
public final class TestModels {
    private TestModels() {}

    /**
     * Encodes, verifies and loads a version.
     *
     * @param unsampled catalogue tracks outside the sample (dense models only), rows from n
     */
    public static SimilarityModel load(
            String version,
            List<CatalogTrack> tracks,
            List<CatalogTrack> unsampled,
            ModelSimilarity similarity) {
        return load(write(version, tracks, unsampled, similarity));
    }

    /** Verifies and loads an encoded version. */
    public static SimilarityModel load(ModelArtifact artifact) {
        try {
            ModelContent content = ModelReader.verify(artifact);
            return SimilarityModel.of(content, System.nanoTime(), FeedbackSettings.DEFAULTS);
        } catch (ModelFormatException e) {
            throw new IllegalArgumentException("not a valid model: " + e.getMessage(), e);
        }
    }

    public static ModelArtifact write(
            String version,
            List<CatalogTrack> tracks,
            List<CatalogTrack> unsampled,
            ModelSimilarity similarity) {
        return write(version, tracks, unsampled, similarity, BatchViews.NONE);
    }

    /** The same, carrying batch views (see {@link TestViews}). */
    public static ModelArtifact write(
            String version,
            List<CatalogTrack> tracks,
            List<CatalogTrack> unsampled,
            ModelSimilarity similarity,
            BatchViews views) {
        return write(version, tracks, unsampled, similarity, views, Factors.NONE, null);
    }

    /**
     * The same, carrying collaborative-filtering factors (see {@link TestAls}) and an evaluation
     * (null: none).
     */
    public static ModelArtifact write(
            String version,
            List<CatalogTrack> tracks,
            List<CatalogTrack> unsampled,
            ModelSimilarity similarity,
            BatchViews views,
            Factors factors,
            Evaluation evaluation) {
        int n = tracks.size();
        int clean = n + unsampled.size();
        boolean all = unsampled.isEmpty();
        ModelManifest header =
                ModelManifest.header(
                        version,
                        "2026-01-01T00:00:00Z",
                        null,
                        new RowCounts(clean, Map.of(), clean, n),
                        42,
                        all ? "all" : String.valueOf(n),
                        Map.of("total", 1L));
        if (evaluation != null) {
            header = header.withEvaluation(evaluation);
        }
        double[] mean = new double[AudioFeatures.COUNT];
        double[] scale = new double[AudioFeatures.COUNT];
        Arrays.fill(scale, 1.0);
        return ModelWriter.write(
                header,
                new ScalerParams(AudioFeatures.NAMES, mean, scale),
                tracks,
                unsampled,
                similarity,
                views,
                factors);
    }

    /**
     * A track whose audio features are just made-up numbers (the serving layer only shows them).
     */
    public static CatalogTrack track(
            int row, String id, String name, String artists, Integer popularity) {
        double[] features = new double[AudioFeatures.COUNT];
        for (int i = 0; i < features.length; i++) {
            features[i] = row + i / 10.0;
        }
        return new CatalogTrack(
                row, id, name, artists, "Album " + name, "genre", popularity, features);
    }
}
