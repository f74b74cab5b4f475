package org.lambdamusic.localstack;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.apache.kafka.clients.admin.Config;
import org.apache.kafka.clients.admin.TopicDescription;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.clients.producer.RecordMetadata;
import org.apache.kafka.common.TopicPartitionInfo;
import org.apache.kafka.common.config.ConfigResource;
import org.apache.kafka.common.serialization.StringSerializer;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.lambdamusic.contracts.Topics;

/**
 * Cluster mode's Kafka: three KRaft nodes form one cluster (a 3-voter controller quorum), the
 * contract topics have replication factor 3 and min.insync.replicas 2, and with one node killed
 * (SIGKILL, no shutdown) an idempotent {@code acks=all} producer still has every write
 * acknowledged; the node comes back on its data and rejoins every ISR.
 */
class LocalKafkaClusterTest {

    @TempDir Path dir;

    @Test
    void threeNodesReplicateTheTopicsAndAcceptAcksAllWritesWithOneNodeKilled() throws Exception {
        try (LocalKafkaCluster cluster = LocalKafkaCluster.startOnFreePorts(dir, 3);
                Admin admin = admin(cluster)) {
            assertThat(
                            admin.describeCluster().nodes().get(30, TimeUnit.SECONDS).stream()
                                    .map(n -> n.id()))
                    .containsExactlyInAnyOrder(1, 2, 3);
            Map<String, TopicDescription> topics = describe(admin);
            for (TopicDescription topic : topics.values()) {
                for (TopicPartitionInfo p : topic.partitions()) {
                    assertThat(p.replicas()).as(topic.name()).hasSize(3);
                    assertThat(p.isr()).as(topic.name()).hasSize(3);
                }
            }
            Map<ConfigResource, Config> configs =
                    admin.describeConfigs(
                                    Topics.ALL.stream()
                                            .map(
                                                    t ->
                                                            new ConfigResource(
                                                                    ConfigResource.Type.TOPIC,
                                                                    t.name()))
                                            .toList())
                            .all()
                            .get(30, TimeUnit.SECONDS);
            configs.values()
                    .forEach(c -> assertThat(c.get("min.insync.replicas").value()).isEqualTo("2"));

            // kill -9 the leader of partition 0 of user-interactions.
            int leader = topics.get(Topics.USER_INTERACTIONS).partitions().get(0).leader().id();
            LocalKafkaBroker victim = cluster.broker(leader);
            victim.kill();
            assertThat(victim.isRunning()).isFalse();

            try (KafkaProducer<String, String> producer = producer(cluster)) {
                List<Future<RecordMetadata>> sends = new ArrayList<>();
                for (int i = 0; i < 300; i++) {
                    sends.add(
                            producer.send(
                                    new ProducerRecord<>(
                                            Topics.USER_INTERACTIONS,
                                            "user-" + (i % 17),
                                            "e" + i)));
                }
                for (Future<RecordMetadata> send : sends) {
                    assertThat(send.get(60, TimeUnit.SECONDS).offset()).isNotNegative();
                }
            }

            victim.restart();
            awaitFullIsr(admin, Duration.ofSeconds(90));
        }
    }

    static Admin admin(LocalKafkaCluster cluster) {
        Properties props = new Properties();
        props.put(AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG, cluster.bootstrapServers());
        return Admin.create(props);
    }

    static KafkaProducer<String, String> producer(LocalKafkaCluster cluster) {
        Properties props = new Properties();
        props.put(ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, cluster.bootstrapServers());
        props.put(ProducerConfig.ACKS_CONFIG, "all");
        props.put(ProducerConfig.ENABLE_IDEMPOTENCE_CONFIG, true);
        props.put(ProducerConfig.DELIVERY_TIMEOUT_MS_CONFIG, 120_000);
        props.put(ProducerConfig.REQUEST_TIMEOUT_MS_CONFIG, 10_000);
        props.put(ProducerConfig.KEY_SERIALIZER_CLASS_CONFIG, StringSerializer.class);
        props.put(ProducerConfig.VALUE_SERIALIZER_CLASS_CONFIG, StringSerializer.class);
        return new KafkaProducer<>(props);
    }

    static Map<String, TopicDescription> describe(Admin admin) throws Exception {
        return admin.describeTopics(Topics.ALL.stream().map(Topics.TopicSpec::name).toList())
                .allTopicNames()
                .get(30, TimeUnit.SECONDS);
    }

    /** Until every partition of every contract topic has all three replicas in sync. */
    static void awaitFullIsr(Admin admin, Duration timeout) {
        await("ISR back to 3")
                .atMost(timeout)
                .pollInterval(Duration.ofMillis(250))
                .until(
                        () ->
                                describe(admin).values().stream()
                                        .flatMap(t -> t.partitions().stream())
                                        .allMatch(p -> p.isr().size() == 3));
    }
}
