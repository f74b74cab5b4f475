package org.lambdamusic.speed.bench;

import java.util.Arrays;

/** Nearest-rank percentiles of a set of latencies, in the unit they were recorded in. */
record Percentiles(int count, long p50, long p95, long p99, long max) {
    static Percentiles of(long[] values) {
        long[] sorted = values.clone();
        Arrays.sort(sorted);
        return new Percentiles(
                sorted.length,
                rank(sorted, 50),
                rank(sorted, 95),
                rank(sorted, 99),
                sorted.length == 0 ? 0 : sorted[sorted.length - 1]);
    }

    private static long rank(long[] sorted, double p) {
        if (sorted.length == 0) {
            return 0;
        }
        int index = (int) Math.ceil(p / 100 * sorted.length) - 1;
        return sorted[Math.max(0, Math.min(index, sorted.length - 1))];
    }
}
