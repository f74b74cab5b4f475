package org.lambdamusic.batch;

import java.io.PrintStream;
import java.time.Instant;
import java.util.Map;
import org.lambdamusic.batch.cli.JobOptions;
import org.lambdamusic.batch.publish.RunResultWriter;
import org.lambdamusic.contracts.config.FeedbackSettings;
import org.lambdamusic.contracts.config.ObjectStoreSettings;
import org.lambdamusic.contracts.model.BatchRunResult;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Command-line entry point of the batch layer ({@link JobOptions}; {@code --help} prints every
 * flag). Exit 0 when a model was published (or, with --if-absent, one already existed, or the help
 * was asked for), 1 on failure with a one-line reason on stderr, 2 on a usage error. Object store
 * settings come from S3_* variables ({@link ObjectStoreSettings}); the bucket comes from the s3://
 * output URI; the feedback weights and history size of the batch views from FEEDBACK_* and
 * HISTORY_SIZE ({@link FeedbackSettings}). With {@code --run-id} the outcome is also written as a
 * {@link BatchRunResult} under the output (after LATEST on a publish), for the serving layer's
 * retrainer; the console lines are for people.
 */
public final class BatchJobMain {
    private static final Logger LOG = LoggerFactory.getLogger(BatchJobMain.class);

    private BatchJobMain() {}

    public static void main(String[] args) {
        System.exit(run(args, System.getenv()));
    }

    public static int run(String[] args, Map<String, String> env) {
        return run(args, env, System.out, System.err);
    }

    /** Runs the job in this JVM and returns the exit code (tests call this directly). */
    public static int run(
            String[] args, Map<String, String> env, PrintStream out, PrintStream err) {
        if (JobOptions.helpRequested(args)) {
            out.print(JobOptions.help());
            return 0;
        }
        JobOptions options;
        FeedbackSettings feedback;
        try {
            options = JobOptions.parse(args, env);
            feedback = FeedbackSettings.from(env);
        } catch (BatchJobException | IllegalArgumentException e) {
            err.println("batch job: " + e.getMessage());
            return 2;
        }
        ObjectStoreSettings store;
        try {
            store = ObjectStoreSettings.from(env);
        } catch (RuntimeException e) {
            err.println("batch job failed: " + oneLine(e));
            return 1;
        }
        BatchJob.Outcome outcome;
        try {
            outcome = new BatchJob(options, store, feedback).run();
        } catch (BatchJobException e) {
            LOG.debug("batch job failed", e);
            return failed(options, store, e.getMessage(), err);
        } catch (RuntimeException e) {
            // Spark and the JVM report errors as long nested traces: log the trace, end with one
            // line.
            LOG.error("unexpected failure", e);
            return failed(options, store, oneLine(e), err);
        }
        if (options.runId() != null) {
            String now = Instant.now().toString();
            try {
                RunResultWriter.write(
                        options.output(),
                        store,
                        outcome.published()
                                ? BatchRunResult.published(options.runId(), outcome.version(), now)
                                : BatchRunResult.skipped(options.runId(), outcome.version(), now));
            } catch (RuntimeException e) {
                LOG.error("run result not written", e);
                err.println(
                        "batch job failed: version "
                                + outcome.version()
                                + " is out but its run result could not be written: "
                                + oneLine(e));
                return 1;
            }
        }
        out.println(
                (outcome.published() ? "published " : "already published, skipped: ")
                        + outcome.version());
        return 0;
    }

    /** Reports a failure on stderr and, for a run with an id, in its run result. */
    private static int failed(
            JobOptions options, ObjectStoreSettings store, String reason, PrintStream err) {
        err.println("batch job failed: " + reason);
        if (options.runId() != null) {
            try {
                RunResultWriter.write(
                        options.output(),
                        store,
                        BatchRunResult.failed(options.runId(), reason, Instant.now().toString()));
            } catch (RuntimeException e) {
                // The caller sees a non-zero exit without a result: the log says the rest.
                LOG.error("run result not written", e);
            }
        }
        return 1;
    }

    static String oneLine(Throwable e) {
        Throwable root = e;
        while (root.getCause() != null && root.getCause() != root) {
            root = root.getCause();
        }
        String message = root.getMessage() == null ? "" : root.getMessage();
        int newline = message.indexOf('\n');
        return root.getClass().getSimpleName()
                + ": "
                + (newline < 0 ? message : message.substring(0, newline));
    }
}
