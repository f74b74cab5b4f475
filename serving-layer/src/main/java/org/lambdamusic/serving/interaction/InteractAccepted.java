package org.lambdamusic.serving.interaction;

import com.fasterxml.jackson.databind.PropertyNamingStrategies;
import com.fasterxml.jackson.databind.annotation.JsonNaming;

/** 202 answer: the event is on the topic under this id and timestamp (epoch ms). */
@JsonNaming(PropertyNamingStrategies.SnakeCaseStrategy.class)
public record InteractAccepted(String status, String eventId, long timestamp) {}
