package org.lambdamusic.localstack.pipeline;

import com.fasterxml.jackson.databind.JsonNode;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URI;
import java.net.http.HttpRequest;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import org.lambdamusic.contracts.deploy.FlinkSessionConfig;
import org.lambdamusic.contracts.deploy.StackDefaults;
import org.lambdamusic.localstack.supervisor.Ports;
import org.lambdamusic.localstack.supervisor.ProcessSpec;
import org.lambdamusic.localstack.supervisor.Readiness;

/**
 * Cluster mode's Flink session cluster from the speed layer's jars: a JobManager ({@code
 * StandaloneSessionClusterEntrypoint}) and two TaskManagers ({@code TaskManagerRunner}), their
 * configuration written by {@link FlinkSessionConfig} (every port on loopback, snapshots in the
 * object store). Ready when the REST endpoint lists every TaskManager.
 */
final class FlinkSession {
    static final String JOBMANAGER = "flink-jobmanager";
    static final Duration STOP_GRACE = Duration.ofSeconds(30);
    private static final Duration READY_TIMEOUT = Duration.ofSeconds(180);
    private static final Set<String> ACTIVE =
            Set.of("RUNNING", "CREATED", "RESTARTING", "INITIALIZING");

    private final Pipeline pipeline;

    FlinkSession(Pipeline pipeline) {
        this.pipeline = pipeline;
    }

    static List<String> taskManagers() {
        List<String> names = new ArrayList<>();
        for (int i = 1; i <= StackDefaults.CLUSTER_FLINK_TASKMANAGERS; i++) {
            names.add("flink-taskmanager-" + i);
        }
        return names;
    }

    int restPort() {
        return pipeline.port(StackDefaults.CLUSTER_FLINK_REST_PORT);
    }

    String rest() {
        return "http://127.0.0.1:" + restPort();
    }

    Path configDir() {
        return pipeline.dataDir().resolve("flink-conf");
    }

    FlinkSessionConfig config() {
        return new FlinkSessionConfig(
                "127.0.0.1",
                "127.0.0.1",
                "127.0.0.1",
                restPort(),
                Integer.parseInt(pipeline.setting(StackDefaults.CLUSTER_FLINK_SLOTS)),
                pipeline.setting(StackDefaults.FLINK_TASKMANAGER_TASK_HEAP),
                pipeline.dataDir().resolve("flink-tmp").toString(),
                FlinkSessionConfig.statePath(
                        pipeline.env().get("SPEED_STATE_PATH"), pipeline.repoRoot()),
                pipeline.store(),
                false,
                pipeline.setting(StackDefaults.SPEED_METRICS_PORT));
    }

    void up() {
        FlinkSessionConfig config = config();
        Path conf = configDir();
        try {
            config.writeTo(conf);
            java.nio.file.Files.createDirectories(pipeline.dataDir().resolve("flink-tmp"));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        // The speed layer's jar too, for its Prometheus reporter (a job's own classes still come
        // from the jar each job ships: user code is loaded child-first).
        String lib = pipeline.moduleLib("speed-layer") + ":" + pipeline.moduleJar("speed-layer");
        if (pipeline.supervisor().isRunning(JOBMANAGER)) {
            pipeline.say("Flink JobManager already running (REST " + rest() + ")");
        } else {
            Ports.requireFree(restPort(), "the Flink JobManager's REST endpoint");
            Ports.requireFree(StackDefaults.FLINK_RPC_PORT, "the Flink JobManager's RPC");
            pipeline.say(
                    "starting Flink session cluster: JobManager (REST "
                            + rest()
                            + ", config "
                            + conf
                            + ") ...");
            pipeline.supervisor()
                    .spawn(
                            daemon(
                                    JOBMANAGER,
                                    pipeline.jvmOptions(StackDefaults.CLUSTER_FLINK_JM_OPTS),
                                    lib,
                                    "org.apache.flink.runtime.entrypoint.StandaloneSessionClusterEntrypoint"));
        }
        for (String tm : taskManagers()) {
            if (!pipeline.supervisor().isRunning(tm)) {
                pipeline.supervisor()
                        .spawn(
                                daemon(
                                        tm,
                                        config.taskManagerJvmOptions(),
                                        lib,
                                        "org.apache.flink.runtime.taskexecutor.TaskManagerRunner"));
            }
        }
        List<String> group = new ArrayList<>(List.of(JOBMANAGER));
        group.addAll(taskManagers());
        int want = taskManagers().size();
        pipeline.supervisor()
                .awaitGroup(
                        "Flink TaskManagers",
                        group,
                        Readiness.when(
                                rest() + "/taskmanagers listing " + want + " TaskManagers",
                                () ->
                                        HttpJson.count(
                                                        rest() + "/taskmanagers",
                                                        t -> t.path("taskmanagers").size())
                                                >= want),
                        READY_TIMEOUT);
        JsonNode overview = HttpJson.get(rest() + "/overview").orElseThrow();
        pipeline.say(
                "Flink session cluster ready: "
                        + overview.path("taskmanagers").asInt()
                        + " TaskManagers, "
                        + overview.path("slots-total").asInt()
                        + " slots, Flink "
                        + overview.path("flink-version").asText());
    }

    private ProcessSpec daemon(String name, List<String> jvm, String lib, String main) {
        List<String> command = new ArrayList<>();
        command.add(pipeline.java());
        command.addAll(jvm);
        command.add("-Dlog4j.configurationFile=file://" + configDir().resolve("log4j2.properties"));
        command.add("-Dlog.file=" + pipeline.supervisor().logOf(name));
        command.addAll(List.of("-cp", lib, main, "--configDir", configDir().toString()));
        return ProcessSpec.of(name, command).withEnv(pipeline.env()).stopGrace(STOP_GRACE);
    }

    /**
     * A speed-layer job left running on the session cluster by a client that died without stopping
     * it (kill -9) is cancelled before a new one is submitted: two jobs would archive every event
     * twice. Its retained checkpoint is where the new one resumes.
     */
    void cancelStraySpeedJobs() {
        List<JsonNode> jobs =
                HttpJson.get(rest() + "/jobs/overview")
                        .map(o -> iterable(o.path("jobs")))
                        .orElse(List.of());
        for (JsonNode job : jobs) {
            if (!job.path("name").asText().equals("speed-layer")
                    || !ACTIVE.contains(job.path("state").asText())) {
                continue;
            }
            String id = job.path("jid").asText();
            pipeline.say(
                    "cancelling speed-layer job "
                            + id
                            + " left on the session cluster by a client that is gone");
            HttpJson.send(
                    HttpRequest.newBuilder(URI.create(rest() + "/jobs/" + id + "?mode=cancel"))
                            .method("PATCH", HttpRequest.BodyPublishers.noBody()));
            long deadline = System.nanoTime() + Duration.ofSeconds(30).toNanos();
            while (System.nanoTime() < deadline
                    && !HttpJson.get(rest() + "/jobs/" + id)
                            .map(j -> j.path("state").asText())
                            .orElse("")
                            .equals("CANCELED")) {
                sleep(100);
            }
        }
    }

    /** The running speed job, for up's last line: "job <id> RUNNING, <n> tasks". */
    String runningJob() {
        return HttpJson.get(rest() + "/jobs/overview")
                .flatMap(
                        o ->
                                iterable(o.path("jobs")).stream()
                                        .filter(j -> j.path("state").asText().equals("RUNNING"))
                                        .findFirst())
                .map(
                        j ->
                                "job "
                                        + j.path("jid").asText()
                                        + " "
                                        + j.path("state").asText()
                                        + ", "
                                        + j.path("tasks").path("total").asInt()
                                        + " tasks")
                .orElse("no job RUNNING");
    }

    /** One status line per job the session cluster knows. */
    List<String> jobLines() {
        return HttpJson.get(rest() + "/jobs/overview")
                .map(
                        o ->
                                iterable(o.path("jobs")).stream()
                                        .map(
                                                j ->
                                                        "  flink job "
                                                                + j.path("name").asText()
                                                                + " "
                                                                + j.path("jid").asText()
                                                                + " "
                                                                + j.path("state").asText()
                                                                + " ("
                                                                + j.path("tasks")
                                                                        .path("total")
                                                                        .asInt()
                                                                + " tasks)")
                                        .toList())
                .orElse(List.of());
    }

    private static List<JsonNode> iterable(JsonNode array) {
        List<JsonNode> items = new ArrayList<>();
        array.forEach(items::add);
        return items;
    }

    private static void sleep(long millis) {
        try {
            Thread.sleep(millis);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
