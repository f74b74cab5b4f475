package org.lambdamusic.batch;

import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.apache.spark.sql.SparkSession;
import org.lambdamusic.batch.catalog.CatalogCleaner;
import org.lambdamusic.batch.catalog.CatalogLoader;
import org.lambdamusic.batch.catalog.CollectedCatalog;
import org.lambdamusic.batch.catalog.InputFile;
import org.lambdamusic.batch.catalog.Track;
import org.lambdamusic.batch.cli.JobOptions;
import org.lambdamusic.batch.publish.ModelArtifacts;
import org.lambdamusic.batch.publish.ModelPublisher;
import org.lambdamusic.batch.publish.ModelStore;
import org.lambdamusic.batch.publish.OutputLocation;
import org.lambdamusic.batch.publish.TracksTable;
import org.lambdamusic.batch.sampling.TrackSampler;
import org.lambdamusic.batch.scaling.SklearnScaler;
import org.lambdamusic.batch.similarity.DenseSimilarity;
import org.lambdamusic.batch.similarity.TopKNeighbors;
import org.lambdamusic.batch.similarity.UnitVectors;
import org.lambdamusic.contracts.ContractsJson;
import org.lambdamusic.contracts.config.ObjectStoreSettings;
import org.lambdamusic.contracts.model.ArtifactFile;
import org.lambdamusic.contracts.model.ArtifactLayout;
import org.lambdamusic.contracts.model.AudioFeatures;
import org.lambdamusic.contracts.model.DatasetRef;
import org.lambdamusic.contracts.model.ModelManifest;
import org.lambdamusic.contracts.model.ModelVersion;
import org.lambdamusic.contracts.model.NeighborsLayout;
import org.lambdamusic.contracts.model.RowCounts;
import org.lambdamusic.contracts.model.ScalerParams;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * One run of the batch layer: check the output and the input (cheap, before Spark starts), then
 * load → clean → sample → standardize → similarity in Spark, then validate and publish.
 */
public final class BatchJob {
    private static final Logger LOG = LoggerFactory.getLogger(BatchJob.class);

    private final JobOptions options;
    private final ObjectStoreSettings storeSettings;

    public BatchJob(JobOptions options, ObjectStoreSettings storeSettings) {
        this.options = options;
        this.storeSettings = storeSettings;
    }

    /** The outcome: the version published, or the existing one when {@code --if-absent} skipped. */
    public record Outcome(String version, boolean published, List<String> deletedVersions) {}

    public Outcome run() {
        Instant createdAt = Instant.now();
        StageLog stages = new StageLog();
        OutputLocation output = OutputLocation.parse(options.output());
        // With --if-absent the run usually stops at the LATEST check: no Spark for that.
        EarlySparkStart early = options.ifAbsent() ? null : EarlySparkStart.begin(options.master());
        try (early;
                ModelStore store = ModelStore.open(output, storeSettings)) {
            store.checkReachable();
            if (options.ifAbsent()) {
                Optional<String> latest = store.latest();
                if (latest.isPresent()) {
                    LOG.info(
                            "stage=skip reason=latest_exists version={} output={}",
                            latest.get(),
                            output);
                    return new Outcome(latest.get(), false, List.of());
                }
            }
            stages.end("check_output", 0, 0, "output=" + output);

            InputFile input = InputFile.open(options.input());
            stages.end("check_input", 0, 0, "input=" + input.uri() + " bytes=" + input.bytes());

            ModelArtifacts model = build(input, createdAt, stages, early);

            ModelPublisher.Published published =
                    ModelPublisher.publish(store, model, options.keepVersions());
            stages.end(
                    "publish",
                    model.manifest().rowCounts().sampled(),
                    model.manifest().rowCounts().sampled(),
                    "version="
                            + published.version()
                            + " model_bytes="
                            + model.totalBytes()
                            + " deleted_versions="
                            + published.deletedVersions().size());
            LOG.info(
                    "stage=done version={} output={} total_ms={}",
                    published.version(),
                    output,
                    stages.elapsedMs());
            return new Outcome(published.version(), true, published.deletedVersions());
        }
    }

    /** Everything up to a complete, not yet validated model version. */
    ModelArtifacts build(
            InputFile input, Instant createdAt, StageLog stages, EarlySparkStart early) {
        SparkSession spark = early != null ? early.take() : SparkSessions.start(options.master());
        try {
            // With an early start, only the part of Spark's start not hidden behind the checks.
            stages.end(
                    "spark_start",
                    0,
                    0,
                    "master=" + options.master() + " overlapped_with_checks=" + (early != null));

            CollectedCatalog catalog = loadClean(spark, input, options.seed());
            stages.end(
                    "load_clean", catalog.raw(), catalog.clean(), "dropped=" + catalog.dropped());

            List<Track> tracks = TrackSampler.sample(catalog, options.sample());
            stages.end(
                    "sample",
                    catalog.clean(),
                    tracks.size(),
                    "seed=" + options.seed() + " sample=" + options.sample());

            Standardized standardized = standardize(spark, tracks);
            ScalerParams scaler = standardized.scaler();
            UnitVectors vectors = standardized.vectors();
            stages.end("standardize", tracks.size(), tracks.size());

            Map<String, byte[]> files = new LinkedHashMap<>();
            files.put(ArtifactLayout.SCALER, ContractsJson.writePretty(scaler));
            files.put(ArtifactLayout.TRACKS, TracksTable.write(tracks));
            boolean dense = !options.sample().isAll();
            String matrixFile = dense ? ArtifactLayout.SIMILARITY : ArtifactLayout.NEIGHBORS;
            files.put(
                    matrixFile,
                    dense
                            ? DenseSimilarity.compute(vectors)
                            : TopKNeighbors.compute(spark, vectors, options.topK()));
            stages.end(
                    "similarity",
                    tracks.size(),
                    tracks.size(),
                    "mode=" + (dense ? "dense" : "top_k"));

            return assemble(input, createdAt, catalog, tracks.size(), files, stages);
        } finally {
            spark.stop();
        }
    }

    /**
     * Load + clean: one Spark pass over the input; the clean tracks come back to the driver in
     * matrix order (the seeded sample key).
     */
    public static CollectedCatalog loadClean(SparkSession spark, InputFile input, long seed) {
        return CatalogCleaner.collect(
                CatalogLoader.load(spark, input), TrackSampler.sampleKey(seed));
    }

    /** The scaler fitted on the model's tracks, and their standardized unit vectors. */
    public record Standardized(ScalerParams scaler, UnitVectors vectors) {}

    /** Standardize: MLlib's fit in scikit-learn terms, then unit-length float vectors. */
    public static Standardized standardize(SparkSession spark, List<Track> tracks) {
        ScalerParams scaler = SklearnScaler.fit(spark, tracks);
        List<double[]> raw = new ArrayList<>(tracks.size());
        for (Track t : tracks) {
            raw.add(t.features());
        }
        return new Standardized(scaler, UnitVectors.of(raw, scaler));
    }

    private ModelArtifacts assemble(
            InputFile input,
            Instant createdAt,
            CollectedCatalog catalog,
            int n,
            Map<String, byte[]> files,
            StageLog stages) {
        boolean dense = !options.sample().isAll();
        Map<String, ArtifactFile> listed = new LinkedHashMap<>();
        for (Map.Entry<String, byte[]> file : files.entrySet()) {
            listed.put(
                    file.getKey(),
                    new ArtifactFile(
                            file.getValue().length,
                            ModelArtifacts.sha256(file.getValue()),
                            shape(file.getKey(), n)));
        }
        stages.end("checksums", n, n);
        Map<String, Long> timings = new LinkedHashMap<>(stages.timingsMs());
        timings.put("total_before_publish", stages.elapsedMs());
        ModelManifest manifest =
                new ModelManifest(
                        ModelVersion.newId(createdAt),
                        createdAt.toString(),
                        dense ? ModelManifest.MODE_DENSE : ModelManifest.MODE_TOP_K,
                        new DatasetRef(input.uri(), input.sha256()),
                        new RowCounts(catalog.raw(), catalog.dropped(), catalog.clean(), n),
                        options.seed(),
                        options.sample().toString(),
                        AudioFeatures.NAMES,
                        dense ? null : options.topK(),
                        dense ? null : NeighborsLayout.DESCRIPTION,
                        listed,
                        timings);
        return new ModelArtifacts(manifest, files);
    }

    private List<Long> shape(String file, long n) {
        return switch (file) {
            case ArtifactLayout.TRACKS -> List.of(n);
            case ArtifactLayout.SIMILARITY -> List.of(n, n);
            case ArtifactLayout.NEIGHBORS -> List.of(n, (long) options.topK());
            default -> null;
        };
    }
}
