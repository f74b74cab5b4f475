package org.lambdamusic.serving.retrain;

import java.io.IOException;
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
import java.util.Optional;
import java.util.concurrent.TimeUnit;
import java.util.function.Supplier;
import org.apache.spark.launcher.SparkLauncher;
import org.lambdamusic.contracts.config.ObjectStoreSettings;
import org.lambdamusic.contracts.model.BatchRunResult;
import org.lambdamusic.contracts.model.ModelFormatException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * One run of the batch job ({@code org.lambdamusic.batch.BatchJobMain}) through Spark's own
 * launcher: {@code SparkLauncher.launch} runs {@code <spark home>/bin/spark-submit} as a child
 * process whose output goes to the run's log file, and this waits for the process to exit.
 *
 * <p>The job is given the run id ({@code --run-id}) and writes what it did as a {@link
 * BatchRunResult} (contracts) under the model root, after LATEST on a publish; once the child has
 * exited, that result, read from the store, is the run's outcome. A child that exits without one
 * (killed, crashed before it could write) failed.
 */
final class SparkBatchJob {
    static final String MAIN_CLASS = "org.lambdamusic.batch.BatchJobMain";
    private static final Logger log = LoggerFactory.getLogger(SparkBatchJob.class);
    private static final Duration CHECK_EVERY = Duration.ofMillis(100);

    private final RetrainProperties properties;
    private final ObjectStoreSettings s3;
    private final String output;
    private final RunResults results;

    SparkBatchJob(
            RetrainProperties properties,
            ObjectStoreSettings s3,
            String output,
            RunResults results) {
        this.properties = properties;
        this.s3 = s3;
        this.output = output;
        this.results = results;
    }

    /**
     * How a run ended: the version it published, or the version it wrote without promoting it
     * (rejected by the quality gate), or why it did neither.
     *
     * @param gate the quality gate's figures when it judged the version; null otherwise
     */
    record Outcome(
            String version, String error, BatchRunResult.QualityGate gate, boolean rejected) {
        static Outcome published(String version, BatchRunResult.QualityGate gate) {
            return new Outcome(version, null, gate, false);
        }

        static Outcome failed(String error) {
            return new Outcome(null, error, null, false);
        }

        static Outcome rejected(String version, String reason, BatchRunResult.QualityGate gate) {
            return new Outcome(version, reason, gate, true);
        }

        boolean succeeded() {
            return version != null && !rejected;
        }
    }

    /** The job's command-line arguments (after the app jar) for one run. */
    List<String> jobArgs(String runId) {
        List<String> args = new ArrayList<>();
        args.addAll(List.of("--input", properties.input(), "--output", output));
        args.addAll(List.of("--sample", properties.sample()));
        // The job builds its own session and would otherwise use its default master.
        args.addAll(List.of("--master", properties.sparkMaster()));
        args.addAll(properties.extraArgList());
        // Last, so no extra argument can point the result elsewhere.
        args.addAll(List.of("--run-id", runId));
        return args;
    }

    /**
     * Launches the job and waits for its process to exit; then the run's result in the store says
     * what it did.
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
        // launch(), not startApplication(): the job stops its Spark session before it uploads the
        // model, so the application's state says FINISHED while the version is still being
        // written; only the process's exit says the job is done.
        Process process =
                new SparkLauncher(env)
                        .setSparkHome(properties.sparkHome())
                        .setJavaHome(System.getProperty("java.home"))
                        .setMaster(properties.sparkMaster())
                        .setAppName("lambdamusic-retrain-" + runId)
                        .setAppResource(properties.appJar())
                        .setMainClass(MAIN_CLASS)
                        .addAppArgs(jobArgs(runId).toArray(String[]::new))
                        .redirectError()
                        .redirectOutput(logFile.toFile())
                        .launch();
        log.info("retrain run_id={} launched pid={}", runId, process.pid());
        long started = System.nanoTime();
        Duration timeout = properties.timeout();
        try {
            while (!process.waitFor(CHECK_EVERY.toMillis(), TimeUnit.MILLISECONDS)) {
                String stop = stopReason.get();
                if (stop != null) {
                    kill(process);
                    return Outcome.failed(stop + "; the job was killed");
                }
                if (System.nanoTime() - started > timeout.toNanos()) {
                    kill(process);
                    return Outcome.failed("timed out after " + timeout + "; the job was killed");
                }
            }
        } catch (InterruptedException e) {
            kill(process);
            Thread.currentThread().interrupt();
            return Outcome.failed("interrupted (serving layer shutting down)");
        }
        return outcome(runId, process.exitValue());
    }

    /**
     * What the exited job says in its run result, read from the store. A rejection is one whatever
     * the exit code: the gate judged a version that was written in full, {@code LATEST} is
     * unchanged either way, and its figures are what the operator needs.
     */
    private Outcome outcome(String runId, int exitCode) {
        Optional<BatchRunResult> result;
        try {
            result = results.read(runId);
        } catch (ModelFormatException e) {
            return Outcome.failed("unreadable run result: " + e.getMessage());
        } catch (RuntimeException e) {
            return Outcome.failed("run result could not be read: " + e.getMessage());
        }
        if (result.isPresent() && BatchRunResult.FAILED.equals(result.get().outcome())) {
            return Outcome.failed(result.get().error());
        }
        if (result.isPresent() && result.get().isRejected()) {
            return Outcome.rejected(
                    result.get().version(), rejection(result.get()), result.get().gate());
        }
        if (exitCode != 0) {
            return Outcome.failed("the batch job exited with code " + exitCode + "; see log_tail");
        }
        if (result.isEmpty()) {
            return Outcome.failed("the batch job exited 0 without a run result; see log_tail");
        }
        if (!result.get().isPublished()) {
            return Outcome.failed(
                    "the batch job published nothing (" + result.get().outcome() + ")");
        }
        return Outcome.published(result.get().version(), result.get().gate());
    }

    /** The job's own reason, else one made of the gate's figures. */
    private static String rejection(BatchRunResult result) {
        if (result.error() != null && !result.error().isBlank()) {
            return result.error();
        }
        BatchRunResult.QualityGate gate = result.gate();
        return String.format(
                java.util.Locale.ROOT,
                "rejected by the quality gate: NDCG@10 %.4f is below the served version's %s by"
                        + " more than the margin %.4f; %s written, models/LATEST unchanged",
                gate.candidateNdcg(),
                gate.servedNdcg() == null
                        ? "(none)"
                        : String.format(java.util.Locale.ROOT, "%.4f", gate.servedNdcg()),
                gate.margin(),
                result.version());
    }

    /** Stops the job and whatever it started (spark-submit's JVM may have children). */
    private static void kill(Process process) {
        process.descendants().forEach(ProcessHandle::destroy);
        process.destroy();
        try {
            if (!process.waitFor(10, TimeUnit.SECONDS)) {
                process.descendants().forEach(ProcessHandle::destroyForcibly);
                process.destroyForcibly();
            }
        } catch (InterruptedException e) {
            process.destroyForcibly();
            Thread.currentThread().interrupt();
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
}
