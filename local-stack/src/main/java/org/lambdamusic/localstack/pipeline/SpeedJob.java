package org.lambdamusic.localstack.pipeline;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import org.lambdamusic.contracts.deploy.StackDefaults;
import org.lambdamusic.localstack.supervisor.ProcessSpec;
import org.lambdamusic.localstack.supervisor.Readiness;

/**
 * The speed layer's JVM ({@code SpeedLayerMain}): the job on a local Flink cluster in the embedded
 * mode, or the client that submits it to the session cluster and stays to stop it with a savepoint
 * in cluster mode. Ready when it logs {@code speed layer running job_id=}.
 */
final class SpeedJob {
    static final String NAME = "speed";
    static final String MAIN = "org.lambdamusic.speed.SpeedLayerMain";
    static final String READY_LINE = "speed layer running job_id=";
    private static final Duration START_TIMEOUT = Duration.ofSeconds(180);
    private static final Duration STOP_GRACE = Duration.ofSeconds(90);

    private final Pipeline pipeline;

    SpeedJob(Pipeline pipeline) {
        this.pipeline = pipeline;
    }

    /** SPEED_CLASSPATH overrides it (e.g. target/classes while profiling). */
    String classpath() {
        String set = pipeline.env().getOrDefault("SPEED_CLASSPATH", "");
        return set.isBlank()
                ? pipeline.moduleJar("speed-layer") + ":" + pipeline.moduleLib("speed-layer")
                : set;
    }

    /** Where its checkpoints and savepoints are: SPEED_STATE_PATH, else SPEED_STATE_DIR. */
    String state() {
        String path = pipeline.env().getOrDefault("SPEED_STATE_PATH", "");
        return path.isBlank() ? pipeline.env().get("SPEED_STATE_DIR") : path;
    }

    ProcessSpec spec(Map<String, String> extraEnv) {
        List<String> command = new ArrayList<>();
        command.add(pipeline.java());
        command.addAll(pipeline.jvmOptions(StackDefaults.SPEED_JAVA_OPTS));
        command.addAll(List.of("-cp", classpath(), MAIN));
        Map<String, String> env = new HashMap<>(pipeline.env());
        env.putAll(extraEnv);
        return ProcessSpec.of(NAME, command)
                .withEnv(env)
                .readyWhen(Readiness.logLine(READY_LINE), START_TIMEOUT)
                .stopGrace(STOP_GRACE);
    }

    /** Embedded: the job on a Flink local cluster inside its own JVM. */
    void up() {
        up(Map.of(), "Flink local cluster, state in " + state());
    }

    /**
     * Cluster mode: the client submits the job to the session cluster at {@code flinkRest}, with
     * FLINK_PARALLELISM (default 3: one source subtask per partition).
     */
    void upOnSessionCluster(String flinkRest) {
        String parallelism = pipeline.setting(StackDefaults.FLINK_PARALLELISM);
        up(
                Map.of("SPEED_FLINK_REST", flinkRest, "FLINK_PARALLELISM", parallelism),
                "job submitted to the Flink session cluster at "
                        + flinkRest
                        + ", parallelism "
                        + parallelism
                        + ", checkpoints in "
                        + state());
    }

    private void up(Map<String, String> extraEnv, String where) {
        var running = pipeline.supervisor().find(NAME);
        if (running.isPresent()) {
            pipeline.say(
                    "speed layer already running (pid "
                            + running.get().pid()
                            + ", log "
                            + pipeline.supervisor().logOf(NAME)
                            + ")");
            return;
        }
        pipeline.say(
                "starting speed layer ("
                        + where
                        + ", log "
                        + pipeline.supervisor().logOf(NAME)
                        + ") ...");
        pipeline.supervisor().start(spec(extraEnv));
        pipeline.say(
                "speed layer ready: "
                        + lastLine(READY_LINE).replaceFirst(".*speed layer running ", ""));
    }

    void down() {
        if (pipeline.supervisor().stop(NAME, STOP_GRACE)) {
            pipeline.say("stopped " + NAME);
        }
    }

    /**
     * Stops the job and deletes its checkpoints and savepoints, so the next start begins after the
     * served model's watermark. A SPEED_STATE_PATH (an object store prefix in cluster mode) is
     * deleted by the job's own code (StateReset: the file system and S3 settings the job writes it
     * with; it refuses a bucket's root); a local folder here.
     */
    void deleteState() {
        down();
        String state = state();
        pipeline.say("deleting speed layer state " + state);
        if (!pipeline.env().getOrDefault("SPEED_STATE_PATH", "").isBlank()) {
            ProcessSpec reset =
                    ProcessSpec.of(
                                    "speed-state-reset",
                                    List.of(
                                            pipeline.java(),
                                            "-Xmx512m",
                                            "-cp",
                                            classpath(),
                                            "org.lambdamusic.speed.job.StateReset"))
                            .withEnv(pipeline.env());
            pipeline.supervisor().runToCompletion(reset, Duration.ofMinutes(5));
            Path log = pipeline.supervisor().logOf("speed-state-reset");
            lines(log).stream()
                    .filter(line -> line.contains("speed layer state"))
                    .reduce((a, b) -> b)
                    .ifPresent(pipeline.progress()::detail);
            return;
        }
        Path dir = Path.of(state).toAbsolutePath().normalize();
        if (dir.getParent() == null) {
            throw new IllegalStateException("refusing to delete state dir '" + state + "'");
        }
        deleteRecursively(dir);
    }

    /** After a restart: where the job started from and its offsets per partition. */
    void reportStart() {
        String line = lastLine(READY_LINE);
        pipeline.say("speed layer starts from: " + line.replaceFirst(".*start_from=", ""));
        String offsets = lastLine("speed layer start offsets ");
        if (!offsets.isEmpty()) {
            pipeline.progress()
                    .detail(
                            "offsets per partition: "
                                    + offsets.replaceFirst(".*speed layer start offsets ", ""));
        }
    }

    private String lastLine(String marker) {
        return lines(pipeline.supervisor().logOf(NAME)).stream()
                .filter(l -> l.contains(marker))
                .reduce((a, b) -> b)
                .orElse("");
    }

    private static List<String> lines(Path log) {
        try {
            // Decoded leniently: a log line may hold any bytes.
            return Files.exists(log)
                    ? new String(Files.readAllBytes(log), StandardCharsets.UTF_8).lines().toList()
                    : List.of();
        } catch (IOException e) {
            return List.of();
        }
    }

    private static void deleteRecursively(Path dir) {
        if (!Files.exists(dir)) {
            return;
        }
        try (Stream<Path> paths = Files.walk(dir)) {
            for (Path path : paths.sorted(Comparator.reverseOrder()).toList()) {
                Files.delete(path);
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
