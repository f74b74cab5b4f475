package org.lambdamusic.contracts.model;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.lambdamusic.contracts.ContractsJson;
import org.lambdamusic.contracts.cf.Factors;
import org.lambdamusic.contracts.cf.FactorsInfo;
import org.lambdamusic.contracts.listener.BatchViewFiles;
import org.lambdamusic.contracts.listener.BatchViews;

/**
 * The one writer of a model version: encodes every file from the decoded parts and completes the
 * manifest (mode, features, top-K, file sizes, sha256 and shapes). The batch job publishes what it
 * returns; test fixtures are written through it too.
 */
public final class ModelWriter {
    private ModelWriter() {}

    /**
     * @param header version, created_at, dataset, row_counts, seed, sample and timings_ms; its
     *     mode, features, top_k, neighbors_layout and files are ignored and derived from the parts
     * @param tracks the matrix rows, numbered 0..n-1
     * @param unsampled sample mode: the clean catalogue tracks outside the sample, numbered from n;
     *     must be empty in full-catalog (top-K) mode
     */
    public static ModelArtifact write(
            ModelManifest header,
            ScalerParams scaler,
            List<CatalogTrack> tracks,
            List<CatalogTrack> unsampled,
            ModelSimilarity similarity) {
        return write(header, scaler, tracks, unsampled, similarity, BatchViews.NONE);
    }

    /**
     * The same, with the batch views computed from the interaction archive: {@code
     * listeners.jsonl.gz}, {@code track_scores.jsonl.gz} and the manifest's {@code interactions}.
     *
     * @param views listeners sorted by user id and tracks by track id, as {@link ModelReader}
     *     requires; {@link BatchViews#NONE} writes none of this
     */
    public static ModelArtifact write(
            ModelManifest header,
            ScalerParams scaler,
            List<CatalogTrack> tracks,
            List<CatalogTrack> unsampled,
            ModelSimilarity similarity,
            BatchViews views) {
        return write(header, scaler, tracks, unsampled, similarity, views, Factors.NONE);
    }

    /**
     * The same, with the collaborative-filtering factors: {@code item_factors.bin}, {@code
     * listener_factors.csv.gz} and the manifest's {@code factors}. The header's {@code evaluation}
     * is kept as given.
     *
     * @param factors item rows must be catalogue rows (matrix rows, then unsampled rows); {@link
     *     Factors#NONE} writes none of this
     */
    public static ModelArtifact write(
            ModelManifest header,
            ScalerParams scaler,
            List<CatalogTrack> tracks,
            List<CatalogTrack> unsampled,
            ModelSimilarity similarity,
            BatchViews views,
            Factors factors) {
        int n = tracks.size();
        if (similarity.n() != n) {
            throw new IllegalArgumentException(
                    "similarity has " + similarity.n() + " rows for " + n + " tracks");
        }
        if (!tracks.isEmpty() && tracks.get(0).row() != 0) {
            throw new IllegalArgumentException("matrix rows must be numbered from 0");
        }
        if (!unsampled.isEmpty() && unsampled.get(0).row() != n) {
            throw new IllegalArgumentException("unsampled rows must be numbered from " + n);
        }
        boolean dense = similarity instanceof SimilarityMatrix;
        if (!dense && !unsampled.isEmpty()) {
            throw new IllegalArgumentException("a full-catalog model has no unsampled tracks");
        }

        Map<String, byte[]> files = new LinkedHashMap<>();
        Map<String, List<Long>> shapes = new LinkedHashMap<>();
        files.put(ArtifactLayout.SCALER, ContractsJson.writePretty(scaler));
        files.put(ArtifactLayout.TRACKS, TracksTable.write(tracks));
        shapes.put(ArtifactLayout.TRACKS, List.of((long) n));
        if (dense) {
            files.put(ArtifactLayout.CATALOG, TracksTable.write(unsampled));
            shapes.put(ArtifactLayout.CATALOG, List.of((long) unsampled.size()));
        }
        files.put(similarity.fileName(), similarity.encode());
        Integer topK = null;
        if (similarity instanceof NeighborTable neighbors) {
            topK = neighbors.k();
            shapes.put(ArtifactLayout.NEIGHBORS, List.of((long) n, (long) topK));
        } else {
            shapes.put(ArtifactLayout.SIMILARITY, List.of((long) n, (long) n));
        }
        if (views.info() != null) {
            files.put(BatchViewFiles.LISTENERS, BatchViewFiles.writeListeners(views.listeners()));
            shapes.put(BatchViewFiles.LISTENERS, List.of((long) views.listeners().size()));
            files.put(BatchViewFiles.TRACK_SCORES, BatchViewFiles.writeTrackScores(views.tracks()));
            shapes.put(BatchViewFiles.TRACK_SCORES, List.of((long) views.tracks().size()));
        }
        if (factors.present()) {
            int rank = factors.info().rank();
            if (factors.items().rank() != rank || factors.listeners().rank() != rank) {
                throw new IllegalArgumentException("factors of another rank than the manifest's");
            }
            int[] rows = factors.items().rows();
            if (rows.length > 0 && rows[rows.length - 1] >= n + unsampled.size()) {
                throw new IllegalArgumentException("item factors name a row outside the catalogue");
            }
            files.put(FactorsInfo.ITEM_FILE, factors.items().encode());
            shapes.put(FactorsInfo.ITEM_FILE, List.of((long) rows.length, (long) rank));
            files.put(FactorsInfo.LISTENER_FILE, factors.listeners().encode());
            shapes.put(
                    FactorsInfo.LISTENER_FILE,
                    List.of((long) factors.listeners().size(), (long) rank));
        }

        Map<String, ArtifactFile> listed = new LinkedHashMap<>();
        for (Map.Entry<String, byte[]> file : files.entrySet()) {
            listed.put(
                    file.getKey(),
                    new ArtifactFile(
                            file.getValue().length,
                            Sha256.hex(file.getValue()),
                            shapes.get(file.getKey())));
        }
        ModelManifest manifest =
                new ModelManifest(
                        header.version(),
                        header.createdAt(),
                        similarity.mode(),
                        header.dataset(),
                        header.rowCounts(),
                        header.seed(),
                        header.sample(),
                        AudioFeatures.NAMES,
                        topK,
                        dense ? null : NeighborsLayout.DESCRIPTION,
                        listed,
                        header.timingsMs(),
                        views.info(),
                        factors.info(),
                        header.evaluation());
        return new ModelArtifact(manifest, files);
    }
}
