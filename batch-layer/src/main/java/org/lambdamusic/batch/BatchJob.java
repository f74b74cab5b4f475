package org.lambdamusic.batch;

import java.io.IOException;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import org.apache.spark.sql.SparkSession;
import org.lambdamusic.batch.catalog.CatalogCleaner;
import org.lambdamusic.batch.catalog.CatalogLoader;
import org.lambdamusic.batch.catalog.CollectedCatalog;
import org.lambdamusic.batch.catalog.InputFile;
import org.lambdamusic.batch.catalog.Track;
import org.lambdamusic.batch.cf.AlsTraining;
import org.lambdamusic.batch.cf.CatalogRows;
import org.lambdamusic.batch.cf.RatingTable;
import org.lambdamusic.batch.cli.JobOptions;
import org.lambdamusic.batch.evaluation.EvaluationTable;
import org.lambdamusic.batch.evaluation.PromotionGate;
import org.lambdamusic.batch.evaluation.QualityEvaluation;
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
import org.lambdamusic.contracts.cf.Factors;
import org.lambdamusic.contracts.cf.FactorsInfo;
import org.lambdamusic.contracts.config.AlsSettings;
import org.lambdamusic.contracts.config.FeedbackSettings;
import org.lambdamusic.contracts.config.ObjectStoreSettings;
import org.lambdamusic.contracts.config.ScoringSettings;
import org.lambdamusic.contracts.listener.BatchViews;
import org.lambdamusic.contracts.listener.InteractionsInfo;
import org.lambdamusic.contracts.model.ArtifactLayout;
import org.lambdamusic.contracts.model.BatchRunResult.QualityGate;
import org.lambdamusic.contracts.model.CatalogTrack;
import org.lambdamusic.contracts.model.DatasetRef;
import org.lambdamusic.contracts.model.Evaluation;
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
 * load → clean → sample → standardize → batch views (from the interaction archive) → ALS → the
 * evaluation (held-out listening, through the serving layer's ranking code) → similarity, then
 * encode the version (contracts' ModelWriter), verify it (ModelReader), judge it against the served
 * version (the promotion gate) and publish it, promoted or not.
 */
public final class BatchJob {
    private static final Logger LOG = LoggerFactory.getLogger(BatchJob.class);

    private final JobOptions options;
    private final ObjectStoreSettings storeSettings;
    private final FeedbackSettings feedback;
    private final AlsSettings als;
    private final ScoringSettings scoring;

    public BatchJob(
            JobOptions options,
            ObjectStoreSettings storeSettings,
            FeedbackSettings feedback,
            AlsSettings als,
            ScoringSettings scoring) {
        this.options = options;
        this.storeSettings = storeSettings;
        this.feedback = feedback;
        this.als = als;
        this.scoring = scoring;
    }

    /** How a run ended. */
    public enum Status {
        /** Written and promoted: LATEST names it. */
        PUBLISHED,
        /** {@code --if-absent}: LATEST already served a model of the requested sample. */
        SKIPPED,
        /** Written, but the quality gate kept LATEST on the served version. */
        REJECTED,
        /** {@code --evaluate-only}: built, verified and evaluated; nothing written. */
        EVALUATED
    }

    /**
     * The outcome.
     *
     * @param version the version written (or, skipped, the one LATEST already names)
     * @param gate the quality gate's figures when it judged the version, else null
     * @param manifest the new version's manifest; null when skipped
     */
    public record Outcome(
            String version,
            Status status,
            List<String> deletedVersions,
            QualityGate gate,
            ModelManifest manifest) {}

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
                Optional<String> servedSample =
                        latest.flatMap(v -> manifestOf(store, v)).map(ModelManifest::sample);
                if (servedSample.filter(options.sample().toString()::equals).isPresent()) {
                    LOG.info(
                            "stage=skip reason=latest_exists version={} sample={} output={}",
                            latest.get(),
                            servedSample.get(),
                            output);
                    return new Outcome(latest.get(), Status.SKIPPED, List.of(), null, null);
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
            if (options.evaluateOnly()) {
                ModelPublisher.verify(model);
                stages.end("verify", 0, 0, "evaluate_only=true nothing published");
                LOG.info(
                        "stage=done version={} evaluated, not published total_ms={}",
                        model.version(),
                        stages.elapsedMs());
                return new Outcome(
                        model.version(), Status.EVALUATED, List.of(), null, model.manifest());
            }

            QualityGate gate = judge(store, model.manifest().evaluation(), stages);
            boolean promote = gate == null || gate.passed() || options.forcePromote();
            ModelPublisher.Published published =
                    ModelPublisher.publish(store, model, options.keepVersions(), promote);
            stages.end(
                    "publish",
                    model.manifest().rowCounts().sampled(),
                    model.manifest().rowCounts().sampled(),
                    "version="
                            + published.version()
                            + " promoted="
                            + promote
                            + " model_bytes="
                            + model.totalBytes()
                            + " deleted_versions="
                            + published.deletedVersions().size());
            if (!promote) {
                LOG.warn(
                        "quality gate: version {} written but NOT promoted: {}; LATEST still"
                                + " names {} (promote it anyway: ./pipeline rollback {}, or rerun"
                                + " with --force-promote)",
                        published.version(),
                        rejection(gate),
                        gate.servedVersion(),
                        published.version());
            }
            LOG.info(
                    "stage=done version={} output={} promoted={} total_ms={}",
                    published.version(),
                    output,
                    promote,
                    stages.elapsedMs());
            return new Outcome(
                    published.version(),
                    promote ? Status.PUBLISHED : Status.REJECTED,
                    published.deletedVersions(),
                    gate,
                    model.manifest());
        } finally {
            if (early != null) {
                early.close(); // stops a session nobody took (a failed check)
            }
        }
    }

    /** A published version's manifest, empty when it is missing or unreadable. */
    private static Optional<ModelManifest> manifestOf(ModelStore store, String version) {
        try {
            Optional<byte[]> manifest =
                    store.get(store.layout().fileKey(version, ArtifactLayout.MANIFEST));
            return manifest.isEmpty()
                    ? Optional.empty()
                    : Optional.ofNullable(ContractsJson.read(manifest.get(), ModelManifest.class));
        } catch (IOException | RuntimeException e) {
            return Optional.empty();
        }
    }

    /**
     * The promotion gate against the version LATEST names now, logged as stage {@code gate}; null
     * when the new version has no evaluation to judge. A served version of another sample (e.g.
     * {@code all} after {@code 4832}) recommends from another catalogue, so its figures are not
     * comparable: the new version is then judged as if nothing were served.
     */
    private QualityGate judge(ModelStore store, Evaluation candidate, StageLog stages) {
        Optional<String> served = store.latest();
        Optional<ModelManifest> servedManifest = served.flatMap(v -> manifestOf(store, v));
        boolean comparable =
                servedManifest
                        .map(m -> options.sample().toString().equals(m.sample()))
                        .orElse(true);
        Evaluation servedEvaluation =
                comparable ? servedManifest.map(ModelManifest::evaluation).orElse(null) : null;
        QualityGate gate =
                new PromotionGate(options.qualityMargin())
                        .judge(candidate, served.orElse(null), servedEvaluation);
        String verdict =
                gate == null
                        ? "not_judged reason=no_evaluation"
                        : gate.passed()
                                ? "promote"
                                : options.forcePromote() ? "forced_promote" : "reject";
        stages.end(
                "gate",
                0,
                0,
                "verdict="
                        + verdict
                        + (comparable ? "" : " served_sample=" + servedManifest.get().sample())
                        + (gate == null
                                ? ""
                                : " candidate_ndcg_at_10="
                                        + gate.candidateNdcg()
                                        + " served_version="
                                        + gate.servedVersion()
                                        + " served_ndcg_at_10="
                                        + gate.servedNdcg()
                                        + " margin="
                                        + gate.margin()));
        return gate;
    }

    /** Why the gate kept a version from promotion, in one line. */
    public static String rejection(QualityGate gate) {
        return String.format(
                Locale.ROOT,
                "blend NDCG@10 %.4f is %.4f below the served version %s's %.4f (margin %.4f)",
                gate.candidateNdcg(),
                gate.servedNdcg() - gate.candidateNdcg(),
                gate.servedVersion(),
                gate.servedNdcg(),
                gate.margin());
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
            CatalogRows catalogue = catalogue(catalog, tracks.size());
            Factors factors = trainAls(spark, views, catalogue, feedback, als, stages);
            long evaluationStart = System.nanoTime();
            QualityEvaluation evaluation = null;
            QualityEvaluation.Holdout holdout = null;
            if (!views.listeners().isEmpty()) {
                evaluation = new QualityEvaluation(catalogue, scaler, feedback, als, scoring);
                holdout = evaluation.prepare(spark, views.listeners());
                stages.end(
                        "evaluate_als",
                        views.listeners().size(),
                        holdout.training(),
                        holdout.describe());
            }
            // Spark's part ends here: its shutdown overlaps the ranking, the similarity and the
            // encoding.
            stopping = SparkSessions.stopInBackground(spark);

            Evaluation measured =
                    holdout == null
                            ? null
                            : evaluation.measure(
                                    holdout, (System.nanoTime() - evaluationStart) / 1_000_000);
            logEvaluation(measured, holdout, stages);

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
                            header(input, createdAt, catalog, tracks.size(), stages)
                                    .withEvaluation(measured),
                            scaler,
                            catalogue.recommendable(),
                            catalogue.unsampled(),
                            similarity,
                            views,
                            factors);
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
     * Collaborative filtering: Spark MLlib ALS (implicit feedback) on the batch views' ratings of
     * catalogue tracks, logged as the {@code als} stage; {@link Factors#NONE} when no listener has
     * a positive rating on a catalogue track (the version is served without factors).
     */
    public static Factors trainAls(
            SparkSession spark,
            BatchViews views,
            CatalogRows catalogue,
            FeedbackSettings feedback,
            AlsSettings als,
            StageLog stages) {
        RatingTable ratings = RatingTable.of(views.listeners(), catalogue, feedback);
        Factors factors = AlsTraining.train(spark, ratings, als);
        FactorsInfo info = factors.info();
        stages.end(
                "als",
                ratings.size(),
                factors.present() ? info.listeners() + info.tracks() : 0,
                factors.present()
                        ? "listeners="
                                + info.listeners()
                                + " tracks="
                                + info.tracks()
                                + " rank="
                                + info.rank()
                                + " reg="
                                + info.regParam()
                                + " alpha="
                                + info.alpha()
                                + " iterations="
                                + info.iterations()
                                + " seed="
                                + info.seed()
                                + " train_ms="
                                + info.trainMs()
                        : "skipped=no_positive_rating_on_a_catalogue_track listeners_in_views="
                                + views.listeners().size());
        return factors;
    }

    /** The {@code evaluate} stage line and the table, in the job log. */
    private void logEvaluation(
            Evaluation measured, QualityEvaluation.Holdout holdout, StageLog stages) {
        if (measured == null) {
            stages.end(
                    "evaluate",
                    0,
                    0,
                    "skipped="
                            + (holdout == null
                                    ? "no_listeners"
                                    : "no_listener_with_enough_history"));
            return;
        }
        stages.end(
                "evaluate",
                measured.listeners(),
                measured.heldOut(),
                "eval_ms="
                        + measured.evalMs()
                        + " blend_ndcg_at_10="
                        + measured.blendNdcg()
                        + " weights=cf:"
                        + scoring.cfWeight()
                        + ",content:"
                        + scoring.contentWeight()
                        + ",popularity:"
                        + scoring.popularityWeight());
        LOG.info("evaluation ({}):\n{}", measured.protocol(), EvaluationTable.format(measured));
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
     * The version's catalogue by row: the model's {@code n} tracks (matrix order), then the other
     * clean tracks in input order, numbered as tracks.csv.gz and catalog.csv.gz number them.
     */
    public static CatalogRows catalogue(CollectedCatalog catalog, int n) {
        return new CatalogRows(
                catalogRows(catalog.tracks().subList(0, n), 0),
                catalogRows(unsampled(catalog, n), n));
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
