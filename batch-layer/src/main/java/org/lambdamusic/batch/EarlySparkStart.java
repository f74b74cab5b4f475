package org.lambdamusic.batch;

import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import org.apache.spark.sql.SparkSession;
import org.lambdamusic.contracts.config.ObjectStoreSettings;

/**
 * Starts the Spark session on a background thread while the job checks its output and input, so the
 * several seconds of Spark's start overlap the object-store client's class loading and the input's
 * checksum (two cores: the checks hardly use one). A check that fails still fails first and
 * publishes nothing; the session started for nothing is then stopped by {@link #close()}.
 */
final class EarlySparkStart implements AutoCloseable {
    private final CompletableFuture<SparkSession> session;
    private boolean taken;

    private EarlySparkStart(CompletableFuture<SparkSession> session) {
        this.session = session;
    }

    static EarlySparkStart begin(String master, ObjectStoreSettings store) {
        CompletableFuture<SparkSession> future = new CompletableFuture<>();
        Thread starter =
                new Thread(
                        () -> {
                            try {
                                future.complete(SparkSessions.start(master, store));
                            } catch (Throwable e) {
                                future.completeExceptionally(e);
                            }
                        },
                        "spark-start");
        starter.setDaemon(true);
        starter.start();
        return new EarlySparkStart(future);
    }

    /** The session, once started; the caller now owns it (and stops it). */
    SparkSession take() {
        try {
            SparkSession spark = session.join();
            taken = true;
            // Spark looks up the session's SQL settings through the calling thread's active one.
            SparkSession.setActiveSession(spark);
            return spark;
        } catch (CompletionException e) {
            if (e.getCause() instanceof RuntimeException cause) {
                throw cause;
            }
            throw e;
        }
    }

    /** Stops the session if nobody took it (a check failed before Spark was needed). */
    @Override
    public void close() {
        if (!taken) {
            try {
                session.join().stop();
            } catch (CompletionException e) {
                // It never started; the check's own error is the one to report.
            }
        }
    }
}
