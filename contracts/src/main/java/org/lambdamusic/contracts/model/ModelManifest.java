package org.lambdamusic.contracts.model;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonProperty;
import java.util.List;
import java.util.Map;
import org.lambdamusic.contracts.cf.FactorsInfo;
import org.lambdamusic.contracts.listener.InteractionsInfo;

/**
 * manifest.json of a model version: enough for an operator to know what the model is, and for the
 * serving layer to verify every file before it swaps the model in.
 *
 * @param version the version id ({@link ModelVersion})
 * @param createdAt ISO-8601 UTC instant
 * @param mode {@link #MODE_DENSE} (similarity.f32) or {@link #MODE_TOP_K} (neighbors.bin)
 * @param dataset input uri and sha256
 * @param rowCounts raw, dropped by reason, clean, sampled
 * @param seed sampling seed
 * @param sample requested sample: a number or "all"
 * @param features the eleven feature names in column order
 * @param topK neighbours per track in top-K mode, else null
 * @param neighborsLayout byte layout of neighbors.bin in top-K mode, else null
 * @param files file name (e.g. {@code tracks.csv.gz}) to size, sha256 and shape
 * @param timingsMs stage name to wall time in milliseconds
 * @param interactions what the batch views cover (watermark, events, event-time range); null for a
 *     version without batch views
 * @param factors how the collaborative-filtering factors were trained; null for a version without
 *     them (no interactions)
 * @param evaluation the quality measured on held-out listening before publishing; null when the
 *     version was not evaluated (no interactions to hold out)
 */
@JsonInclude(JsonInclude.Include.NON_NULL)
public record ModelManifest(
        @JsonProperty("version") String version,
        @JsonProperty("created_at") String createdAt,
        @JsonProperty("mode") String mode,
        @JsonProperty("dataset") DatasetRef dataset,
        @JsonProperty("row_counts") RowCounts rowCounts,
        @JsonProperty("seed") long seed,
        @JsonProperty("sample") String sample,
        @JsonProperty("features") List<String> features,
        @JsonProperty("top_k") Integer topK,
        @JsonProperty("neighbors_layout") String neighborsLayout,
        @JsonProperty("files") Map<String, ArtifactFile> files,
        @JsonProperty("timings_ms") Map<String, Long> timingsMs,
        @JsonProperty("interactions") InteractionsInfo interactions,
        @JsonProperty("factors") FactorsInfo factors,
        @JsonProperty("evaluation") Evaluation evaluation) {

    public static final String MODE_DENSE = "dense";
    public static final String MODE_TOP_K = "top_k";

    /**
     * What the batch job knows of a version before its files exist; {@link ModelWriter} derives the
     * mode, features, top_k, neighbors_layout and files from the parts.
     */
    public static ModelManifest header(
            String version,
            String createdAt,
            DatasetRef dataset,
            RowCounts rowCounts,
            long seed,
            String sample,
            Map<String, Long> timingsMs) {
        return new ModelManifest(
                version, createdAt, null, dataset, rowCounts, seed, sample, null, null, null, null,
                timingsMs, null, null, null);
    }

    /** The same manifest under another version id. */
    public ModelManifest withVersion(String newVersion) {
        return new ModelManifest(
                newVersion,
                createdAt,
                mode,
                dataset,
                rowCounts,
                seed,
                sample,
                features,
                topK,
                neighborsLayout,
                files,
                timingsMs,
                interactions,
                factors,
                evaluation);
    }

    /** The same manifest with other row counts. */
    public ModelManifest withRowCounts(RowCounts newCounts) {
        return new ModelManifest(
                version,
                createdAt,
                mode,
                dataset,
                newCounts,
                seed,
                sample,
                features,
                topK,
                neighborsLayout,
                files,
                timingsMs,
                interactions,
                factors,
                evaluation);
    }

    /** The same manifest listing other files. */
    public ModelManifest withFiles(Map<String, ArtifactFile> newFiles) {
        return new ModelManifest(
                version,
                createdAt,
                mode,
                dataset,
                rowCounts,
                seed,
                sample,
                features,
                topK,
                neighborsLayout,
                newFiles,
                timingsMs,
                interactions,
                factors,
                evaluation);
    }

    /** The same manifest describing other batch views. */
    public ModelManifest withInteractions(InteractionsInfo newInteractions) {
        return new ModelManifest(
                version,
                createdAt,
                mode,
                dataset,
                rowCounts,
                seed,
                sample,
                features,
                topK,
                neighborsLayout,
                files,
                timingsMs,
                newInteractions,
                factors,
                evaluation);
    }

    /** The same manifest with the quality measured before publishing. */
    public ModelManifest withEvaluation(Evaluation newEvaluation) {
        return new ModelManifest(
                version,
                createdAt,
                mode,
                dataset,
                rowCounts,
                seed,
                sample,
                features,
                topK,
                neighborsLayout,
                files,
                timingsMs,
                interactions,
                factors,
                newEvaluation);
    }
}
