package org.lambdamusic.localstack.kafka;

import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.Set;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.apache.kafka.clients.admin.NewTopic;
import org.apache.kafka.common.errors.TopicExistsException;
import org.apache.kafka.common.errors.UnknownTopicOrPartitionException;
import org.lambdamusic.contracts.Topics;
import org.lambdamusic.contracts.Topics.TopicSpec;
import org.lambdamusic.localstack.LocalKafkaBroker;

/**
 * Creates the contract topics that do not exist yet; existing ones are left as they are, so running
 * it again is harmless. Runs on Kafka's own classpath (see {@code LocalKafkaBroker}) and as {@code
 * ./pipeline topics} against any cluster.
 *
 * <p>Usage: {@code TopicProvisioner <bootstrap-servers> [replication-factor]}. With a replication
 * factor above 1 the topics also get {@code min.insync.replicas} one less than it (3 replicas: an
 * {@code acks=all} write is on at least 2 of them, and the topic stays writable with one broker
 * down).
 */
public final class TopicProvisioner {
    private TopicProvisioner() {}

    public static void main(String[] args) throws Exception {
        if (args.length < 1) {
            System.err.println("usage: TopicProvisioner <bootstrap-servers> [replication-factor]");
            System.exit(2);
        }
        short replication = args.length > 1 ? Short.parseShort(args[1]) : 1;
        Properties props = new Properties();
        props.put(AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG, args[0]);
        props.put(AdminClientConfig.DEFAULT_API_TIMEOUT_MS_CONFIG, 60_000);
        try (Admin admin = Admin.create(props)) {
            Set<String> existing = admin.listTopics().names().get(60, TimeUnit.SECONDS);
            List<NewTopic> missing =
                    Topics.ALL.stream()
                            .filter(spec -> !existing.contains(spec.name()))
                            .map(spec -> toNewTopic(spec, replication))
                            .toList();
            for (NewTopic topic : missing) {
                try {
                    admin.createTopics(List.of(topic)).all().get(60, TimeUnit.SECONDS);
                    System.out.println(
                            "topic created name="
                                    + topic.name()
                                    + " partitions="
                                    + topic.numPartitions()
                                    + " config="
                                    + topic.configs());
                } catch (ExecutionException e) {
                    if (!(e.getCause() instanceof TopicExistsException)) {
                        throw e;
                    }
                }
            }
            awaitMetadata(admin);
            System.out.println("topics ready count=" + Topics.ALL.size());
        }
    }

    /**
     * Waits until every topic is known with a leader for each partition, so a producer or consumer
     * started right after does not race the metadata propagation of a just-created topic.
     */
    private static void awaitMetadata(Admin admin) throws Exception {
        List<String> names = Topics.ALL.stream().map(TopicSpec::name).toList();
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(60);
        while (true) {
            try {
                boolean led =
                        admin
                                .describeTopics(names)
                                .allTopicNames()
                                .get(10, TimeUnit.SECONDS)
                                .values()
                                .stream()
                                .flatMap(d -> d.partitions().stream())
                                .allMatch(p -> p.leader() != null && !p.leader().isEmpty());
                if (led) {
                    return;
                }
            } catch (ExecutionException e) {
                if (!(e.getCause() instanceof UnknownTopicOrPartitionException)
                        || System.nanoTime() > deadline) {
                    throw e;
                }
            }
            if (System.nanoTime() > deadline) {
                throw new IllegalStateException("topics have no leader after 60 s");
            }
            Thread.sleep(100);
        }
    }

    static NewTopic toNewTopic(TopicSpec spec, short replication) {
        Map<String, String> config = new HashMap<>(spec.config());
        if (replication > 1) {
            config.put(
                    "min.insync.replicas",
                    Integer.toString(LocalKafkaBroker.minInsyncReplicas(replication)));
        }
        return new NewTopic(spec.name(), spec.partitions(), replication)
                .configs(Map.copyOf(config));
    }
}
