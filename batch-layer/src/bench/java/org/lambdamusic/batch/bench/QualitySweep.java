package org.lambdamusic.batch.bench;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.function.Function;
import org.apache.spark.sql.SparkSession;
import org.lambdamusic.batch.BatchJob;
import org.lambdamusic.batch.SparkSessions;
import org.lambdamusic.batch.StageLog;
import org.lambdamusic.batch.catalog.CollectedCatalog;
import org.lambdamusic.batch.catalog.InputFile;
import org.lambdamusic.batch.catalog.Track;
import org.lambdamusic.batch.cf.CatalogRows;
import org.lambdamusic.batch.cli.JobOptions;
import org.lambdamusic.batch.cli.SampleSize;
import org.lambdamusic.batch.evaluation.EvaluationTable;
import org.lambdamusic.batch.evaluation.QualityEvaluation;
import org.lambdamusic.batch.interactions.ArchiveSource;
import org.lambdamusic.batch.sampling.TrackSampler;
import org.lambdamusic.contracts.config.AlsSettings;
import org.lambdamusic.contracts.config.FeedbackSettings;
import org.lambdamusic.contracts.config.ObjectStoreSettings;
import org.lambdamusic.contracts.config.ScoringSettings;
import org.lambdamusic.contracts.listener.BatchViews;
import org.lambdamusic.contracts.model.Evaluation;
import org.lambdamusic.contracts.model.ScalerParams;

/**
 * Tunes the ALS settings and the blend weights on an archive: the job's own steps (load, clean,
 * sample, standardize, batch views) once, then for every ALS setting the job's evaluation training
 * ({@link QualityEvaluation#prepare}) and for every blend weighting its measurement ({@link
 * QualityEvaluation#measure}), so each figure is what the job would write with those settings.
 * Prints one table per combination and a summary line each (blend and co-occurrence HR@10 and
 * NDCG@10, cf over popularity).
 *
 * <p>Usage: {@code QualitySweep <input csv> <archive uri> [sample=4832]}; {@code SWEEP_ALS}: ALS
 * settings as {@code rank:reg:alpha:iterations} separated by spaces (default: the defaults); {@code
 * SWEEP_WEIGHTS}: blend weights as {@code cf:content:popularity} (default: the defaults).
 */
public final class QualitySweep {
    private QualitySweep() {}

    public static void main(String[] args) {
        InputFile input = InputFile.open(args[0]);
        ArchiveSource archive = ArchiveSource.parse(args[1]);
        SampleSize sample = SampleSize.parse(args.length > 2 ? args[2] : "4832");
        FeedbackSettings feedback = FeedbackSettings.fromEnvironment();
        List<AlsSettings> alsGrid = alsGrid(System.getenv("SWEEP_ALS"));
        List<ScoringSettings> weightGrid = weightGrid(System.getenv("SWEEP_WEIGHTS"));
        ObjectStoreSettings store = ObjectStoreSettings.fromEnvironment();
        StageLog stages = new StageLog();
        SparkSession spark =
                SparkSessions.start(
                        System.getenv().getOrDefault("SPARK_MASTER", JobOptions.DEFAULT_MASTER),
                        store);
        try {
            CollectedCatalog catalog = BatchJob.loadClean(spark, input, JobOptions.DEFAULT_SEED);
            List<Track> tracks = TrackSampler.sample(catalog, sample);
            ScalerParams scaler = BatchJob.standardize(spark, tracks).scaler();
            CatalogRows catalogue = BatchJob.catalogue(catalog, tracks.size());
            BatchViews views = BatchJob.batchViews(spark, archive, feedback, store, stages);
            for (AlsSettings als : alsGrid) {
                QualityEvaluation.Holdout holdout =
                        new QualityEvaluation(
                                        catalogue, scaler, feedback, als, ScoringSettings.DEFAULTS)
                                .prepare(spark, views.listeners());
                for (ScoringSettings weights : weightGrid) {
                    Evaluation e =
                            new QualityEvaluation(catalogue, scaler, feedback, als, weights)
                                    .measure(holdout, holdout.trainMs());
                    System.out.printf(
                            Locale.ROOT,
                            "== als rank=%d reg=%s alpha=%s iterations=%d | weights cf=%s"
                                    + " content=%s popularity=%s | %s%n%s",
                            als.rank(),
                            als.regParam(),
                            als.alpha(),
                            als.iterations(),
                            weights.cfWeight(),
                            weights.contentWeight(),
                            weights.popularityWeight(),
                            holdout.describe(),
                            EvaluationTable.format(e));
                    System.out.printf(
                            Locale.ROOT,
                            "SUMMARY rank=%d reg=%s alpha=%s iter=%d w=%s/%s/%s blend_hr=%.4f"
                                    + " blend_ndcg=%.4f cooc_hr=%.4f cooc_ndcg=%.4f"
                                    + " cf_over_pop_hr=%.2f cf_over_pop_ndcg=%.2f train_ms=%d%n",
                            als.rank(),
                            als.regParam(),
                            als.alpha(),
                            als.iterations(),
                            weights.cfWeight(),
                            weights.contentWeight(),
                            weights.popularityWeight(),
                            e.rankers().get("blend").hrAt10(),
                            e.rankers().get("blend").ndcgAt10(),
                            e.rankers().get("cooccurrence").hrAt10(),
                            e.rankers().get("cooccurrence").ndcgAt10(),
                            e.rankers().get("cf").hrAt10() / e.rankers().get("popularity").hrAt10(),
                            e.rankers().get("cf").ndcgAt10()
                                    / e.rankers().get("popularity").ndcgAt10(),
                            holdout.trainMs());
                }
            }
        } finally {
            spark.stop();
        }
    }

    private static List<AlsSettings> alsGrid(String spec) {
        return grid(
                spec,
                AlsSettings.fromEnvironment(),
                p ->
                        new AlsSettings(
                                Integer.parseInt(p[0]),
                                Double.parseDouble(p[1]),
                                Double.parseDouble(p[2]),
                                Integer.parseInt(p[3]),
                                AlsSettings.DEFAULT_SEED));
    }

    private static List<ScoringSettings> weightGrid(String spec) {
        return grid(
                spec,
                ScoringSettings.fromEnvironment(),
                p ->
                        new ScoringSettings(
                                Double.parseDouble(p[0]),
                                Double.parseDouble(p[1]),
                                Double.parseDouble(p[2])));
    }

    /**
     * A sweep's settings: one per space-separated item of {@code spec}, its colon-separated fields
     * given to {@code parse}; just {@code fallback} (the environment's) when the spec is empty.
     */
    private static <T> List<T> grid(String spec, T fallback, Function<String[], T> parse) {
        if (spec == null || spec.isBlank()) {
            return List.of(fallback);
        }
        List<T> grid = new ArrayList<>();
        for (String item : spec.trim().split("\\s+")) {
            grid.add(parse.apply(item.split(":")));
        }
        return grid;
    }
}
