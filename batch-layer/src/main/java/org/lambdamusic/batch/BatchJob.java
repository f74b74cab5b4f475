package org.lambdamusic.batch;

import java.io.IOException;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
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
import org.lambdamusic.batch.interactions.ArchiveSource;
import org.lambdamusic.batch.interactions.BatchViewBuilder;
import org.lambdamusic.batch.publish.ModelPublisher;
import org.lambdamusic.batch.publish.ModelStore;
import org.lambdamusic.batch.publish.OutputLocation;
import org.lambdamusic.batch.sampling.TrackSampler;
import org.lambdamusic.batch.scaling.SklearnScaler;
import org.lambdamusic.batch.similarity.DenseSimilarity;
import org.lambdamusic.batch.similarity.TopKNeighbors;
import org.lambdamusic.batch.similarity.UnitVectors;
import org.lambdamusic.contracts.ContractsJson;
import org.lambdamusic.contracts.config.FeedbackSettings;
import org.lambdamusic.contracts.config.ObjectStoreSettings;
import org.lambdamusic.contracts.listener.BatchViews;
import org.lambdamusic.contracts.listener.InteractionsInfo;
import org.lambdamusic.contracts.model.ArtifactLayout;
import org.lambdamusic.contracts.model.CatalogTrack;
import org.lambdamusic.contracts.model.DatasetRef;
import org.lambdamusic.contracts.model.ModelArtifact;
import org.lambdamusic.contracts.model.ModelManifest;
import org.lambdamusic.contracts.model.ModelSimilarity;
import org.lambdamusic.contracts.model.ModelVersion;
import org.lambdamusic.contracts.model.ModelWriter;
import org.lambdamusic.contracts.model.RowCounts;
import org.lambdamusic.contracts.model.ScalerParams;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * One run of the batch layer: check the output and the input (cheap, before Spark starts), then
 * load → clean → sample → standardize → batch views (from the interaction archive) → similarity,
 * then encode the version (contracts' ModelWriter), verify it (ModelReader) and publish.
 */
public final class BatchJob {
    private static final Logger LOG = LoggerFactory.getLogger(BatchJob.class);

    private final JobOptions options;
    private final ObjectStoreSettings storeSettings;
    private final FeedbackSettings feedback;

    public BatchJob(
            JobOptions options, ObjectStoreSettings storeSettings, FeedbackSettings feedback) {
        this.options = options;
        this.storeSettings = storeSettings;
        this.feedback = feedback;
    }

    /** The outcome: the version published, or the existing one when {@code --if-absent} skipped. */
    public record Outcome(String version, boolean published, List<String> deletedVersions) {}

    public Outcome run() {
        Instant createdAt = Instant.now();
        StageLog stages = new StageLog();
        OutputLocation output = OutputLocation.parse(options.output());
        // With --if-absent the run usually stops at the LATEST check (a version of the requested
        // sample already serves): no Spark for that.
        EarlySparkStart early =
                options.ifAbsent() ? null : EarlySparkStart.begin(options.master(), storeSettings);
        try (ModelStore store = ModelStore.open(output, storeSettings)) {
            store.checkReachable();
            if (options.ifAbsent()) {
                Optional<String> latest = store.latest();
                Optional<String> servedSample = latest.flatMap(v -> sampleOf(store, v));
                if (servedSample.filter(options.sample().toString()::equals).isPresent()) {
                    LOG.info(
                            "stage=skip reason=latest_exists version={} sample={} output={}",
                            latest.get(),
                            servedSample.get(),
                            output);
                    return new Outcome(latest.get(), false, List.of());
                }
                latest.ifPresent(
                        v ->
                                LOG.info(
                                        "stage=check_latest version={} sample={} requested={}:"
                                                + " building a new version",
                                        v,
                                        servedSample.orElse("unreadable"),
                                        options.sample()));
                if (early == null) {
                    early = EarlySparkStart.begin(options.master(), storeSettings);
                }
            }
            stages.end("check_output", 0, 0, "output=" + output);

            InputFile input = InputFile.open(options.input());
            stages.end("check_input", 0, 0, "input=" + input.uri() + " bytes=" + input.bytes());

            ModelArtifact model = build(input, createdAt, stages, early);

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
        } finally {
            if (early != null) {
                early.close(); // stops a session nobody took (a failed check)
            }
        }
    }

    /** The sample a published version was built with, empty when its manifest is unreadable. */
    private static Optional<String> sampleOf(ModelStore store, String version) {
        try {
            Optional<byte[]> manifest =
                    store.get(store.layout().fileKey(version, ArtifactLayout.MANIFEST));
            return manifest.isEmpty()
                    ? Optional.empty()
                    : Optional.ofNullable(
                            ContractsJson.read(manifest.get(), ModelManifest.class).sample());
        } catch (IOException | RuntimeException e) {
            return Optional.empty();
        }
    }

    /** Everything up to a complete, encoded, not yet verified model version. */
    ModelArtifact build(
            InputFile input, Instant createdAt, StageLog stages, EarlySparkStart early) {
        SparkSession spark =
                early != null ? early.take() : SparkSessions.start(options.master(), storeSettings);
        Thread stopping = null;
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

            BatchViews views =
                    batchViews(spark, options.interactions(), feedback, storeSettings, stages);
            // Spark's part ends here: its shutdown overlaps the similarity and the encoding.
            stopping = SparkSessions.stopInBackground(spark);

            boolean dense = !options.sample().isAll();
            ModelSimilarity similarity =
                    dense
                            ? DenseSimilarity.compute(vectors)
                            : TopKNeighbors.compute(vectors, options.topK());
            stages.end(
                    "similarity",
                    tracks.size(),
                    tracks.size(),
                    "mode=" + (dense ? "dense" : "top_k"));

            ModelArtifact model =
                    ModelWriter.write(
                            header(input, createdAt, catalog, tracks.size(), stages),
                            scaler,
                            catalogRows(tracks, 0),
                            catalogRows(unsampled(catalog, tracks.size()), tracks.size()),
                            similarity,
                            views);
            stages.end("encode", tracks.size(), catalog.clean(), "files=" + model.files().keySet());
            return model;
        } finally {
            if (stopping == null) {
                spark.stop();
            } else {
                SparkSessions.awaitStop(stopping);
            }
        }
    }

    /**
     * The batch views from the interaction archive ({@link BatchViewBuilder}), logged as the {@code
     * batch_views} stage: lines read in, events kept out.
     */
    public static BatchViews batchViews(
            SparkSession spark,
            ArchiveSource source,
            FeedbackSettings feedback,
            ObjectStoreSettings store,
            StageLog stages) {
        BatchViewBuilder.Built built = BatchViewBuilder.build(spark, source, feedback, store);
        InteractionsInfo i = built.views().info();
        stages.end(
                "batch_views",
                i.linesRead(),
                i.events(),
                "source="
                        + source
                        + " watermark="
                        + i.watermark().offsets()
                        + " listeners="
                        + i.listeners()
                        + " tracks="
                        + i.tracks()
                        + " duplicates="
                        + i.duplicates()
                        + " rejected="
                        + i.rejected()
                        + " beyond_watermark="
                        + i.beyondWatermark()
                        + " unpositioned="
                        + i.unpositioned()
                        + " scan_ms="
                        + built.scanMs()
                        + " fold_ms="
                        + built.foldMs()
                        + " assemble_ms="
                        + built.assembleMs()
                        + " fold_partitions="
                        + built.foldPartitions());
        return built.views();
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

    /**
     * The clean tracks outside the sample, in input order (first occurrence): catalog.csv.gz, so
     * the serving layer can name every catalogue track. None in full-catalog mode.
     */
    static List<Track> unsampled(CollectedCatalog catalog, int n) {
        List<Track> rest = new ArrayList<>(catalog.tracks().subList(n, catalog.tracks().size()));
        rest.sort(Comparator.comparingLong(Track::position));
        return rest;
    }

    private static List<CatalogTrack> catalogRows(List<Track> tracks, int firstRow) {
        List<CatalogTrack> rows = new ArrayList<>(tracks.size());
        for (int i = 0; i < tracks.size(); i++) {
            rows.add(tracks.get(i).toCatalogTrack(firstRow + i));
        }
        return rows;
    }

    /** What the manifest says about this run; ModelWriter adds the mode, features and files. */
    private ModelManifest header(
            InputFile input, Instant createdAt, CollectedCatalog catalog, int n, StageLog stages) {
        Map<String, Long> timings = new LinkedHashMap<>(stages.timingsMs());
        timings.put("total_before_publish", stages.elapsedMs());
        return ModelManifest.header(
                ModelVersion.newId(createdAt),
                createdAt.toString(),
                new DatasetRef(input.uri(), input.sha256()),
                new RowCounts(catalog.raw(), catalog.dropped(), catalog.clean(), n),
                options.seed(),
                options.sample().toString(),
                timings);
    }
}
