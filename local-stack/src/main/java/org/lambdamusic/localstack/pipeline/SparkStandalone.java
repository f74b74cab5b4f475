package org.lambdamusic.localstack.pipeline;

import com.fasterxml.jackson.databind.JsonNode;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.StreamSupport;
import org.lambdamusic.contracts.deploy.StackDefaults;
import org.lambdamusic.localstack.supervisor.Ports;
import org.lambdamusic.localstack.supervisor.ProcessSpec;
import org.lambdamusic.localstack.supervisor.Readiness;

/**
 * Cluster mode's Spark standalone from the batch layer's jars: {@code
 * org.apache.spark.deploy.master.Master} and two {@code worker.Worker}s. A worker launches
 * executors only with SPARK_HOME's {@code jars/} holding the Spark jars and SPARK_SCALA_VERSION
 * set. Ready when the master's {@code /json} lists every worker ALIVE.
 */
final class SparkStandalone {
    static final String MASTER = "spark-master";
    private static final Duration READY_TIMEOUT = Duration.ofSeconds(120);
    static final Duration STOP_GRACE = Duration.ofSeconds(20);

    private final Pipeline pipeline;

    SparkStandalone(Pipeline pipeline) {
        this.pipeline = pipeline;
    }

    static List<String> workers() {
        List<String> names = new ArrayList<>();
        for (int i = 1; i <= StackDefaults.CLUSTER_SPARK_WORKERS; i++) {
            names.add("spark-worker-" + i);
        }
        return names;
    }

    int masterPort() {
        return pipeline.port(StackDefaults.CLUSTER_SPARK_MASTER_PORT);
    }

    int uiPort() {
        return pipeline.port(StackDefaults.CLUSTER_SPARK_UI_PORT);
    }

    String masterUrl() {
        return "spark://127.0.0.1:" + masterPort();
    }

    String json() {
        return "http://127.0.0.1:" + uiPort() + "/json/";
    }

    static int workerPort(int worker) {
        return StackDefaults.SPARK_WORKER_FIRST_PORT + worker - 1;
    }

    static int workerUiPort(int worker) {
        return StackDefaults.SPARK_WORKER_FIRST_UI_PORT + worker - 1;
    }

    void up() {
        Path home = SparkHome.prepare(pipeline);
        Map<String, String> env = new HashMap<>(pipeline.env());
        env.put("SPARK_HOME", home.toString());
        String classpath = home.resolve("jars") + "/*";
        if (pipeline.supervisor().isRunning(MASTER)) {
            pipeline.say("Spark master already running at " + masterUrl());
        } else {
            Ports.requireFree(masterPort(), "the Spark master");
            Ports.requireFree(uiPort(), "the Spark master's web UI");
            pipeline.say(
                    "starting Spark master "
                            + masterUrl()
                            + " (web UI http://127.0.0.1:"
                            + uiPort()
                            + ", log "
                            + pipeline.supervisor().logOf(MASTER)
                            + ") ...");
            pipeline.supervisor()
                    .spawn(
                            daemon(
                                    MASTER,
                                    classpath,
                                    env,
                                    List.of(
                                            "org.apache.spark.deploy.master.Master",
                                            "--host",
                                            "127.0.0.1",
                                            "--port",
                                            Integer.toString(masterPort()),
                                            "--webui-port",
                                            Integer.toString(uiPort()))));
        }
        List<String> workers = workers();
        for (int i = 1; i <= workers.size(); i++) {
            String worker = workers.get(i - 1);
            if (pipeline.supervisor().isRunning(worker)) {
                continue;
            }
            Path work = pipeline.dataDir().resolve("spark/" + worker);
            pipeline.supervisor()
                    .spawn(
                            daemon(
                                            worker,
                                            classpath,
                                            env,
                                            List.of(
                                                    "org.apache.spark.deploy.worker.Worker",
                                                    "--host",
                                                    "127.0.0.1",
                                                    "--port",
                                                    Integer.toString(workerPort(i)),
                                                    "--webui-port",
                                                    Integer.toString(workerUiPort(i)),
                                                    "--cores",
                                                    pipeline.setting(
                                                            StackDefaults
                                                                    .CLUSTER_SPARK_WORKER_CORES),
                                                    "--memory",
                                                    pipeline.setting(
                                                            StackDefaults
                                                                    .CLUSTER_SPARK_WORKER_MEMORY),
                                                    "--work-dir",
                                                    work.toString(),
                                                    masterUrl()))
                                    .withWorkingDir(work));
        }
        List<String> group = new ArrayList<>(List.of(MASTER));
        group.addAll(workers);
        pipeline.supervisor()
                .awaitGroup(
                        "Spark workers",
                        group,
                        Readiness.when(
                                "the master's /json listing " + workers.size() + " workers ALIVE",
                                () -> aliveWorkers() >= workers.size()),
                        READY_TIMEOUT);
        JsonNode master = HttpJson.get(json()).orElseThrow();
        pipeline.say(
                "Spark standalone ready: master "
                        + masterUrl()
                        + ", "
                        + aliveWorkers()
                        + " workers ("
                        + master.path("cores").asInt()
                        + " cores, "
                        + master.path("memory").asInt()
                        + " MB)");
    }

    int aliveWorkers() {
        return HttpJson.count(
                json(),
                master ->
                        (int)
                                StreamSupport.stream(master.path("workers").spliterator(), false)
                                        .filter(w -> w.path("state").asText().equals("ALIVE"))
                                        .count());
    }

    private ProcessSpec daemon(
            String name, String classpath, Map<String, String> env, List<String> mainAndArgs) {
        List<String> command = new ArrayList<>();
        command.add(pipeline.java());
        command.addAll(pipeline.jvmOptions(StackDefaults.CLUSTER_SPARK_DAEMON_OPTS));
        command.addAll(List.of("-cp", classpath));
        command.addAll(mainAndArgs);
        return ProcessSpec.of(name, command).withEnv(env).stopGrace(STOP_GRACE);
    }

    /** The master's summary line for status, when it answers. */
    String summary() {
        return HttpJson.get(json())
                .map(
                        m ->
                                "  spark: "
                                        + m.path("status").asText()
                                        + ", "
                                        + (m.has("aliveworkers")
                                                ? m.path("aliveworkers").asInt()
                                                : m.path("workers").size())
                                        + " workers, "
                                        + m.path("cores").asInt()
                                        + " cores, "
                                        + m.path("memory").asInt()
                                        + " MB; apps running "
                                        + m.path("activeapps").size()
                                        + ", completed "
                                        + m.path("completedapps").size())
                .orElse("");
    }
}
