package org.lambdamusic.serving.retrain;

import java.io.IOException;
import java.io.RandomAccessFile;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicReference;
import java.util.function.Supplier;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.apache.spark.launcher.SparkAppHandle;
import org.apache.spark.launcher.SparkLauncher;
import org.lambdamusic.contracts.config.ObjectStoreSettings;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * One run of the batch job ({@code org.lambdamusic.batch.BatchJobMain}) through Spark's own
 * launcher: {@code SparkLauncher.startApplication} runs {@code <spark home>/bin/spark-submit} as a
 * child process, its output goes to the run's log file, and a listener follows the application's
 * state.
 *
 * <p>The job stops its Spark session before it uploads the model, so the launcher reports FINISHED
 * while the version is still being written. The outcome is therefore the job's own last line:
 * {@code published <version>} on success (after LATEST was written), {@code batch job failed:
 * <reason>} otherwise; a child that dies without either ends FAILED or LOST in the launcher (it
 * turns a non-zero exit into FAILED).
 */
final class SparkBatchJob {
    static final String MAIN_CLASS = "org.lambdamusic.batch.BatchJobMain";
    private static final Logger log = LoggerFactory.getLogger(SparkBatchJob.class);
    private static final Pattern PUBLISHED = Pattern.compile("^published (\\S+)\\s*$");
    private static final Pattern FAILED = Pattern.compile("^batch job(?: failed)?: (.+)$");
    private static final Duration CHECK_EVERY = Duration.ofMillis(100);

    private final RetrainProperties properties;
    private final ObjectStoreSettings s3;
    private final String output;

    SparkBatchJob(RetrainProperties properties, ObjectStoreSettings s3, String output) {
        this.properties = properties;
        this.s3 = s3;
        this.output = output;
    }

    /** How a run ended: the version it published, or why it did not. */
    record Outcome(String version, String error) {
        boolean succeeded() {
            return version != null;
        }
    }

    /** The job's command-line arguments (after the app jar). */
    List<String> jobArgs() {
        List<String> args = new ArrayList<>();
        args.addAll(List.of("--input", properties.input(), "--output", output));
        args.addAll(List.of("--sample", properties.sample()));
        // The job builds its own session and would otherwise use its default master.
        args.addAll(List.of("--master", properties.sparkMaster()));
        args.addAll(properties.extraArgList());
        return args;
    }

    /**
     * Launches the job and waits for it to end.
     *
     * @param stopReason polled while the job runs: null to go on, else why the job is killed (lease
     *     lost, shutdown)
     */
    Outcome run(String runId, Path logFile, Supplier<String> stopReason) throws IOException {
        Files.createDirectories(logFile.getParent());
        Map<String, String> env = new HashMap<>();
        env.put("S3_ENDPOINT", s3.endpoint() == null ? "" : s3.endpoint());
        env.put("S3_BUCKET", s3.bucket());
        env.put("S3_REGION", s3.region());
        env.put("S3_ACCESS_KEY", s3.accessKey());
        env.put("S3_SECRET_KEY", s3.secretKey());
        env.put("SPARK_LOCAL_IP", System.getenv().getOrDefault("SPARK_LOCAL_IP", "127.0.0.1"));
        // A standalone worker needs it to find the jars without a Spark build (ARCHITECTURE.md).
        env.put("SPARK_SCALA_VERSION", "2.13");
        // Read by the project's bin/spark-submit: the driver JVM's flags.
        env.put("SPARK_SUBMIT_OPTS", properties.javaOpts() == null ? "" : properties.javaOpts());
        // The child inherits this JVM's environment; the admin password has no business there.
        env.put("ADMIN_PASSWORD", "");
        AtomicReference<SparkAppHandle.State> last = new AtomicReference<>();
        SparkLauncher launcher =
                new SparkLauncher(env)
                        .setSparkHome(properties.sparkHome())
                        .setJavaHome(System.getProperty("java.home"))
                        .setMaster(properties.sparkMaster())
                        .setAppName("lambdamusic-retrain-" + runId)
                        .setAppResource(properties.appJar())
                        .setMainClass(MAIN_CLASS)
                        .addAppArgs(jobArgs().toArray(String[]::new))
                        .redirectError()
                        .redirectOutput(logFile.toFile());
        long started = System.nanoTime();
        SparkAppHandle handle =
                launcher.startApplication(
                        new SparkAppHandle.Listener() {
                            @Override
                            public void stateChanged(SparkAppHandle h) {
                                last.set(h.getState());
                                log.info(
                                        "retrain run_id={} spark_state={} app_id={}",
                                        runId,
                                        h.getState(),
                                        h.getAppId());
                            }

                            @Override
                            public void infoChanged(SparkAppHandle h) {}
                        });
        LogLines lines = new LogLines(logFile);
        Duration timeout = properties.timeout();
        while (true) {
            for (String line : lines.newLines()) {
                Matcher published = PUBLISHED.matcher(line);
                if (published.matches()) {
                    return new Outcome(published.group(1), null);
                }
                Matcher failed = FAILED.matcher(line);
                if (failed.matches()) {
                    handle.disconnect();
                    return new Outcome(null, failed.group(1).trim());
                }
            }
            SparkAppHandle.State state = handle.getState();
            if (state == SparkAppHandle.State.FAILED
                    || state == SparkAppHandle.State.KILLED
                    || state == SparkAppHandle.State.LOST) {
                // The last lines may have been written just before the exit.
                for (String line : lines.newLines()) {
                    Matcher published = PUBLISHED.matcher(line);
                    if (published.matches()) {
                        return new Outcome(published.group(1), null);
                    }
                }
                return new Outcome(
                        null, "the batch job ended in Spark state " + state + "; see log_tail");
            }
            String stop = stopReason.get();
            if (stop != null) {
                handle.kill();
                return new Outcome(null, stop + "; the job was killed");
            }
            if (System.nanoTime() - started > timeout.toNanos()) {
                handle.kill();
                return new Outcome(null, "timed out after " + timeout + "; the job was killed");
            }
            try {
                Thread.sleep(CHECK_EVERY.toMillis());
            } catch (InterruptedException e) {
                handle.kill();
                Thread.currentThread().interrupt();
                return new Outcome(null, "interrupted (serving layer shutting down)");
            }
        }
    }

    /** The last {@code count} lines of a run's log (empty when there is none yet). */
    static List<String> tail(Path logFile, int count) {
        if (!Files.isRegularFile(logFile)) {
            return List.of();
        }
        Deque<String> lines = new ArrayDeque<>(count + 1);
        try (var reader = Files.newBufferedReader(logFile, StandardCharsets.UTF_8)) {
            String line;
            while ((line = reader.readLine()) != null) {
                lines.addLast(line);
                if (lines.size() > count) {
                    lines.removeFirst();
                }
            }
        } catch (IOException e) {
            return List.of("(log unreadable: " + e.getMessage() + ")");
        }
        return List.copyOf(lines);
    }

    /** Follows a growing log file: each call returns the complete lines written since the last. */
    private static final class LogLines {
        private final Path file;
        private long offset;
        private final StringBuilder partial = new StringBuilder();

        LogLines(Path file) {
            this.file = file;
        }

        List<String> newLines() {
            if (!Files.isRegularFile(file)) {
                return List.of();
            }
            List<String> lines = new ArrayList<>();
            try (RandomAccessFile in = new RandomAccessFile(file.toFile(), "r")) {
                long length = in.length();
                if (length <= offset) {
                    return lines;
                }
                byte[] bytes = new byte[(int) Math.min(length - offset, 1 << 20)];
                in.seek(offset);
                in.readFully(bytes);
                offset += bytes.length;
                partial.append(new String(bytes, StandardCharsets.UTF_8));
            } catch (IOException e) {
                return lines;
            }
            int newline;
            while ((newline = partial.indexOf("\n")) >= 0) {
                lines.add(partial.substring(0, newline));
                partial.delete(0, newline + 1);
            }
            return lines;
        }
    }
}
