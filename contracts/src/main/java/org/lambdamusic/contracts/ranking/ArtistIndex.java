package org.lambdamusic.contracts.ranking;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collection;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.lambdamusic.contracts.model.CatalogTrack;

/**
 * Every artist of a catalogue numbered once, and each row's artists as those numbers, flattened
 * into two int arrays so the artist boost tests a candidate without touching a String.
 */
public final class ArtistIndex {
    private static final int[] NONE = new int[0];

    private final Map<String, Integer> idByName;
    private final List<String> nameById = new ArrayList<>();
    private final int[] rowStart;
    private final int[] artistIds;

    public ArtistIndex(CatalogTrack[] tracks) {
        int n = tracks.length;
        idByName = new HashMap<>(n);
        rowStart = new int[n + 1];
        int[] ids = new int[n + n / 2 + 16];
        int used = 0;
        for (int row = 0; row < n; row++) {
            rowStart[row] = used;
            String artists = tracks[row].artists();
            int from = 0;
            while (from <= artists.length()) {
                int end = artists.indexOf(';', from);
                if (end < 0) {
                    end = artists.length();
                }
                int id = idOf(artists, from, end);
                if (id >= 0) {
                    if (used == ids.length) {
                        ids = Arrays.copyOf(ids, ids.length * 2);
                    }
                    ids[used++] = id;
                }
                from = end + 1;
            }
        }
        rowStart[n] = used;
        artistIds = Arrays.copyOf(ids, used);
    }

    /** The individual artist names: the dataset string split on ';', trimmed, blanks dropped. */
    public static List<String> names(String artists) {
        List<String> names = new ArrayList<>(2);
        if (artists == null) {
            return names;
        }
        for (String part : artists.split(";")) {
            String name = part.trim();
            if (!name.isEmpty()) {
                names.add(name);
            }
        }
        return names;
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

    /** The first artist of {@code row} (dataset order) that is in {@code sortedIds}, or -1. */
    public int firstArtistIn(int row, int[] sortedIds) {
        for (int i = rowStart[row], end = rowStart[row + 1]; i < end; i++) {
            if (Arrays.binarySearch(sortedIds, artistIds[i]) >= 0) {
                return artistIds[i];
            }
        }
        return -1;
    }

    /** The name an id stands for. */
    public String name(int id) {
        return nameById.get(id);
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

    /** Numbers the name in artists[from, end), trimmed as String.trim does, or -1 when blank. */
    private int idOf(String artists, int from, int end) {
        while (from < end && artists.charAt(from) <= ' ') {
            from++;
        }
        while (end > from && artists.charAt(end - 1) <= ' ') {
            end--;
        }
        if (from == end) {
            return -1;
        }
        // Most tracks have one artist: the string itself is the key, no substring needed.
        String name = from == 0 && end == artists.length() ? artists : artists.substring(from, end);
        Integer id = idByName.get(name);
        if (id == null) {
            id = idByName.size();
            idByName.put(name, id);
            nameById.add(name);
        }
        return id;
    }
}
