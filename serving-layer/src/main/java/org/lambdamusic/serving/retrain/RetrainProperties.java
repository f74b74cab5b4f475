package org.lambdamusic.serving.retrain;

import java.time.Duration;
import java.util.List;
import java.util.Objects;
import java.util.stream.Stream;
import org.springframework.boot.context.properties.ConfigurationProperties;

/**
 * Scheduled and on-demand retraining: what the batch job is launched with (through Spark's
 * launcher) and how runs are coordinated. Defaults live in application.properties.
 *
 * @param cron Spring cron of scheduled runs; {@code -} disables the schedule
 * @param sparkMaster master the job runs on ({@code local[*]}, {@code spark://host:7077})
 * @param sparkHome folder whose {@code jars/} holds the batch layer's Spark jars and whose {@code
 *     bin/spark-submit} runs SparkSubmit from them; empty: retraining is not configured
 * @param appJar the batch layer's job jar
 * @param input dataset the job reads ({@code --input})
 * @param output where versions and LATEST go ({@code --output}); empty: this app's bucket and model
 *     root
 * @param sample {@code --sample} of the job (a number, or {@code all})
 * @param extraArgs further job arguments, split on whitespace
 * @param javaOpts JVM flags of the job's driver JVM (SPARK_SUBMIT_OPTS)
 * @param logDir where each run's log file goes
 * @param history how many runs GET /api/admin/retrain lists
 * @param timeout a run still going after this is killed and failed
 * @param leaseTtl how long the object-store lease holds without renewal (renewed every third)
 */
@ConfigurationProperties("serving.retrain")
public record RetrainProperties(
        String cron,
        String sparkMaster,
        String sparkHome,
        String appJar,
        String input,
        String output,
        String sample,
        String extraArgs,
        String javaOpts,
        String logDir,
        int history,
        Duration timeout,
        Duration leaseTtl) {

    /** True when the job can be launched at all; an API request gets 503 otherwise. */
    public boolean configured() {
        return missing().isEmpty();
    }

    /** The settings a launch needs that are empty, by their environment names. */
    public List<String> missing() {
        return Stream.of(
                        blank(sparkHome) ? "RETRAIN_SPARK_HOME" : null,
                        blank(appJar) ? "RETRAIN_APP_JAR" : null,
                        blank(input) ? "RETRAIN_INPUT" : null)
                .filter(Objects::nonNull)
                .toList();
    }

    public List<String> extraArgList() {
        return blank(extraArgs) ? List.of() : List.of(extraArgs.trim().split("\\s+"));
    }

    static boolean blank(String s) {
        return s == null || s.isBlank();
    }
}
