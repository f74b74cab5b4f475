package org.lambdamusic.contracts.model;

import com.fasterxml.jackson.annotation.JsonProperty;
import java.util.Map;

/**
 * What the batch job kept of its input.
 *
 * @param raw data rows read
 * @param dropped rows dropped, by reason (e.g. {@code missing_required_field}, {@code
 *     duplicate_track_id})
 * @param clean distinct tracks left after cleaning
 * @param sampled tracks in the model (rows of the matrix)
 */
public record RowCounts(
        @JsonProperty("raw") long raw,
        @JsonProperty("dropped") Map<String, Long> dropped,
        @JsonProperty("clean") long clean,
        @JsonProperty("sampled") long sampled) {}
