package org.lambdamusic.serving.e2e;

import java.io.File;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import org.awaitility.Awaitility;
import org.lambdamusic.contracts.config.ObjectStoreSettings;

/**
 * The real speed layer as a child process, launched exactly as ./pipeline does, for the test that
 * drives a like through the whole loop (API → Kafka → Flink → user-profiles → boost).
 */
public final class SpeedLayerProcess implements AutoCloseable {
    private final Process process;
    private final Path log;

    private SpeedLayerProcess(Process process, Path log) {
        this.process = process;
        this.log = log;
    }

    static Path repoRoot() {
        return Path.of(System.getProperty("repo.root", "..")).toAbsolutePath().normalize();
    }

    public static Path jar() {
        return repoRoot().resolve("speed-layer/target/speed-layer-0.1.0-SNAPSHOT.jar");
    }

    /** True when the speed layer has been packaged (the reactor builds it before this module). */
    public static boolean available() {
        return Files.isRegularFile(jar())
                && Files.isDirectory(repoRoot().resolve("speed-layer/target/lib"));
    }

    public static SpeedLayerProcess start(
            String bootstrapServers, ObjectStoreSettings s3, Path dir) {
        return start(bootstrapServers, s3, dir, java.util.Map.of());
    }

    /**
     * @param settings further environment (speed settings such as SPEED_CHECKPOINT_INTERVAL_MS)
     */
    public static SpeedLayerProcess start(
            String bootstrapServers,
            ObjectStoreSettings s3,
            Path dir,
            java.util.Map<String, String> settings) {
        try {
            Files.createDirectories(dir);
            Path log = dir.resolve("speed-layer.log");
            String classpath =
                    jar()
                            + File.pathSeparator
                            + repoRoot().resolve("speed-layer/target/lib")
                            + File.separator
                            + "*";
            ProcessBuilder builder =
                    new ProcessBuilder(
                                    Path.of(System.getProperty("java.home"), "bin", "java")
                                            .toString(),
                                    "-Xmx512m",
                                    "-cp",
                                    classpath,
                                    "org.lambdamusic.speed.SpeedLayerMain")
                            .redirectErrorStream(true)
                            .redirectOutput(log.toFile());
            builder.environment().put("KAFKA_BOOTSTRAP_SERVERS", bootstrapServers);
            builder.environment().put("S3_ENDPOINT", s3.endpoint());
            builder.environment().put("S3_BUCKET", s3.bucket());
            builder.environment().put("S3_ACCESS_KEY", s3.accessKey());
            builder.environment().put("S3_SECRET_KEY", s3.secretKey());
            builder.environment().put("SPEED_STATE_DIR", stateDir(dir).toString());
            builder.environment().putAll(settings);
            SpeedLayerProcess speed = new SpeedLayerProcess(builder.start(), log);
            Awaitility.await("speed layer running (log " + log + ")")
                    .atMost(Duration.ofSeconds(120))
                    .pollInterval(Duration.ofMillis(200))
                    .until(
                            () -> {
                                if (!speed.process.isAlive()) {
                                    throw new IllegalStateException(
                                            "speed layer exited:\n" + Files.readString(log));
                                }
                                return Files.readString(log).contains("speed layer running");
                            });
            return speed;
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    @Override
    public void close() {
        process.destroy();
        try {
            if (!process.waitFor(15, java.util.concurrent.TimeUnit.SECONDS)) {
                process.destroyForcibly().waitFor(5, java.util.concurrent.TimeUnit.SECONDS);
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            process.destroyForcibly();
        }
    }

    /** Where a process started on {@code dir} keeps its checkpoints: what a reset deletes. */
    public static Path stateDir(Path dir) {
        return dir.resolve("state");
    }

    Path log() {
        return log;
    }
}
