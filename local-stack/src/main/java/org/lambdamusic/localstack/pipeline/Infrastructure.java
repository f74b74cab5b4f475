package org.lambdamusic.localstack.pipeline;

import java.net.URI;
import java.util.ArrayList;
import java.util.List;
import org.lambdamusic.contracts.deploy.StackDefaults;
import org.lambdamusic.localstack.LocalKafkaBroker;
import org.lambdamusic.localstack.LocalKafkaCluster;
import org.lambdamusic.localstack.LocalObjectStore;

/** The object store and Kafka (one broker, or cluster mode's nodes), started when missing. */
final class Infrastructure {
    static final String S3 = "s3";
    static final String KAFKA = "kafka";

    private final Pipeline pipeline;

    Infrastructure(Pipeline pipeline) {
        this.pipeline = pipeline;
    }

    static List<String> kafkaNodes() {
        List<String> names = new ArrayList<>();
        for (int i = 1; i <= StackDefaults.CLUSTER_KAFKA_NODES; i++) {
            names.add("kafka-" + i);
        }
        return names;
    }

    void objectStoreUp() {
        String endpoint = pipeline.store().endpoint();
        var running = pipeline.supervisor().find(S3);
        if (running.isPresent()) {
            pipeline.say(
                    "object store already running at "
                            + endpoint
                            + " (pid "
                            + running.get().pid()
                            + ")");
            return;
        }
        pipeline.say(
                "starting object store (s3proxy, files under "
                        + pipeline.dataDir().resolve("s3")
                        + ") at "
                        + endpoint
                        + " ...");
        LocalObjectStore store = LocalObjectStore.start(pipeline.store(), pipeline.dataDir());
        pipeline.progress()
                .detail(
                        "ready name=s3 endpoint="
                                + store.endpoint()
                                + " bucket="
                                + pipeline.store().bucket()
                                + " pid="
                                + store.pid()
                                + " log="
                                + store.log());
    }

    void kafkaUp() {
        String bootstrap = bootstrap();
        var running = pipeline.supervisor().find(KAFKA);
        if (running.isPresent()) {
            pipeline.say(
                    "Kafka already running at " + bootstrap + " (pid " + running.get().pid() + ")");
            return;
        }
        pipeline.say(
                "starting Kafka (KRaft, data under "
                        + pipeline.dataDir().resolve("kafka")
                        + ") at "
                        + bootstrap
                        + " ...");
        int port = firstPort();
        String controller = pipeline.env().getOrDefault("KAFKA_CONTROLLER_PORT", "");
        LocalKafkaBroker broker =
                LocalKafkaBroker.start(
                        pipeline.dataDir(),
                        port,
                        controller.isBlank() ? port + 1 : Integer.parseInt(controller.trim()));
        pipeline.progress()
                .detail(
                        "ready name=kafka bootstrap="
                                + broker.bootstrapServers()
                                + " pid="
                                + broker.pid()
                                + " log="
                                + broker.log());
    }

    /**
     * Cluster mode's Kafka: every node when none runs; when some run (one died or was killed), only
     * the missing ones, each on its own data: they rejoin the quorum and catch up.
     */
    void kafkaClusterUp() {
        List<String> nodes = kafkaNodes();
        List<String> missing =
                nodes.stream().filter(n -> !pipeline.supervisor().isRunning(n)).toList();
        var ports = LocalKafkaCluster.consecutivePorts(firstPort(), nodes.size());
        if (missing.isEmpty()) {
            pipeline.say("Kafka cluster already running at " + bootstrap());
            return;
        }
        if (missing.size() < nodes.size()) {
            for (String node : missing) {
                pipeline.say(
                        "restarting Kafka node "
                                + node
                                + " on its data ("
                                + (nodes.size() - missing.size())
                                + " of "
                                + nodes.size()
                                + " nodes running) ...");
                int id = Integer.parseInt(node.substring("kafka-".length()));
                ready(LocalKafkaCluster.startNode(pipeline.dataDir(), ports, id));
            }
            return;
        }
        pipeline.say(
                "starting Kafka cluster: "
                        + nodes.size()
                        + " KRaft nodes (broker+controller, "
                        + nodes.size()
                        + "-voter quorum) at "
                        + bootstrap()
                        + ", data under "
                        + pipeline.dataDir()
                        + "/kafka-{1.."
                        + nodes.size()
                        + "} ...");
        LocalKafkaCluster cluster = LocalKafkaCluster.start(pipeline.dataDir(), ports);
        cluster.brokers().forEach(this::ready);
        pipeline.progress()
                .detail(
                        "ready name=kafka-cluster bootstrap="
                                + cluster.bootstrapServers()
                                + " replication="
                                + nodes.size()
                                + " min_insync_replicas="
                                + LocalKafkaBroker.minInsyncReplicas(nodes.size()));
    }

    private void ready(LocalKafkaBroker broker) {
        pipeline.progress().detail(broker.readyLine());
    }

    String bootstrap() {
        return pipeline.env().get("KAFKA_BOOTSTRAP_SERVERS");
    }

    int firstPort() {
        String first = bootstrap().split(",")[0].trim();
        return Integer.parseInt(first.substring(first.lastIndexOf(':') + 1));
    }

    int objectStorePort() {
        return URI.create(pipeline.store().endpoint()).getPort();
    }
}
