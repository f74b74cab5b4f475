package org.lambdamusic.contracts.deploy;

import java.io.IOException;
import java.net.InetAddress;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.List;
import java.util.Map;
import org.lambdamusic.contracts.config.ObjectStoreSettings;

/**
 * The Flink session cluster's configuration, written once for cluster mode (local-stack) and the
 * docker images: {@code config.yaml}, the logging of the JobManager and TaskManagers, and the
 * TaskManager's JVM flags, which follow from its memory components. Without Flink's distribution
 * scripts nothing computes those components, so every {@code taskmanager.memory.*} is set here.
 *
 * <p>The snapshots go under {@code statePath}: {@code <statePath>/checkpoints} and {@code
 * <statePath>/savepoints}, where the speed job's client (SpeedSettings) looks for one to restore.
 *
 * @param jobManagerHost where TaskManagers and clients reach the JobManager
 * @param bindHost where every listener binds (127.0.0.1 on one host, 0.0.0.0 in a container)
 * @param taskManagerHost the address a TaskManager advertises
 * @param fixedPorts docker: the BLOB server on 6124 and TaskManager RPC on 6122 (published ports);
 *     on one host they are random, so two TaskManagers do not clash
 * @param metricsPorts the Prometheus endpoints of the JobManager and each TaskManager on 127.0.0.1
 *     (the first free port of the range; the reporter comes with the speed layer's jar, which must
 *     then be on the daemons' class path); null or "off": none
 */
public record FlinkSessionConfig(
        String jobManagerHost,
        String bindHost,
        String taskManagerHost,
        int restPort,
        int slots,
        String taskHeap,
        String tmpDir,
        String statePath,
        ObjectStoreSettings store,
        boolean fixedPorts,
        String metricsPorts) {

    private static final int FRAMEWORK_HEAP_MB = 128;
    private static final int FRAMEWORK_OFF_HEAP_MB = 128;
    private static final int NETWORK_MB = 64;
    private static final int METASPACE_MB = 256;

    /** Logging of the JobManager and the TaskManagers: INFO, the chatty libraries at WARN. */
    public static final String LOG4J2_PROPERTIES =
            String.join(
                    "\n",
                    "rootLogger.level = INFO",
                    "rootLogger.appenderRef.console.ref = ConsoleAppender",
                    "appender.console.name = ConsoleAppender",
                    "appender.console.type = CONSOLE",
                    "appender.console.layout.type = PatternLayout",
                    "appender.console.layout.pattern = %d{yyyy-MM-dd HH:mm:ss,SSS} %-5p %-60c %x -"
                            + " %m%n",
                    "logger.kafka.name = org.apache.kafka",
                    "logger.kafka.level = WARN",
                    "logger.pekko.name = org.apache.pekko",
                    "logger.pekko.level = WARN",
                    "logger.hadoop.name = org.apache.hadoop",
                    "logger.hadoop.level = WARN",
                    "");

    public String configYaml() {
        StringBuilder yaml = new StringBuilder();
        line(yaml, "jobmanager.rpc.address", jobManagerHost);
        line(yaml, "jobmanager.rpc.port", StackDefaults.FLINK_RPC_PORT);
        line(yaml, "jobmanager.bind-host", bindHost);
        line(yaml, "rest.address", jobManagerHost);
        line(yaml, "rest.bind-address", bindHost);
        line(yaml, "rest.port", restPort);
        if (fixedPorts) {
            line(yaml, "blob.server.port", 6124);
            line(yaml, "taskmanager.rpc.port", 6122);
        }
        line(yaml, "taskmanager.host", taskManagerHost);
        line(yaml, "taskmanager.bind-host", bindHost);
        line(yaml, "taskmanager.numberOfTaskSlots", slots);
        line(yaml, "taskmanager.cpu.cores", slots);
        line(yaml, "taskmanager.memory.framework.heap.size", FRAMEWORK_HEAP_MB + "m");
        line(yaml, "taskmanager.memory.task.heap.size", taskHeapMb() + "m");
        line(yaml, "taskmanager.memory.managed.size", "64m");
        line(yaml, "taskmanager.memory.framework.off-heap.size", FRAMEWORK_OFF_HEAP_MB + "m");
        line(yaml, "taskmanager.memory.task.off-heap.size", "0m");
        line(yaml, "taskmanager.memory.network.min", NETWORK_MB + "m");
        line(yaml, "taskmanager.memory.network.max", NETWORK_MB + "m");
        line(yaml, "taskmanager.memory.jvm-metaspace.size", METASPACE_MB + "m");
        line(yaml, "taskmanager.memory.jvm-overhead.min", "192m");
        line(yaml, "taskmanager.memory.jvm-overhead.max", "192m");
        line(yaml, "parallelism.default", 1);
        line(yaml, "io.tmp.dirs", tmpDir);
        line(yaml, "state.checkpoints.dir", quoted(checkpointsDir()));
        line(yaml, "state.savepoints.dir", quoted(savepointsDir()));
        line(yaml, "s3.endpoint", quoted(store.endpoint()));
        line(yaml, "s3.path.style.access", "true");
        line(yaml, "s3.endpoint.region", quoted(store.region()));
        line(yaml, "s3.access-key", quoted(store.accessKey()));
        line(yaml, "s3.secret-key", quoted(store.secretKey()));
        if (hasMetrics()) {
            // Flink's own metrics, one endpoint per JVM (speed-layer/README.md, "Metrics").
            line(
                    yaml,
                    "metrics.reporter.prom.factory.class",
                    "org.apache.flink.metrics.prometheus.LoopbackPrometheusReporterFactory");
            line(yaml, "metrics.reporter.prom.host", "127.0.0.1");
            line(yaml, "metrics.reporter.prom.port", metricsPorts);
        }
        return yaml.toString();
    }

    public boolean hasMetrics() {
        return metricsPorts != null && !metricsPorts.isBlank() && !metricsPorts.equals("off");
    }

    public String checkpointsDir() {
        return statePath + "/checkpoints";
    }

    public String savepointsDir() {
        return statePath + "/savepoints";
    }

    /**
     * The TaskManager's JVM flags: heap = framework + task heap, direct memory = framework + task
     * off-heap + network, metaspace as configured.
     */
    public List<String> taskManagerJvmOptions() {
        int heap = FRAMEWORK_HEAP_MB + taskHeapMb();
        return List.of(
                "-Xms" + heap + "m",
                "-Xmx" + heap + "m",
                "-XX:MaxDirectMemorySize=" + (FRAMEWORK_OFF_HEAP_MB + NETWORK_MB) + "m",
                "-XX:MaxMetaspaceSize=" + METASPACE_MB + "m");
    }

    /** Writes config.yaml (readable by its owner only: it holds the store's secret) and logging. */
    public void writeTo(Path dir) throws IOException {
        Files.createDirectories(dir);
        Path config = dir.resolve("config.yaml");
        Files.writeString(config, configYaml());
        Files.setPosixFilePermissions(config, PosixFilePermissions.fromString("rw-------"));
        Files.writeString(dir.resolve("log4j2.properties"), LOG4J2_PROPERTIES);
        Files.writeString(
                dir.resolve("taskmanager.jvm-options"),
                String.join(" ", taskManagerJvmOptions()) + "\n");
    }

    /**
     * A state path as the speed job reads {@code SPEED_STATE_PATH}: a URI as it is, an absolute
     * path as {@code file://} it, a relative one against {@code workingDir}; no trailing slash.
     */
    public static String statePath(String configured, Path workingDir) {
        String path = configured.trim();
        while (path.endsWith("/") && !path.endsWith("://")) {
            path = path.substring(0, path.length() - 1);
        }
        if (path.contains("://")) {
            return path;
        }
        return "file://" + workingDir.resolve(path).toAbsolutePath().normalize();
    }

    /**
     * The docker images' configuration, from their environment: {@code FLINK_JOBMANAGER_HOST}
     * (flink-jobmanager), {@code FLINK_BIND_HOST} (0.0.0.0), {@code FLINK_TASKMANAGER_SLOTS} (2),
     * {@code FLINK_TASKMANAGER_TASK_HEAP}, {@code SPEED_STATE_PATH} (s3://$S3_BUCKET/speed), S3_*.
     */
    public static FlinkSessionConfig forContainer(Map<String, String> env, String ownAddress) {
        ObjectStoreSettings store = ObjectStoreSettings.from(env);
        String state = env.getOrDefault("SPEED_STATE_PATH", "");
        return new FlinkSessionConfig(
                env.getOrDefault("FLINK_JOBMANAGER_HOST", "flink-jobmanager"),
                env.getOrDefault("FLINK_BIND_HOST", "0.0.0.0"),
                ownAddress,
                StackDefaults.CLUSTER_FLINK_REST_PORT.port(Map.of()),
                Integer.parseInt(
                        env.getOrDefault(
                                "FLINK_TASKMANAGER_SLOTS",
                                StackDefaults.CLUSTER_FLINK_SLOTS.defaultValue())),
                StackDefaults.FLINK_TASKMANAGER_TASK_HEAP.value(env),
                "/tmp",
                statePath(
                        state.isBlank() ? "s3://" + store.bucket() + "/speed" : state,
                        Path.of("").toAbsolutePath()),
                store,
                true,
                null);
    }

    /**
     * The docker entrypoint's side of this class ({@code java -cp <speed image's lib/*>
     * org.lambdamusic.contracts.deploy.FlinkSessionConfig ...}), from the container's environment:
     *
     * <pre>
     * &lt;dir&gt;          write config.yaml, log4j2.properties and the JVM flags of both daemons
     *                (taskmanager.jvm-options, jobmanager.jvm-options: CLUSTER_FLINK_JM_OPTS)
     * --state-path   print the state path (SPEED_STATE_PATH read as the speed job reads it, else
     *                s3://$S3_BUCKET/speed) for the client and StateReset
     * </pre>
     */
    public static void main(String[] args) throws IOException {
        if (args.length != 1) {
            System.err.println("usage: FlinkSessionConfig <config dir> | --state-path");
            System.exit(2);
        }
        Map<String, String> env = System.getenv();
        FlinkSessionConfig config = forContainer(env, InetAddress.getLocalHost().getHostAddress());
        if (args[0].equals("--state-path")) {
            System.out.println(config.statePath());
            return;
        }
        Path dir = Path.of(args[0]);
        config.writeTo(dir);
        Files.writeString(
                dir.resolve("jobmanager.jvm-options"),
                StackDefaults.CLUSTER_FLINK_JM_OPTS.value(env) + "\n");
    }

    private int taskHeapMb() {
        String text = taskHeap.trim().toLowerCase();
        try {
            if (text.endsWith("g")) {
                return Integer.parseInt(text.substring(0, text.length() - 1)) * 1024;
            }
            return Integer.parseInt(
                    text.endsWith("m") ? text.substring(0, text.length() - 1) : text);
        } catch (NumberFormatException e) {
            throw new IllegalArgumentException(
                    "FLINK_TASKMANAGER_TASK_HEAP must be like 512m or 1g, got '" + taskHeap + "'");
        }
    }

    private static String quoted(String value) {
        return "\"" + value.replace("\\", "\\\\").replace("\"", "\\\"") + "\"";
    }

    private static void line(StringBuilder yaml, String key, Object value) {
        yaml.append(key).append(": ").append(value).append('\n');
    }
}
