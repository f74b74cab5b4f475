package org.lambdamusic.serving.recommend;

import java.util.Arrays;
import java.util.Collection;
import java.util.List;
import java.util.Locale;
import org.lambdamusic.contracts.listener.ListenerView;
import org.lambdamusic.serving.catalog.Catalog;

/**
 * Which of a listener's tracks a recommendation leaves out ({@code exclude} of POST
 * /api/recommend): {@code none}; {@code played} (played at least once); {@code skipped} (skipped
 * and not liked since; the default, so a skipped track does not come back); {@code heard} (any
 * interaction: played, liked or skipped).
 */
public enum Exclude {
    NONE,
    PLAYED,
    SKIPPED,
    HEARD;

    public static final Exclude DEFAULT = SKIPPED;
    public static final String PATTERN = "none|played|skipped|heard";
    private static final int[] NO_ROWS = new int[0];

    public static Exclude fromWire(String value) {
        return value == null ? DEFAULT : valueOf(value.toUpperCase(Locale.ROOT));
    }

    public String wireName() {
        return name().toLowerCase(Locale.ROOT);
    }

    /** The catalogue rows to leave out for this listener, ascending (binary-searchable). */
    int[] rows(ListenerView listener, Catalog catalog) {
        if (listener == null || this == NONE) {
            return NO_ROWS;
        }
        return switch (this) {
            case PLAYED -> rowsOf(catalog, List.of(listener.playedTracks()));
            case SKIPPED -> rowsOf(catalog, List.of(listener.skippedTracks()));
            default ->
                    rowsOf(
                            catalog,
                            List.of(
                                    listener.playedTracks(),
                                    listener.likedTracks(),
                                    listener.skippedTracks()));
        };
    }

    /** The catalogue rows of some track ids, ascending, distinct; unknown ids left out. */
    static int[] rowsOf(Catalog catalog, List<? extends Collection<String>> lists) {
        int count = 0;
        for (Collection<String> list : lists) {
            count += list.size();
        }
        if (count == 0) {
            return NO_ROWS;
        }
        int[] rows = new int[count];
        int used = 0;
        for (Collection<String> list : lists) {
            for (String trackId : list) {
                int row = catalog.rowOf(trackId);
                if (row >= 0) {
                    rows[used++] = row;
                }
            }
        }
        return Arrays.stream(rows, 0, used).sorted().distinct().toArray();
    }

    static boolean contains(int[] sortedRows, int row) {
        return sortedRows.length != 0 && Arrays.binarySearch(sortedRows, row) >= 0;
    }
}
