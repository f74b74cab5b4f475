package org.lambdamusic.serving.e2e;

import java.io.File;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.lambdamusic.contracts.config.ObjectStoreSettings;

/**
 * The real batch layer as a child process, launched exactly as {@code ./pipeline batch} does (the
 * packaged job jar and its libraries), so the serving tests load models the Spark job wrote rather
 * than a second implementation of the format. Layers never depend on each other's code: only on the
 * jar the reactor built before this module.
 */
public final class BatchJobProcess {
    private static final Pattern DONE = Pattern.compile("stage=done version=(\\S+)");

    private BatchJobProcess() {}

    static Path jar() {
        return SpeedLayerProcess.repoRoot()
                .resolve("batch-layer/target/batch-layer-0.1.0-SNAPSHOT.jar");
    }

    /** True when the batch layer has been packaged (the reactor builds it before this module). */
    public static boolean available() {
        return Files.isRegularFile(jar())
                && Files.isDirectory(
                        SpeedLayerProcess.repoRoot().resolve("batch-layer/target/lib"));
    }

    /** The dataset fixture cut from the real file (datasets/fixtures). */
    public static Path fixture() {
        return Path.of(
                        System.getProperty("datasets.dir", "../datasets"),
                        "fixtures",
                        "spotify_tracks_small.csv")
                .toAbsolutePath();
    }

    /**
     * Runs the job on the fixture and publishes a version to {@code outputUri} (e.g. {@code
     * s3://bucket/models}).
     *
     * @param sample a number of tracks (dense model) or {@code all} (top-K model)
     * @param extraArgs further job options, e.g. {@code --top-k 20}
     * @return the version the job published
     */
    public static String publish(
            ObjectStoreSettings s3,
            String outputUri,
            String sample,
            Path workDir,
            String... extraArgs) {
        if (!available()) {
            throw new IllegalStateException(
                    "batch layer not packaged: " + jar() + " (run mvn package -pl batch-layer)");
        }
        try {
            Files.createDirectories(workDir);
            Path log = Files.createTempFile(workDir, "batch-", ".log");
            List<String> command = new ArrayList<>();
            command.add(Path.of(System.getProperty("java.home"), "bin", "java").toString());
            command.add("-Xmx1g");
            command.add("-cp");
            command.add(
                    jar()
                            + File.pathSeparator
                            + SpeedLayerProcess.repoRoot().resolve("batch-layer/target/lib")
                            + File.separator
                            + "*");
            command.add("org.lambdamusic.batch.BatchJobMain");
            command.addAll(
                    List.of(
                            "--input",
                            fixture().toString(),
                            "--output",
                            outputUri,
                            "--sample",
                            sample,
                            "--seed",
                            "42"));
            command.addAll(List.of(extraArgs));
            ProcessBuilder builder =
                    new ProcessBuilder(command)
                            .redirectErrorStream(true)
                            .redirectOutput(log.toFile());
            builder.environment().put("S3_ENDPOINT", s3.endpoint());
            builder.environment().put("S3_BUCKET", s3.bucket());
            builder.environment().put("S3_ACCESS_KEY", s3.accessKey());
            builder.environment().put("S3_SECRET_KEY", s3.secretKey());
            builder.environment().put("S3_REGION", s3.region());
            builder.environment().put("SPARK_LOCAL_IP", "127.0.0.1");
            Process process = builder.start();
            if (!process.waitFor(5, TimeUnit.MINUTES)) {
                process.destroyForcibly();
                throw new IllegalStateException(
                        "batch job did not finish in 5 minutes; log " + log);
            }
            String output = Files.readString(log);
            Matcher done = DONE.matcher(output);
            if (process.exitValue() != 0 || !done.find()) {
                throw new IllegalStateException(
                        "batch job failed (exit " + process.exitValue() + "):\n" + tail(output));
            }
            return done.group(1);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted while the batch job ran", e);
        }
    }

    private static String tail(String output) {
        String[] lines = output.split("\n");
        return String.join(
                "\n", List.of(lines).subList(Math.max(0, lines.length - 40), lines.length));
    }
}
