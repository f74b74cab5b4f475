package org.lambdamusic.serving.kafka;

import org.springframework.boot.actuate.health.Health;
import org.springframework.boot.actuate.health.HealthIndicator;
import org.springframework.stereotype.Component;

/**
 * The "kafka" health component: UP when connected, DOWN otherwise, with connected / in_cooldown /
 * retry_count. Not part of readiness: recommendations keep working without Kafka.
 */
@Component("kafka")
public class KafkaHealth implements HealthIndicator {
    private final BrokerConnection connection;

    public KafkaHealth(BrokerConnection connection) {
        this.connection = connection;
    }

    @Override
    public Health health() {
        BrokerStatus status = connection.status();
        return (status.connected() ? Health.up() : Health.down())
                .withDetail("bootstrap_servers", connection.bootstrapServers())
                .withDetail("connected", status.connected())
                .withDetail("in_cooldown", status.inCooldown())
                .withDetail("retry_count", status.retryCount())
                .build();
    }
}
