package org.lambdamusic.clustertests;

import static java.nio.charset.StandardCharsets.UTF_8;

import com.nimbusds.jose.JOSEException;
import com.nimbusds.jose.JWSAlgorithm;
import com.nimbusds.jose.JWSHeader;
import com.nimbusds.jose.crypto.MACSigner;
import com.nimbusds.jwt.JWTClaimsSet;
import com.nimbusds.jwt.SignedJWT;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.Date;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;

/**
 * {@code PIPELINE_MODE=cluster ./pipeline} as an operator runs it, on a data directory of its own
 * (the module's {@code target/cluster}) and the cluster mode's fixed ports: 3 Kafka nodes, Spark
 * standalone, a Flink session cluster, two serving instances. Processes are found through the pid
 * files {@code ./pipeline} writes ({@code <data>/run/<name>.pid}), killed with SIGKILL and brought
 * back the operator's way, with {@code ./pipeline up} (which starts only what is missing).
 */
final class ClusterPipeline {
    static final String BOOTSTRAP = "127.0.0.1:9092,127.0.0.1:9094,127.0.0.1:9096";
    static final String FLINK_REST = "http://127.0.0.1:8081";
    static final String SPARK_MASTER_JSON = "http://127.0.0.1:8088/json/";
    static final String SERVING_1 = "http://127.0.0.1:8080";
    static final String SERVING_2 = "http://127.0.0.1:8090";

    private static final Duration UP_TIMEOUT = Duration.ofMinutes(15);
    private static final Duration DOWN_TIMEOUT = Duration.ofMinutes(4);

    private final Path repoRoot;
    private final Path dataDir;
    private final String mode;
    private int commands;

    ClusterPipeline(Path repoRoot, Path dataDir, String mode) {
        this.repoRoot = repoRoot.toAbsolutePath().normalize();
        this.dataDir = dataDir.toAbsolutePath().normalize();
        this.mode = mode;
    }

    static ClusterPipeline fromSystemProperties() {
        return new ClusterPipeline(
                Path.of(System.getProperty("repo.root", "..")),
                Path.of(System.getProperty("cluster.data", "target/cluster")),
                "cluster");
    }

    /**
     * The default mode of {@code ./pipeline} (PIPELINE_MODE=embedded: one Kafka broker, s3proxy,
     * the speed job on a MiniCluster in its own JVM, one serving instance) on a data directory of
     * its own; it uses fixed ports the cluster uses too (8080, 9000, 9092), so never both at once.
     */
    static ClusterPipeline embeddedFromSystemProperties() {
        return new ClusterPipeline(
                Path.of(System.getProperty("repo.root", "..")),
                Path.of(System.getProperty("embedded.data", "target/embedded")),
                "embedded");
    }

    Path dataDir() {
        return dataDir;
    }

    /** {@code ./pipeline up}: starts what is not running; returns how long it took. */
    Duration up() {
        return run(UP_TIMEOUT, "up");
    }

    Duration down() {
        return run(DOWN_TIMEOUT, "down");
    }

    /** The pid {@code ./pipeline} recorded for {@code process} (e.g. kafka-2, serving-2). */
    long pid(String process) {
        try {
            return Long.parseLong(
                    Files.readString(dataDir.resolve("run/" + process + ".pid")).trim());
        } catch (IOException e) {
            throw new UncheckedIOException("no pid file for " + process, e);
        }
    }

    /** Every process with a pid file ({@code <data>/run/<name>.pid}): name → pid. */
    Map<String, Long> processes() {
        Map<String, Long> pids = new TreeMap<>();
        try (Stream<Path> files = Files.list(dataDir.resolve("run"))) {
            files.map(f -> f.getFileName().toString())
                    .filter(f -> f.endsWith(".pid"))
                    .forEach(
                            f ->
                                    pids.put(
                                            f.substring(0, f.length() - 4),
                                            pid(f.substring(0, f.length() - 4))));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return pids;
    }

    boolean isRunning(String process) {
        if (!Files.isRegularFile(dataDir.resolve("run/" + process + ".pid"))) {
            return false;
        }
        return ProcessHandle.of(pid(process)).map(ProcessHandle::isAlive).orElse(false);
    }

    /** kill -9: no shutdown hook, no flush, no goodbye to the cluster. Waits until it is gone. */
    void kill9(String process) {
        Optional<ProcessHandle> handle = ProcessHandle.of(pid(process));
        if (handle.isEmpty()) {
            throw new IllegalStateException(process + " is not running");
        }
        handle.get().destroyForcibly();
        try {
            handle.get().onExit().get(30, TimeUnit.SECONDS);
        } catch (Exception e) {
            throw new IllegalStateException(process + " did not die after SIGKILL", e);
        }
    }

    /**
     * kill -9 of a process and everything it started (a Spark worker and the executors it
     * launched): what the loss of its host does. Children first, so none is re-parented and missed.
     */
    void kill9WithChildren(String process) {
        ProcessHandle root =
                ProcessHandle.of(pid(process))
                        .orElseThrow(() -> new IllegalStateException(process + " is not running"));
        List<ProcessHandle> all = new java.util.ArrayList<>(root.descendants().toList());
        all.add(root);
        all.forEach(ProcessHandle::destroyForcibly);
        for (ProcessHandle handle : all) {
            try {
                handle.onExit().get(30, TimeUnit.SECONDS);
            } catch (Exception e) {
                throw new IllegalStateException(handle.pid() + " did not die after SIGKILL", e);
            }
        }
    }

    /** The admin password {@code ./pipeline up} generated ({@code <data>/admin.password}). */
    String adminPassword() {
        return read("admin.password");
    }

    /** A listener's bearer token, as {@code ./pipeline token <user>} mints it. */
    String token(String user) {
        try {
            JWTClaimsSet claims =
                    new JWTClaimsSet.Builder()
                            .subject(user)
                            .issuer("lambdamusic-local")
                            .issueTime(Date.from(Instant.now()))
                            .expirationTime(Date.from(Instant.now().plus(Duration.ofHours(2))))
                            .build();
            SignedJWT jwt = new SignedJWT(new JWSHeader(JWSAlgorithm.HS256), claims);
            jwt.sign(new MACSigner(read("jwt.secret").getBytes(UTF_8)));
            return jwt.serialize();
        } catch (JOSEException e) {
            throw new IllegalStateException("cannot sign a token", e);
        }
    }

    private String read(String file) {
        try {
            return Files.readString(dataDir.resolve(file)).trim();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private Duration run(Duration timeout, String... args) {
        // Named after the data directory: the embedded stack's logs sit beside the cluster's.
        Path log =
                dataDir.resolveSibling(
                        dataDir.getFileName()
                                + "-pipeline-"
                                + (++commands)
                                + "-"
                                + args[0]
                                + ".log");
        long started = System.nanoTime();
        try {
            Files.createDirectories(dataDir);
            ProcessBuilder builder =
                    new ProcessBuilder(concat(repoRoot.resolve("pipeline").toString(), args))
                            .directory(repoRoot.toFile())
                            .redirectErrorStream(true)
                            .redirectOutput(log.toFile());
            builder.environment().put("PIPELINE_MODE", mode);
            builder.environment().put("PIPELINE_DATA", dataDir.toString());
            // Rebuilding from inside a Maven run would race the reactor: the jars are there.
            builder.environment().remove("PIPELINE_REBUILD");
            Process process = builder.start();
            if (!process.waitFor(timeout.toSeconds(), TimeUnit.SECONDS)) {
                process.destroyForcibly();
                throw new IllegalStateException(
                        "./pipeline "
                                + String.join(" ", args)
                                + " still running after "
                                + timeout
                                + "\n"
                                + tail(log));
            }
            if (process.exitValue() != 0) {
                throw new IllegalStateException(
                        "./pipeline "
                                + String.join(" ", args)
                                + " exited "
                                + process.exitValue()
                                + " (log "
                                + log
                                + ")\n"
                                + tail(log));
            }
            Duration took = Duration.ofNanos(System.nanoTime() - started);
            System.out.printf(
                    "cluster-tests: ./pipeline %s took %.1f s (log %s)%n",
                    String.join(" ", args), took.toMillis() / 1000.0, log);
            return took;
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted", e);
        }
    }

    private static String[] concat(String first, String... rest) {
        String[] all = new String[rest.length + 1];
        all[0] = first;
        System.arraycopy(rest, 0, all, 1, rest.length);
        return all;
    }

    private static String tail(Path log) {
        try {
            List<String> lines = Files.readAllLines(log, UTF_8);
            return String.join("\n", lines.subList(Math.max(0, lines.size() - 40), lines.size()));
        } catch (IOException e) {
            return "(no log: " + e.getMessage() + ")";
        }
    }
}
