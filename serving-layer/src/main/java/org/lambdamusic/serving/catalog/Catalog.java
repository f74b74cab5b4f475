package org.lambdamusic.serving.catalog;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;

/**
 * The tracks of one model version with the lookups the API needs: by id, and a case-insensitive
 * substring search over name and artists. Immutable; built once per model load.
 */
public final class Catalog {
    private final List<Track> tracks;
    private final Map<String, Integer> rowById;
    private final String[] searchText;
    private final int[] byPopularity;

    public Catalog(List<Track> tracks) {
        this.tracks = List.copyOf(tracks);
        this.rowById = new HashMap<>(tracks.size() * 2);
        this.searchText = new String[tracks.size()];
        for (int row = 0; row < tracks.size(); row++) {
            Track t = tracks.get(row);
            if (t.row() != row) {
                throw new IllegalArgumentException(
                        "track " + t.trackId() + " is not at row " + row);
            }
            rowById.putIfAbsent(t.trackId(), row);
            // One lower-cased haystack per track; the separator keeps a query from matching
            // across the name/artists boundary.
            searchText[row] = (t.trackName() + "\u0000" + t.artists()).toLowerCase(Locale.ROOT);
        }
        // Search results come most popular first without sorting per request.
        this.byPopularity =
                java.util.stream.IntStream.range(0, tracks.size())
                        .boxed()
                        .sorted(
                                Comparator.comparingInt(
                                                (Integer r) -> {
                                                    Integer p = this.tracks.get(r).popularity();
                                                    return p == null ? -1 : p;
                                                })
                                        .reversed()
                                        .thenComparingInt(r -> r))
                        .mapToInt(Integer::intValue)
                        .toArray();
    }

    public int size() {
        return tracks.size();
    }

    public Track track(int row) {
        return tracks.get(row);
    }

    /** The matrix row of a track id, or -1. */
    public int rowOf(String trackId) {
        Integer row = trackId == null ? null : rowById.get(trackId);
        return row == null ? -1 : row;
    }

    public Optional<Track> find(String trackId) {
        int row = rowOf(trackId);
        return row < 0 ? Optional.empty() : Optional.of(tracks.get(row));
    }

    /** One page of the tracks whose name or artists contain {@code query}, most popular first. */
    public SearchPage search(String query, int limit, int offset) {
        String needle = query == null ? "" : query.trim().toLowerCase(Locale.ROOT);
        List<Track> page = new ArrayList<>(Math.min(limit, 64));
        int total = 0;
        for (int row : byPopularity) {
            if (needle.isEmpty() || searchText[row].contains(needle)) {
                if (total >= offset && page.size() < limit) {
                    page.add(tracks.get(row));
                }
                total++;
            }
        }
        return new SearchPage(total, page);
    }

    /** Matches counted over the whole catalog, and the requested slice of them. */
    public record SearchPage(int total, List<Track> tracks) {}
}
