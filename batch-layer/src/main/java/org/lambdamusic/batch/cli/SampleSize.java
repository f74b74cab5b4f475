package org.lambdamusic.batch.cli;

import org.lambdamusic.batch.BatchJobException;

/**
 * How many tracks the model holds: a fixed count (a dense n×n similarity matrix) or {@code all}
 * (the whole clean catalog, top-K neighbours per track).
 *
 * @param count the number of tracks, or -1 for the whole catalog
 */
public record SampleSize(int count) {
    public static final int DEFAULT_COUNT = 4832;
    public static final SampleSize ALL = new SampleSize(-1);

    public static SampleSize parse(String text) {
        if ("all".equalsIgnoreCase(text.trim())) {
            return ALL;
        }
        try {
            int n = Integer.parseInt(text.trim());
            if (n < 1) {
                throw new BatchJobException(
                        "--sample must be a positive number or 'all', got " + text);
            }
            return new SampleSize(n);
        } catch (NumberFormatException e) {
            throw new BatchJobException("--sample must be a positive number or 'all', got " + text);
        }
    }

    public boolean isAll() {
        return count < 0;
    }

    /** As written in the manifest's {@code sample} field. */
    @Override
    public String toString() {
        return isAll() ? "all" : Integer.toString(count);
    }
}
