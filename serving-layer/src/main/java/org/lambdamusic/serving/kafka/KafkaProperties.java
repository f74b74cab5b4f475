package org.lambdamusic.serving.kafka;

import java.time.Duration;
import org.springframework.boot.context.properties.ConfigurationProperties;

/**
 * Kafka client behaviour; defaults and their environment variables live in application.properties.
 *
 * @param clientId client.id prefix of the producer, admin and view consumer
 * @param connectMaxRetries failed connection checks in a row before a cooldown
 * @param connectRetryDelay pause between two connection checks while disconnected
 * @param cooldown pause after {@code connectMaxRetries} failures, then the cycle starts again
 * @param probeInterval pause between two checks while connected
 * @param probeTimeout how long one check may take
 * @param sendTimeout how long POST /api/interact waits for the broker's acknowledgement
 * @param viewsPollTimeout longest wait of one poll of the view topics
 */
@ConfigurationProperties("serving.kafka")
public record KafkaProperties(
        String clientId,
        int connectMaxRetries,
        Duration connectRetryDelay,
        Duration cooldown,
        Duration probeInterval,
        Duration probeTimeout,
        Duration sendTimeout,
        Duration viewsPollTimeout) {}
