package org.lambdamusic.localstack;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Collectors;
import org.lambdamusic.localstack.supervisor.Ports;

/**
 * A real multi-node Kafka cluster in KRaft mode on 127.0.0.1 (cluster mode of {@code ./pipeline}):
 * every node a combined broker and controller in its own JVM, the controllers one quorum of as many
 * voters as nodes, the contract topics replicated on every node with {@code min.insync.replicas}
 * one less. Node {@code i} (1-based) has its data under {@code dataDir/kafka-<i>}, its log in
 * {@code dataDir/log/kafka-<i>.log}. All nodes are formatted with one cluster id, kept in {@code
 * dataDir/kafka-cluster.id}, so a later start finds the same cluster.
 *
 * <p>When {@link #start} returns every node answers and every topic exists with a leader.
 */
public final class LocalKafkaCluster implements AutoCloseable {
    private final Path dataDir;
    private final List<LocalKafkaBroker> brokers;

    /** Client and controller ports of one node. */
    public record NodePorts(int port, int controllerPort) {}

    private LocalKafkaCluster(Path dataDir, List<LocalKafkaBroker> brokers) {
        this.dataDir = dataDir;
        this.brokers = brokers;
    }

    /**
     * The ports of cluster mode: node {@code i} (0-based) listens on {@code firstPort + 2i}, its
     * controller on the port after it (9092/9093, 9094/9095, 9096/9097 from 9092).
     */
    public static List<NodePorts> consecutivePorts(int firstPort, int nodes) {
        List<NodePorts> ports = new ArrayList<>();
        for (int i = 0; i < nodes; i++) {
            ports.add(new NodePorts(firstPort + 2 * i, firstPort + 2 * i + 1));
        }
        return ports;
    }

    /** For tests: a cluster of {@code nodes} on free ports. */
    public static LocalKafkaCluster startOnFreePorts(Path dataDir, int nodes) {
        List<NodePorts> ports = new ArrayList<>();
        for (int i = 0; i < nodes; i++) {
            ports.add(new NodePorts(Ports.free(), Ports.free()));
        }
        return start(dataDir, ports);
    }

    /**
     * Starts every node (formatting storage on first use), waits for all of them, then creates the
     * contract topics with a replication factor of the number of nodes.
     */
    public static LocalKafkaCluster start(Path dataDir, List<NodePorts> ports) {
        Path dir = dataDir.toAbsolutePath();
        String voters =
                java.util.stream.IntStream.range(0, ports.size())
                        .mapToObj(i -> (i + 1) + "@127.0.0.1:" + ports.get(i).controllerPort())
                        .collect(Collectors.joining(","));
        String clusterId = clusterId(dir);
        List<LocalKafkaBroker> brokers = new ArrayList<>();
        for (int i = 0; i < ports.size(); i++) {
            brokers.add(
                    new LocalKafkaBroker(
                            dir,
                            "kafka-" + (i + 1),
                            i + 1,
                            ports.get(i).port(),
                            ports.get(i).controllerPort(),
                            voters,
                            ports.size(),
                            clusterId));
        }
        LocalKafkaCluster cluster = new LocalKafkaCluster(dir, List.copyOf(brokers));
        try {
            // All at once: a node's broker waits for a controller quorum, which needs a majority.
            brokers.forEach(LocalKafkaBroker::spawn);
            brokers.forEach(LocalKafkaBroker::awaitListening);
            LocalKafkaBroker.provisionTopics(cluster.bootstrapServers(), brokers.size(), dir);
        } catch (RuntimeException e) {
            cluster.close();
            throw e;
        }
        return cluster;
    }

    /**
     * Starts node {@code nodeId} (1-based) of the cluster whose other nodes still run, on its own
     * data: what a supervisor does after a node died. It rejoins the quorum and catches up on its
     * replicas by itself; the topics live on in the other nodes, so none are created.
     */
    public static LocalKafkaBroker startNode(Path dataDir, List<NodePorts> ports, int nodeId) {
        if (nodeId < 1 || nodeId > ports.size()) {
            throw new IllegalArgumentException(
                    "--node must be between 1 and " + ports.size() + ", not " + nodeId);
        }
        Path dir = dataDir.toAbsolutePath();
        if (!Files.isRegularFile(dir.resolve("kafka-cluster.id"))) {
            throw new IllegalStateException(
                    "no cluster under " + dir + " to restart a node of; start all nodes first");
        }
        String voters =
                java.util.stream.IntStream.range(0, ports.size())
                        .mapToObj(i -> (i + 1) + "@127.0.0.1:" + ports.get(i).controllerPort())
                        .collect(Collectors.joining(","));
        NodePorts own = ports.get(nodeId - 1);
        LocalKafkaBroker broker =
                new LocalKafkaBroker(
                        dir,
                        "kafka-" + nodeId,
                        nodeId,
                        own.port(),
                        own.controllerPort(),
                        voters,
                        ports.size(),
                        clusterId(dir));
        broker.spawn();
        broker.awaitListening();
        return broker;
    }

    private static String clusterId(Path dataDir) {
        Path file = dataDir.resolve("kafka-cluster.id");
        try {
            if (Files.isRegularFile(file)) {
                return Files.readString(file).trim();
            }
            Files.createDirectories(dataDir);
            String id = LocalKafkaBroker.newClusterId();
            Files.writeString(file, id + "\n");
            return id;
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** Every node's client listener, comma-separated. */
    public String bootstrapServers() {
        return brokers.stream()
                .map(LocalKafkaBroker::bootstrapServers)
                .collect(Collectors.joining(","));
    }

    public List<LocalKafkaBroker> brokers() {
        return brokers;
    }

    /** Node {@code nodeId} (1-based). */
    public LocalKafkaBroker broker(int nodeId) {
        return brokers.get(nodeId - 1);
    }

    public Path dataDir() {
        return dataDir;
    }

    @Override
    public void close() {
        // All at once (SIGTERM, SIGKILL after the grace period): stopped one by one, the last
        // node would wait for a quorum that is gone.
        List<Thread> stoppers = new ArrayList<>();
        for (LocalKafkaBroker broker : brokers) {
            Thread stopper = new Thread(broker::stop, "stop-" + broker.name());
            stopper.start();
            stoppers.add(stopper);
        }
        for (Thread stopper : stoppers) {
            try {
                stopper.join();
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                return;
            }
        }
    }
}
