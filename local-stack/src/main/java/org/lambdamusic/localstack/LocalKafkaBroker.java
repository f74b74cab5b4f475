package org.lambdamusic.localstack;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.ByteBuffer;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.time.Duration;
import java.util.Base64;
import java.util.List;
import java.util.UUID;
import org.lambdamusic.localstack.kafka.TopicProvisioner;
import org.lambdamusic.localstack.supervisor.Ports;
import org.lambdamusic.localstack.supervisor.ProcessSpec;
import org.lambdamusic.localstack.supervisor.Readiness;
import org.lambdamusic.localstack.supervisor.SupervisedProcess;
import org.lambdamusic.localstack.supervisor.Supervisor;

/**
 * A real single-node Kafka broker in KRaft mode (combined broker and controller, no ZooKeeper) on
 * 127.0.0.1, run from Kafka's jars in a child JVM, data under {@code dataDir/kafka}. When {@link
 * #start} returns, the broker answers and every topic of {@link
 * org.lambdamusic.contracts.Topics#ALL} exists.
 *
 * <p>The same class runs one node of a {@link LocalKafkaCluster} (a voter of a multi-node
 * controller quorum, data under {@code dataDir/kafka-<node id>}); there the cluster provisions the
 * topics once every node runs.
 */
public final class LocalKafkaBroker implements AutoCloseable {
    static final Duration START_TIMEOUT = Duration.ofSeconds(90);

    private final Path dataDir;
    private final String name;
    private final int nodeId;
    private final int port;
    private final int controllerPort;
    private final String quorumVoters;
    private final int replication;
    private final String clusterId;
    private final Supervisor supervisor;
    private SupervisedProcess process;

    private LocalKafkaBroker(Path dataDir, int port, int controllerPort) {
        this(dataDir, "kafka", 1, port, controllerPort, "1@127.0.0.1:" + controllerPort, 1, null);
    }

    /**
     * One node of a cluster: {@code name} names its data folder, log and pid; {@code quorumVoters}
     * is the whole controller quorum; {@code replication} the internal topics' replication factor
     * (min ISR one less); every node of a cluster is formatted with the same {@code clusterId}.
     */
    LocalKafkaBroker(
            Path dataDir,
            String name,
            int nodeId,
            int port,
            int controllerPort,
            String quorumVoters,
            int replication,
            String clusterId) {
        this.dataDir = dataDir;
        this.name = name;
        this.nodeId = nodeId;
        this.port = port;
        this.controllerPort = controllerPort;
        this.quorumVoters = quorumVoters;
        this.replication = replication;
        this.clusterId = clusterId;
        this.supervisor = new Supervisor(dataDir);
    }

    /** For tests: a broker on free ports. */
    public static LocalKafkaBroker startOnFreePort(Path dataDir) {
        return start(dataDir, Ports.free(), Ports.free());
    }

    /**
     * Starts (formatting the storage on first use) and provisions the topics.
     *
     * @param port the client listener
     * @param controllerPort the KRaft controller listener
     */
    public static LocalKafkaBroker start(Path dataDir, int port, int controllerPort) {
        LocalKafkaBroker broker =
                new LocalKafkaBroker(dataDir.toAbsolutePath(), port, controllerPort);
        broker.launch();
        return broker;
    }

    private void launch() {
        spawn();
        awaitListening();
        provisionTopics(bootstrapServers(), 1, dataDir);
    }

    /** Starts the process (formatting the storage on first use) without waiting for it. */
    void spawn() {
        if (Ports.isOpen(port)) {
            throw new IllegalStateException("port " + port + " is already in use");
        }
        Path home = dataDir.resolve(name);
        Path config = home.resolve("server.properties");
        Path logging = home.resolve("log4j2.properties");
        try {
            Files.createDirectories(home);
            Files.writeString(config, serverProperties(home.resolve("data")));
            try (InputStream in = getClass().getResourceAsStream("kafka-log4j2.properties")) {
                Files.copy(in, logging, StandardCopyOption.REPLACE_EXISTING);
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        if (!Files.exists(home.resolve("data/meta.properties"))) {
            format(config, logging);
        }
        process =
                supervisor.spawn(
                        ProcessSpec.of(
                                name,
                                List.of(
                                        Runtimes.javaBinary(),
                                        "-Xms256m",
                                        "-Xmx1g",
                                        "-Dlog4j2.configurationFile=" + logging,
                                        "-cp",
                                        Runtimes.kafkaClasspath(),
                                        "kafka.Kafka",
                                        config.toString())));
    }

    /** Waits until the client listener answers, failing with the log if the process dies. */
    void awaitListening() {
        process.awaitReady(Readiness.tcpPort(port), START_TIMEOUT);
    }

    private String serverProperties(Path logDir) {
        return String.join(
                "\n",
                "process.roles=broker,controller",
                "node.id=" + nodeId,
                "controller.quorum.voters=" + quorumVoters,
                "listeners=PLAINTEXT://127.0.0.1:"
                        + port
                        + ",CONTROLLER://127.0.0.1:"
                        + controllerPort,
                "advertised.listeners=PLAINTEXT://127.0.0.1:" + port,
                "controller.listener.names=CONTROLLER",
                "inter.broker.listener.name=PLAINTEXT",
                "listener.security.protocol.map=PLAINTEXT:PLAINTEXT,CONTROLLER:PLAINTEXT",
                "log.dirs=" + logDir,
                // Topics are created explicitly with their contract settings, never by accident.
                "auto.create.topics.enable=false",
                "num.partitions=3",
                "default.replication.factor=" + replication,
                "min.insync.replicas=" + minInsyncReplicas(replication),
                "offsets.topic.replication.factor=" + replication,
                "offsets.topic.num.partitions=3",
                "transaction.state.log.replication.factor=" + replication,
                "transaction.state.log.min.isr=" + minInsyncReplicas(replication),
                "share.coordinator.state.topic.replication.factor=" + replication,
                "share.coordinator.state.topic.min.isr=" + minInsyncReplicas(replication),
                "group.initial.rebalance.delay.ms=0",
                "log.cleaner.backoff.ms=1000",
                "");
    }

    private void format(Path config, Path logging) {
        supervisor.runToCompletion(
                ProcessSpec.of(
                        name + "-format",
                        List.of(
                                Runtimes.javaBinary(),
                                "-Dlog4j2.configurationFile=" + logging,
                                "-cp",
                                Runtimes.kafkaClasspath(),
                                "kafka.tools.StorageTool",
                                "format",
                                "--ignore-formatted",
                                "-t",
                                clusterId != null ? clusterId : newClusterId(),
                                "-c",
                                config.toString())),
                START_TIMEOUT);
    }

    /**
     * Creates the missing contract topics on any cluster, in a child JVM on Kafka's classpath (log
     * {@code <dataDir>/log/kafka-topics.log}).
     */
    public static void provisionTopics(
            String bootstrapServers, int replicationFactor, Path dataDir) {
        new Supervisor(dataDir)
                .runToCompletion(
                        ProcessSpec.of(
                                "kafka-topics",
                                List.of(
                                        Runtimes.javaBinary(),
                                        "-Xmx128m",
                                        "-XX:TieredStopAtLevel=1",
                                        "-cp",
                                        Runtimes.kafkaClasspath(),
                                        TopicProvisioner.class.getName(),
                                        bootstrapServers,
                                        Integer.toString(replicationFactor))),
                        START_TIMEOUT);
    }

    /**
     * The min ISR that goes with a replication factor: one less (a write survives one replica down,
     * and is acknowledged by at least two when there are three), never below 1.
     */
    public static int minInsyncReplicas(int replication) {
        return Math.max(1, replication - 1);
    }

    /**
     * A KRaft cluster id: 16 random bytes, base64url without padding. One starting with '-' is
     * drawn again, since the storage tool's argument parser would take it for an option (as Kafka's
     * own Uuid.randomUuid avoids it).
     */
    static String newClusterId() {
        String id;
        do {
            UUID uuid = UUID.randomUUID();
            ByteBuffer bytes = ByteBuffer.allocate(16);
            bytes.putLong(uuid.getMostSignificantBits()).putLong(uuid.getLeastSignificantBits());
            id = Base64.getUrlEncoder().withoutPadding().encodeToString(bytes.array());
        } while (id.startsWith("-"));
        return id;
    }

    public String bootstrapServers() {
        return "127.0.0.1:" + port;
    }

    public int port() {
        return port;
    }

    public long pid() {
        return process.pid();
    }

    public Path log() {
        return process.log();
    }

    public boolean isRunning() {
        return process != null && process.isAlive();
    }

    /** Orderly shutdown; the data stays, so {@link #restart()} brings back the same topics. */
    public void stop() {
        if (process != null) {
            process.stop(Duration.ofSeconds(30));
        }
    }

    /** A crash: SIGKILL without shutdown. */
    public void kill() {
        if (process != null) {
            process.kill();
        }
    }

    public String name() {
        return name;
    }

    public int nodeId() {
        return nodeId;
    }

    /**
     * The line that says this node is up ({@code ready name=… node_id=… bootstrap=… pid=… log=…}),
     * as the CLI prints it and the pipeline's progress shows it.
     */
    public String readyLine() {
        return "ready name="
                + name
                + " node_id="
                + nodeId
                + " bootstrap="
                + bootstrapServers()
                + " pid="
                + pid()
                + " log="
                + log();
    }

    /**
     * Starts again on the same ports and data, after {@link #stop()} or {@link #kill()}; a node of
     * a cluster only waits for its listener (the topics live on in the other nodes).
     */
    public void restart() {
        stop();
        if (quorumVoters.contains(",")) {
            spawn();
            awaitListening();
        } else {
            launch();
        }
    }

    @Override
    public void close() {
        stop();
    }
}
