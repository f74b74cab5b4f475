package org.lambdamusic.contracts.config;

import java.util.Map;

/**
 * How to reach Kafka: {@code KAFKA_BOOTSTRAP_SERVERS}, default {@value #DEFAULT_BOOTSTRAP_SERVERS}
 * (the embedded local broker).
 */
public record KafkaSettings(String bootstrapServers) {
    public static final String DEFAULT_BOOTSTRAP_SERVERS = "127.0.0.1:9092";

    public static KafkaSettings fromEnvironment() {
        return from(System.getenv());
    }

    public static KafkaSettings from(Map<String, String> env) {
        return new KafkaSettings(
                env.getOrDefault("KAFKA_BOOTSTRAP_SERVERS", DEFAULT_BOOTSTRAP_SERVERS));
    }
}
