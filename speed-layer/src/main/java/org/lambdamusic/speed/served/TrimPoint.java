package org.lambdamusic.speed.served;

import java.util.Map;
import java.util.TreeMap;

/**
 * Per partition of {@code user-interactions}, the offset up to which (inclusive) the speed layer
 * drops every listener's events: the batch view of every version a serving instance can be serving
 * holds them ({@link ServedVersions#trimPoint()}). A partition it does not name keeps everything.
 */
public final class TrimPoint {
    public static final TrimPoint NONE = new TrimPoint(new long[0]);

    // Indexed by partition (a handful); -1 where nothing is trimmed. Read on every event.
    private final long[] through;

    private TrimPoint(long[] through) {
        this.through = through;
    }

    static TrimPoint of(Map<Integer, Long> through) {
        if (through.isEmpty()) {
            return NONE;
        }
        int max = 0;
        for (int partition : through.keySet()) {
            max = Math.max(max, partition);
        }
        long[] offsets = new long[max + 1];
        java.util.Arrays.fill(offsets, -1);
        through.forEach((partition, offset) -> offsets[partition] = offset);
        return new TrimPoint(offsets);
    }

    /** The last offset trimmed in {@code partition}, -1 when none. */
    public long of(int partition) {
        return partition >= 0 && partition < through.length ? through[partition] : -1;
    }

    /** True when some partition is trimmed further than in {@code before}. */
    public boolean isAbove(TrimPoint before) {
        for (int p = 0; p < through.length; p++) {
            if (through[p] > before.of(p)) {
                return true;
            }
        }
        return false;
    }

    /** Partition to offset, for log lines. */
    public Map<Integer, Long> asMap() {
        Map<Integer, Long> map = new TreeMap<>();
        for (int p = 0; p < through.length; p++) {
            if (through[p] >= 0) {
                map.put(p, through[p]);
            }
        }
        return map;
    }

    @Override
    public String toString() {
        return asMap().toString();
    }
}
