package org.lambdamusic.batch.bench;

import java.util.List;
import org.apache.spark.sql.SparkSession;
import org.lambdamusic.batch.BatchJob;
import org.lambdamusic.batch.SparkSessions;
import org.lambdamusic.batch.StageLog;
import org.lambdamusic.batch.catalog.CollectedCatalog;
import org.lambdamusic.batch.catalog.InputFile;
import org.lambdamusic.batch.catalog.Track;
import org.lambdamusic.batch.cli.JobOptions;
import org.lambdamusic.batch.cli.SampleSize;
import org.lambdamusic.batch.sampling.TrackSampler;

/**
 * The benchmark's scale test: the job's own load-clean, sample ({@code all}) and standardize steps
 * ({@link BatchJob#loadClean}, {@link TrackSampler#sample}, {@link BatchJob#standardize}) on a
 * large (synthetic) catalog, without similarity or publishing. Usage: {@code LoadCleanStandardize
 * <csv.gz>}.
 */
public final class LoadCleanStandardize {
    private LoadCleanStandardize() {}

    public static void main(String[] args) {
        StageLog stages = new StageLog();
        InputFile input = InputFile.open(args[0]);
        stages.end("check_input", 0, 0, "bytes=" + input.bytes());
        SparkSession spark =
                SparkSessions.start(
                        System.getenv().getOrDefault("SPARK_MASTER", JobOptions.DEFAULT_MASTER));
        stages.end("spark_start", 0, 0);
        CollectedCatalog catalog = BatchJob.loadClean(spark, input, JobOptions.DEFAULT_SEED);
        stages.end("load_clean", catalog.raw(), catalog.clean(), "dropped=" + catalog.dropped());
        List<Track> tracks = TrackSampler.sample(catalog, SampleSize.ALL);
        stages.end("sample", catalog.clean(), tracks.size());
        BatchJob.Standardized standardized = BatchJob.standardize(spark, tracks);
        stages.end(
                "standardize",
                tracks.size(),
                standardized.vectors().rows(),
                "mean_danceability=" + standardized.scaler().mean()[0]);
        spark.stop();
        System.out.printf("stage=done total_ms=%d%n", stages.elapsedMs());
    }
}
