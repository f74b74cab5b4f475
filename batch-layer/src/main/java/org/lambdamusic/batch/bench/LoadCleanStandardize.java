package org.lambdamusic.batch.bench;

import static org.apache.spark.sql.functions.col;
import static org.apache.spark.sql.functions.lit;
import static org.apache.spark.sql.functions.sum;

import java.util.List;
import org.apache.spark.sql.Column;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.SparkSession;
import org.apache.spark.storage.StorageLevel;
import org.lambdamusic.batch.SparkSessions;
import org.lambdamusic.batch.StageLog;
import org.lambdamusic.batch.catalog.CatalogCleaner;
import org.lambdamusic.batch.catalog.CatalogLoader;
import org.lambdamusic.batch.catalog.CleanCatalog;
import org.lambdamusic.batch.catalog.InputFile;
import org.lambdamusic.batch.scaling.SklearnScaler;
import org.lambdamusic.contracts.model.AudioFeatures;
import org.lambdamusic.contracts.model.ScalerParams;

/**
 * The benchmark's scale test: the job's load, clean and standardize stages on a large (synthetic)
 * catalog, all in Spark, without sampling or similarity. Standardizing fits MLlib's scaler on every
 * clean track and applies the scikit-learn parameters to all of them. Usage: {@code
 * LoadCleanStandardize <csv.gz>}.
 */
public final class LoadCleanStandardize {
    private LoadCleanStandardize() {}

    public static void main(String[] args) {
        StageLog stages = new StageLog();
        SparkSession spark =
                SparkSessions.start(System.getenv().getOrDefault("SPARK_MASTER", "local[*]"));
        stages.end("spark_start", 0, 0);
        InputFile input = InputFile.open(args[0]);
        Dataset<Row> typed = CatalogLoader.load(spark, input).persist(StorageLevel.MEMORY_ONLY());
        CleanCatalog catalog = CatalogCleaner.clean(typed);
        stages.end("load_clean", catalog.raw(), catalog.clean(), "dropped=" + catalog.dropped());

        Dataset<Row> clean =
                catalog.usable()
                        .join(
                                catalog.firsts().select(CatalogLoader.POSITION),
                                catalog.usable()
                                        .col(CatalogLoader.POSITION)
                                        .equalTo(catalog.firsts().col(CatalogLoader.POSITION)),
                                "left_semi");
        ScalerParams scaler = SklearnScaler.fit(clean, catalog.clean());
        List<String> names = AudioFeatures.NAMES;
        Column[] z = new Column[names.size()];
        for (int f = 0; f < z.length; f++) {
            Column standardized =
                    col(names.get(f)).minus(lit(scaler.mean()[f])).divide(lit(scaler.scale()[f]));
            z[f] = sum(standardized.multiply(standardized)).as(names.get(f));
        }
        // Sum of z² per feature is n for a non-constant feature: forces every row through.
        Row check = clean.agg(z[0], java.util.Arrays.copyOfRange(z, 1, z.length)).first();
        stages.end(
                "standardize",
                catalog.clean(),
                catalog.clean(),
                "sum_z2_danceability=" + Math.round(check.getDouble(0)));
        spark.stop();
        System.out.printf("stage=done total_ms=%d%n", stages.elapsedMs());
    }
}
