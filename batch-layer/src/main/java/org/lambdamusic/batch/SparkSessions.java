package org.lambdamusic.batch;

import org.apache.spark.sql.SparkSession;

/**
 * The Spark session of one job run. Lean for local mode (no UI, as many shuffle partitions as
 * cores, not the default 200), the same settings on a cluster master.
 */
public final class SparkSessions {
    private SparkSessions() {}

    public static SparkSession start(String master) {
        int cores = Runtime.getRuntime().availableProcessors();
        return SparkSession.builder()
                .appName("lambdamusic-batch")
                .master(master)
                .config("spark.ui.enabled", "false")
                .config("spark.ui.showConsoleProgress", "false")
                .config("spark.sql.shuffle.partitions", Integer.toString(Math.max(2, cores)))
                .config("spark.sql.adaptive.enabled", "true")
                .config("spark.sql.session.timeZone", "UTC")
                // The top-K slices come back to the driver (8 bytes × K per track).
                .config("spark.driver.maxResultSize", "2g")
                .getOrCreate();
    }

    /** Stops the session on a thread of its own; {@link #awaitStop} before starting another. */
    static Thread stopInBackground(SparkSession spark) {
        Thread stopper = new Thread(spark::stop, "spark-stop");
        stopper.setDaemon(true);
        stopper.start();
        return stopper;
    }

    static void awaitStop(Thread stopper) {
        try {
            stopper.join();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
