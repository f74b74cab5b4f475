package org.lambdamusic.batch.bench;

import org.apache.spark.sql.SparkSession;
import org.lambdamusic.batch.SparkSessions;

/**
 * The benchmark's baseline: start the same Spark session as the job, read the CSV, count its rows.
 * What any Spark job on this file costs before it does anything useful, so the job's own time can
 * be read as a ratio on a noisy machine. Usage: {@code EmptySparkJob <csv|csv.gz>}.
 */
public final class EmptySparkJob {
    private EmptySparkJob() {}

    public static void main(String[] args) {
        long start = System.nanoTime();
        SparkSession spark =
                SparkSessions.start(System.getenv().getOrDefault("SPARK_MASTER", "local[*]"));
        long started = System.nanoTime();
        long rows = spark.read().option("header", "true").csv(args[0]).count();
        long counted = System.nanoTime();
        spark.stop();
        System.out.printf(
                "stage=empty_job rows=%d spark_start_ms=%d read_count_ms=%d%n",
                rows, (started - start) / 1_000_000, (counted - started) / 1_000_000);
    }
}
