package org.lambdamusic.serving.kafka;

import com.fasterxml.jackson.databind.PropertyNamingStrategies;
import com.fasterxml.jackson.databind.annotation.JsonNaming;

/**
 * What the serving layer knows about its Kafka connection.
 *
 * @param retryCount failed connection checks in the current cycle (0 while connected)
 */
@JsonNaming(PropertyNamingStrategies.SnakeCaseStrategy.class)
public record BrokerStatus(boolean connected, boolean inCooldown, int retryCount) {}
