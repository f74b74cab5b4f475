package org.lambdamusic.contracts.listener;

import com.fasterxml.jackson.annotation.JsonCreator;
import com.fasterxml.jackson.annotation.JsonValue;
import java.util.Map;
import java.util.TreeMap;

/**
 * Exactly which archived interactions a batch view covers: for each partition of {@code
 * user-interactions}, the last offset covered (inclusive). An event at (p, o) is in the batch view
 * iff {@code o <= offsets[p]}; a partition that is absent is not covered at all (as if -1). In JSON
 * an object from partition number to offset, e.g. {@code {"0": 41, "1": 17, "2": -1}}.
 */
public record Watermark(Map<Integer, Long> offsets) {
    public static final Watermark NONE = new Watermark(Map.of());

    @JsonCreator
    public Watermark {
        offsets =
                offsets == null
                        ? Map.of()
                        : java.util.Collections.unmodifiableMap(new TreeMap<>(offsets));
    }

    @JsonValue
    public Map<Integer, Long> offsets() {
        return offsets;
    }

    /** The last offset covered in a partition, -1 when none. */
    public long of(int partition) {
        Long offset = offsets.get(partition);
        return offset == null ? -1 : offset;
    }

    public boolean covers(int partition, long offset) {
        return offset <= of(partition);
    }
}
