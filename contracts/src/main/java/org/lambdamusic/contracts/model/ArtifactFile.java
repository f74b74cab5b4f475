package org.lambdamusic.contracts.model;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonProperty;
import java.util.List;

/**
 * One file of a model version as recorded in its manifest.
 *
 * @param bytes exact object size
 * @param sha256 lower-case hex digest of the object bytes
 * @param shape array shape for binary matrices ([n, n] or [n, k]), row count for tables, else null
 */
@JsonInclude(JsonInclude.Include.NON_NULL)
public record ArtifactFile(
        @JsonProperty("bytes") long bytes,
        @JsonProperty("sha256") String sha256,
        @JsonProperty("shape") List<Long> shape) {}
