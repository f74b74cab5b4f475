package org.lambdamusic.serving.catalog;

import java.util.Arrays;
import java.util.Collection;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * Every artist of a catalog numbered once, and each row's artists as those numbers, flattened into
 * two int arrays so the artist boost tests a candidate without touching a String.
 */
public final class ArtistIndex {
    private static final int[] NONE = new int[0];

    private final Map<String, Integer> idByName;
    private final int[] rowStart;
    private final int[] artistIds;

    public ArtistIndex(Catalog catalog) {
        int n = catalog.size();
        idByName = new HashMap<>(n * 2);
        rowStart = new int[n + 1];
        int[] ids = new int[n * 2];
        int used = 0;
        for (int row = 0; row < n; row++) {
            rowStart[row] = used;
            for (String name : catalog.track(row).artistNames()) {
                int id = idByName.computeIfAbsent(name, k -> idByName.size());
                if (used == ids.length) {
                    ids = Arrays.copyOf(ids, ids.length * 2);
                }
                ids[used++] = id;
            }
        }
        rowStart[n] = used;
        artistIds = Arrays.copyOf(ids, used);
    }

    public int artistCount() {
        return idByName.size();
    }

    /** True when any artist of {@code row} is in {@code sortedIds} (ascending, no repeats). */
    public boolean anyArtistIn(int row, int[] sortedIds) {
        if (sortedIds.length == 0) {
            return false;
        }
        for (int i = rowStart[row], end = rowStart[row + 1]; i < end; i++) {
            if (Arrays.binarySearch(sortedIds, artistIds[i]) >= 0) {
                return true;
            }
        }
        return false;
    }

    /**
     * The distinct artist ids of the given rows, ascending: the shape {@link #anyArtistIn} wants.
     */
    public int[] artistIdsOfRows(Collection<Integer> rows) {
        if (rows.isEmpty()) {
            return NONE;
        }
        int count = 0;
        for (int row : rows) {
            count += rowStart[row + 1] - rowStart[row];
        }
        int[] ids = new int[count];
        int used = 0;
        for (int row : rows) {
            for (int i = rowStart[row]; i < rowStart[row + 1]; i++) {
                ids[used++] = artistIds[i];
            }
        }
        return Arrays.stream(ids).sorted().distinct().toArray();
    }

    /** The id of an artist name, or -1. */
    public int idOf(String name) {
        Integer id = idByName.get(name);
        return id == null ? -1 : id;
    }

    /** Ids of some names, ascending, unknown names left out. */
    public int[] idsOf(List<String> names) {
        return names.stream()
                .mapToInt(this::idOf)
                .filter(id -> id >= 0)
                .sorted()
                .distinct()
                .toArray();
    }
}
