package org.lambdamusic.serving.model;

import com.fasterxml.jackson.databind.PropertyNamingStrategies;
import com.fasterxml.jackson.databind.annotation.JsonNaming;
import java.util.List;
import org.lambdamusic.contracts.model.ModelManifest;

/** GET /api/models: every version in the store, newest first, and which one is serving. */
@JsonNaming(PropertyNamingStrategies.SnakeCaseStrategy.class)
public record ModelVersions(String servingVersion, List<Version> versions) {

    /**
     * @param manifest null when the version's manifest.json is missing or unreadable
     */
    @JsonNaming(PropertyNamingStrategies.SnakeCaseStrategy.class)
    public record Version(String version, boolean serving, ModelManifest manifest) {}
}
