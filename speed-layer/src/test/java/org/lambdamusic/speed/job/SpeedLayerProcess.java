package org.lambdamusic.speed.job;

import static org.awaitility.Awaitility.await;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;

/**
 * The speed layer as the pipeline and the serving layer's end-to-end test run it: {@code java -cp
 * ... org.lambdamusic.speed.SpeedLayerMain} in its own JVM, configured by environment variables,
 * ready once it logs {@code speed layer running}. Here the classpath is the test's own.
 */
final class SpeedLayerProcess implements AutoCloseable {
    static final String RUNNING_LINE = "speed layer running job_id=";

    private final Process process;
    private final Path log;

    private SpeedLayerProcess(Process process, Path log) {
        this.process = process;
        this.log = log;
    }

    static SpeedLayerProcess start(Map<String, String> env, Path log) {
        try {
            Files.createDirectories(log.getParent());
            ProcessBuilder builder =
                    new ProcessBuilder(
                                    List.of(
                                            Path.of(System.getProperty("java.home"), "bin", "java")
                                                    .toString(),
                                            "-Xmx512m",
                                            "-cp",
                                            System.getProperty("java.class.path"),
                                            "org.lambdamusic.speed.SpeedLayerMain"))
                            .redirectErrorStream(true)
                            .redirectOutput(ProcessBuilder.Redirect.appendTo(log.toFile()));
            builder.environment().putAll(env);
            SpeedLayerProcess job = new SpeedLayerProcess(builder.start(), log);
            job.awaitRunning();
            return job;
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private void awaitRunning() {
        int before = count(RUNNING_LINE);
        await("speed layer running (log " + log + ")")
                .atMost(Duration.ofMinutes(2))
                .pollInterval(Duration.ofMillis(100))
                .failFast("speed layer exited, see " + log, () -> !process.isAlive())
                .until(() -> count(RUNNING_LINE) > before);
    }

    /**
     * The job JVM's threads and heap (jcmd), into {@code file}: what a test that timed out keeps
     * for the one who reads its failure.
     */
    void dumpTo(Path file) {
        Path jcmd = Path.of(System.getProperty("java.home"), "bin", "jcmd");
        try {
            for (String command : List.of("GC.heap_info", "Thread.print")) {
                new ProcessBuilder(jcmd.toString(), Long.toString(process.pid()), command)
                        .redirectErrorStream(true)
                        .redirectOutput(ProcessBuilder.Redirect.appendTo(file.toFile()))
                        .start()
                        .waitFor();
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    boolean isAlive() {
        return process.isAlive();
    }

    int count(String text) {
        try {
            if (!Files.exists(log)) {
                return 0;
            }
            String content = Files.readString(log);
            int n = 0;
            for (int i = content.indexOf(text); i >= 0; i = content.indexOf(text, i + 1)) {
                n++;
            }
            return n;
        } catch (IOException e) {
            return 0;
        }
    }

    String logText() {
        try {
            return Files.readString(log);
        } catch (IOException e) {
            return "(no log)";
        }
    }

    /** A crash: SIGKILL, no shutdown hook, no savepoint. */
    void kill9() throws InterruptedException {
        process.destroyForcibly();
        process.waitFor();
    }

    /** A graceful stop: SIGTERM (stop with savepoint), then wait. */
    @Override
    public void close() throws InterruptedException {
        if (process.isAlive()) {
            process.destroy();
            if (!process.waitFor(
                    Duration.ofSeconds(60).toMillis(),
                    java.util.concurrent.TimeUnit.MILLISECONDS)) {
                process.destroyForcibly();
                process.waitFor();
            }
        }
    }
}
