package org.lambdamusic.batch;

import java.util.LinkedHashMap;
import java.util.Map;
import org.apache.spark.sql.SparkSession;
import org.lambdamusic.contracts.config.ObjectStoreSettings;

/**
 * The Spark session of one job run. Lean for local mode (no UI, as many shuffle partitions as
 * cores, not the default 200), the same settings on a cluster master. With object store settings,
 * Hadoop's s3a connector reads {@code s3a://} paths (the interaction archive) from the same store
 * the model is published to, with the same endpoint, region and keys.
 */
public final class SparkSessions {
    private SparkSessions() {}

    public static SparkSession start(String master) {
        return builder(master).getOrCreate();
    }

    public static SparkSession start(String master, ObjectStoreSettings store) {
        SparkSession.Builder builder = builder(master);
        s3a(store).forEach(builder::config);
        return builder.getOrCreate();
    }

    /**
     * The s3a settings for a store: path-style and plain HTTP for a custom endpoint (the local
     * s3proxy, MinIO), static keys, the endpoint's region. Prefixed {@code spark.hadoop.} so they
     * reach every executor's Hadoop configuration.
     */
    static Map<String, String> s3a(ObjectStoreSettings store) {
        Map<String, String> conf = new LinkedHashMap<>();
        String p = "spark.hadoop.fs.s3a.";
        conf.put(p + "access.key", store.accessKey());
        conf.put(p + "secret.key", store.secretKey());
        conf.put(
                p + "aws.credentials.provider",
                "org.apache.hadoop.fs.s3a.SimpleAWSCredentialsProvider");
        conf.put(p + "endpoint.region", store.region());
        if (store.hasCustomEndpoint()) {
            conf.put(p + "endpoint", store.endpoint());
            conf.put(p + "path.style.access", "true");
            conf.put(
                    p + "connection.ssl.enabled",
                    Boolean.toString(store.endpoint().startsWith("https:")));
        }
        // A store that does not answer fails the read within seconds, not after minutes of retries.
        conf.put(p + "connection.establish.timeout", "5s");
        conf.put(p + "attempts.maximum", "3");
        conf.put(p + "retry.limit", "3");
        return conf;
    }

    private static SparkSession.Builder builder(String master) {
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
                .config("spark.driver.maxResultSize", "2g");
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
