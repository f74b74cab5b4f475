package org.lambdamusic.serving.interaction;

import com.fasterxml.jackson.databind.PropertyNamingStrategies;
import com.fasterxml.jackson.databind.annotation.JsonNaming;
import jakarta.validation.constraints.NotBlank;
import jakarta.validation.constraints.Size;

/**
 * POST /api/interact body.
 *
 * @param interactionType play, like or skip (lower case, as on the wire)
 */
@JsonNaming(PropertyNamingStrategies.SnakeCaseStrategy.class)
public record InteractRequest(
        @NotBlank @Size(max = 128) String userId,
        @NotBlank @Size(max = 64) String trackId,
        @NotBlank @Size(max = 16) String interactionType) {}
