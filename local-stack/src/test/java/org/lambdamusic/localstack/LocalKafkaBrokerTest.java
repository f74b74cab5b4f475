package org.lambdamusic.localstack;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.concurrent.TimeUnit;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.apache.kafka.clients.admin.Config;
import org.apache.kafka.clients.admin.TopicDescription;
import org.apache.kafka.common.config.ConfigResource;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.lambdamusic.contracts.Topics;

class LocalKafkaBrokerTest {

    @TempDir Path dir;

    @Test
    void startsWithTheContractTopicsAndKeepsThemAcrossRestart() throws Exception {
        try (LocalKafkaBroker broker = LocalKafkaBroker.startOnFreePort(dir)) {
            assertTopics(broker);

            broker.kill();
            broker.restart();

            assertThat(broker.isRunning()).isTrue();
            assertTopics(broker);
        }
    }

    private static void assertTopics(LocalKafkaBroker broker) throws Exception {
        Properties props = new Properties();
        props.put(AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG, broker.bootstrapServers());
        try (Admin admin = Admin.create(props)) {
            Map<String, TopicDescription> topics =
                    admin.describeTopics(Topics.ALL.stream().map(Topics.TopicSpec::name).toList())
                            .allTopicNames()
                            .get(30, TimeUnit.SECONDS);
            assertThat(topics.get(Topics.USER_INTERACTIONS).partitions()).hasSize(3);

            ConfigResource interactions =
                    new ConfigResource(ConfigResource.Type.TOPIC, Topics.USER_INTERACTIONS);
            ConfigResource profiles =
                    new ConfigResource(ConfigResource.Type.TOPIC, Topics.USER_PROFILES);
            Map<ConfigResource, Config> configs =
                    admin.describeConfigs(List.of(interactions, profiles))
                            .all()
                            .get(30, TimeUnit.SECONDS);
            assertThat(configs.get(interactions).get("retention.ms").value())
                    .isEqualTo("604800000");
            assertThat(configs.get(profiles).get("cleanup.policy").value()).isEqualTo("compact");
        }
    }
}
