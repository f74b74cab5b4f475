package org.lambdamusic.batch;

import java.io.PrintStream;
import java.time.Instant;
import java.util.Locale;
import java.util.Map;
import org.lambdamusic.batch.cli.JobOptions;
import org.lambdamusic.batch.evaluation.EvaluationTable;
import org.lambdamusic.batch.publish.RunResultWriter;
import org.lambdamusic.contracts.cf.FactorsInfo;
import org.lambdamusic.contracts.config.AlsSettings;
import org.lambdamusic.contracts.config.FeedbackSettings;
import org.lambdamusic.contracts.config.ObjectStoreSettings;
import org.lambdamusic.contracts.config.ScoringSettings;
import org.lambdamusic.contracts.model.BatchRunResult;
import org.lambdamusic.contracts.model.Evaluation;
import org.lambdamusic.contracts.model.ModelManifest;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Command-line entry point of the batch layer ({@link JobOptions}; {@code --help} prints every
 * flag). Exit 0 when a model was published (or, with --if-absent, one already existed; with
 * --evaluate-only, it was evaluated; or the help was asked for), 1 on failure with a one-line
 * reason on stderr, 2 on a usage error, {@link JobOptions#EXIT_REJECTED} (3) when the quality gate
 * kept the new version from promotion (written, LATEST unchanged; a one-line reason on stderr).
 * Object store settings come from S3_* variables ({@link ObjectStoreSettings}); the bucket comes
 * from the s3:// output URI; the feedback weights and history size of the batch views from
 * FEEDBACK_* and HISTORY_SIZE ({@link FeedbackSettings}); ALS's from ALS_* ({@link AlsSettings});
 * the blend the evaluation measures from SCORING_* ({@link ScoringSettings}). With {@code --run-id}
 * the outcome is also written as a {@link BatchRunResult} under the output (after LATEST on a
 * publish), for the serving layer's retrainer; the console lines are for people.
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
        AlsSettings als;
        ScoringSettings scoring;
        try {
            options = JobOptions.parse(args, env);
            feedback = FeedbackSettings.from(env);
            als = AlsSettings.from(env);
            scoring = ScoringSettings.from(env);
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
            outcome = new BatchJob(options, store, feedback, als, scoring).run();
        } catch (BatchJobException e) {
            LOG.debug("batch job failed", e);
            return failed(options, store, e.getMessage(), err);
        } catch (RuntimeException e) {
            // Spark and the JVM report errors as long nested traces: log the trace, end with one
            // line.
            LOG.error("unexpected failure", e);
            return failed(options, store, oneLine(e), err);
        }
        if (outcome.status() == BatchJob.Status.EVALUATED) {
            out.print(evaluationReport(outcome.manifest()));
            out.println("evaluated, not published: " + outcome.version());
            return 0;
        }
        if (options.runId() != null) {
            String now = Instant.now().toString();
            BatchRunResult result =
                    switch (outcome.status()) {
                        case PUBLISHED ->
                                BatchRunResult.published(
                                        options.runId(), outcome.version(), now, outcome.gate());
                        case REJECTED ->
                                BatchRunResult.rejected(
                                        options.runId(),
                                        outcome.version(),
                                        BatchJob.rejection(outcome.gate()),
                                        now,
                                        outcome.gate());
                        default -> BatchRunResult.skipped(options.runId(), outcome.version(), now);
                    };
            try {
                RunResultWriter.write(options.output(), store, result);
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
        switch (outcome.status()) {
            case REJECTED -> {
                out.println("written, not promoted (quality gate): " + outcome.version());
                err.println(
                        "batch job rejected: "
                                + BatchJob.rejection(outcome.gate())
                                + "; LATEST unchanged");
                return JobOptions.EXIT_REJECTED;
            }
            case SKIPPED -> out.println("already published, skipped: " + outcome.version());
            default -> out.println("published " + outcome.version());
        }
        return 0;
    }

    /**
     * What {@code --evaluate-only} prints: the evaluation table, and the ALS training time with its
     * share of the run (up to the model's encoding; nothing was uploaded).
     */
    static String evaluationReport(ModelManifest manifest) {
        StringBuilder report = new StringBuilder();
        Evaluation evaluation = manifest.evaluation();
        report.append(
                evaluation == null
                        ? "no evaluation: no listener with enough history on catalogue tracks\n"
                        : EvaluationTable.format(evaluation));
        Map<String, Long> timings = manifest.timingsMs();
        long total = timings.getOrDefault("total_before_publish", 0L);
        long full = timings.getOrDefault("als", 0L);
        long holdout = timings.getOrDefault("evaluate_als", 0L);
        FactorsInfo factors = manifest.factors();
        report.append(
                String.format(
                        Locale.ROOT,
                        "als: %d ms on %s ratings (stage als), %d ms on the training listeners"
                                + " (stage evaluate_als); together %.1f%% of the run's %d ms"
                                + " before publishing%n",
                        full,
                        factors == null ? "0" : Long.toString(factors.ratings()),
                        holdout,
                        total == 0 ? 0.0 : 100.0 * (full + holdout) / total,
                        total));
        report.append("stages_ms: ").append(timings).append('\n');
        return report.toString();
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
