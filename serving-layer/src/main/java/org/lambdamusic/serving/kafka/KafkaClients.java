package org.lambdamusic.serving.kafka;

import java.util.HashMap;
import java.util.Map;
import org.apache.kafka.clients.CommonClientConfigs;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.apache.kafka.common.serialization.StringDeserializer;
import org.apache.kafka.common.serialization.StringSerializer;
import org.lambdamusic.contracts.config.KafkaSettings;
import org.springframework.stereotype.Component;

/**
 * The one place the serving layer's Kafka clients are configured: the broker address, the client id
 * prefix and the reconnect back-off every client shares, plus what each kind needs. Keys are
 * strings (user ids), values the contract's JSON bytes.
 */
@Component
public class KafkaClients {
    private final KafkaProperties properties;
    private final String bootstrapServers;

    public KafkaClients(KafkaProperties properties, KafkaSettings settings) {
        this.properties = properties;
        this.bootstrapServers = settings.bootstrapServers();
    }

    public KafkaProperties properties() {
        return properties;
    }

    public String bootstrapServers() {
        return bootstrapServers;
    }

    /** For connection checks: every call bounded by the probe timeout. */
    public Admin admin(String purpose) {
        int timeoutMs = (int) properties.probeTimeout().toMillis();
        Map<String, Object> config = common(purpose);
        config.put(AdminClientConfig.REQUEST_TIMEOUT_MS_CONFIG, timeoutMs);
        config.put(AdminClientConfig.DEFAULT_API_TIMEOUT_MS_CONFIG, timeoutMs);
        config.put(AdminClientConfig.RETRY_BACKOFF_MS_CONFIG, 100);
        return Admin.create(config);
    }

    /**
     * Idempotent, acks from every in-sync replica, and a send that gives up within the send
     * timeout, so a request thread never waits longer than that for the broker.
     */
    public KafkaProducer<String, byte[]> producer(String purpose) {
        int sendMs = (int) properties.sendTimeout().toMillis();
        int requestMs = Math.max(1000, sendMs / 2);
        Map<String, Object> config = common(purpose);
        config.put(ProducerConfig.ACKS_CONFIG, "all");
        config.put(ProducerConfig.ENABLE_IDEMPOTENCE_CONFIG, true);
        config.put(ProducerConfig.LINGER_MS_CONFIG, 1);
        config.put(ProducerConfig.MAX_BLOCK_MS_CONFIG, sendMs);
        config.put(ProducerConfig.REQUEST_TIMEOUT_MS_CONFIG, requestMs);
        config.put(ProducerConfig.DELIVERY_TIMEOUT_MS_CONFIG, requestMs + 1);
        return new KafkaProducer<>(config, new StringSerializer(), new ByteArraySerializer());
    }

    /**
     * For the compacted view topics: no group, no commits (every instance replays every view from
     * the beginning), never creating a topic the speed layer has not created.
     */
    public KafkaConsumer<String, byte[]> consumer(String purpose) {
        Map<String, Object> config = common(purpose);
        config.put(ConsumerConfig.ENABLE_AUTO_COMMIT_CONFIG, false);
        config.put(ConsumerConfig.AUTO_OFFSET_RESET_CONFIG, "earliest");
        config.put(ConsumerConfig.ALLOW_AUTO_CREATE_TOPICS_CONFIG, false);
        config.put(ConsumerConfig.MAX_POLL_RECORDS_CONFIG, 2000);
        return new KafkaConsumer<>(config, new StringDeserializer(), new ByteArrayDeserializer());
    }

    private Map<String, Object> common(String purpose) {
        Map<String, Object> config = new HashMap<>();
        config.put(CommonClientConfigs.BOOTSTRAP_SERVERS_CONFIG, bootstrapServers);
        config.put(CommonClientConfigs.CLIENT_ID_CONFIG, properties.clientId() + "-" + purpose);
        // Retry a lost broker at least once a second, so recovery is noticed quickly.
        config.put(CommonClientConfigs.RECONNECT_BACKOFF_MAX_MS_CONFIG, 1000);
        return config;
    }
}
