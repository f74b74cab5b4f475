package org.lambdamusic.serving.kafka;

import java.time.Duration;
import org.springframework.boot.context.properties.ConfigurationProperties;

/**
 * How the serving layer watches the speed job; defaults in application.properties.
 *
 * @param consumerGroup the speed job's group on user-interactions (SPEED_CONSUMER_GROUP)
 * @param stallAfter committed offsets unchanged this long while behind: WARNING
 * @param refresh a reading is reused this long (health and /api/stats both ask)
 */
@ConfigurationProperties("serving.speed")
public record SpeedProperties(String consumerGroup, Duration stallAfter, Duration refresh) {}
