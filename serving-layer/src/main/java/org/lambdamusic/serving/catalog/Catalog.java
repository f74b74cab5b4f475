package org.lambdamusic.serving.catalog;

import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import org.lambdamusic.contracts.model.CatalogTrack;

/**
 * Every clean track a model version knows, with the lookups the API needs: by id, and a
 * case-insensitive substring search over name and artists, most popular first. Rows are the
 * version's row numbers: the first {@link #matrixRows()} are the similarity matrix's rows (the
 * sample, or everything in a full-catalog model), the rest the catalogue outside the sample
 * (catalog.csv.gz). Immutable; built once per model load.
 *
 * <p>A full-catalog model has 89,740 tracks, so the indexes are flat arrays built without per-row
 * temporaries: one open-addressing table of rows for the ids, lower-cased texts of all names and
 * artists for the search, a counting sort for the popularity order.
 */
public final class Catalog {
    private static final char FIELD_END = '\u0000';
    private static final char ROW_END = '\u0001';
    private static final int POPULARITY_MAX = 100;

    private final CatalogTrack[] tracks;
    private final int matrixRows;
    private final int[] idTable;
    private final List<SearchText> texts;
    private final int[] byPopularity;
    private final int[] popularityRank;
    private final ArtistIndex artists;

    /**
     * @param tracks the matrix rows, numbered 0..n-1
     * @param unsampled the catalogue outside the sample, numbered from n (may be empty)
     */
    public Catalog(List<CatalogTrack> tracks, List<CatalogTrack> unsampled) {
        int size = tracks.size() + unsampled.size();
        this.matrixRows = tracks.size();
        this.tracks = new CatalogTrack[size];
        int row = 0;
        for (List<CatalogTrack> part : List.of(tracks, unsampled)) {
            for (CatalogTrack t : part) {
                if (t.row() != row) {
                    throw new IllegalArgumentException(
                            "track " + t.trackId() + " is numbered " + t.row() + ", not " + row);
                }
                this.tracks[row++] = t;
            }
        }
        this.idTable = idTable(this.tracks);
        this.texts = SearchText.of(this.tracks);
        this.byPopularity = popularityOrder(this.tracks);
        this.popularityRank = new int[size];
        for (int rank = 0; rank < size; rank++) {
            popularityRank[byPopularity[rank]] = rank;
        }
        this.artists = new ArtistIndex(this.tracks);
    }

    /** Every track of the catalogue. */
    public int size() {
        return tracks.length;
    }

    /** Tracks with a similarity row (rows 0..matrixRows-1): the ones recommendations use. */
    public int matrixRows() {
        return matrixRows;
    }

    public boolean inMatrix(int row) {
        return row >= 0 && row < matrixRows;
    }

    public CatalogTrack track(int row) {
        return tracks[row];
    }

    public ArtistIndex artists() {
        return artists;
    }

    /** The row of a track id, or -1. */
    public int rowOf(String trackId) {
        if (trackId == null) {
            return -1;
        }
        int mask = idTable.length - 1;
        for (int slot = spread(trackId.hashCode()) & mask; ; slot = (slot + 1) & mask) {
            int entry = idTable[slot];
            if (entry == 0) {
                return -1;
            }
            if (tracks[entry - 1].trackId().equals(trackId)) {
                return entry - 1;
            }
        }
    }

    public Optional<CatalogTrack> find(String trackId) {
        int row = rowOf(trackId);
        return row < 0 ? Optional.empty() : Optional.of(tracks[row]);
    }

    /** One page of the tracks whose name or artists contain {@code query}, most popular first. */
    public SearchPage search(String query, int limit, int offset) {
        return search(query, limit, offset, false);
    }

    /**
     * @param matrixOnly only tracks with similarities (the ones that can seed recommendations)
     */
    public SearchPage search(String query, int limit, int offset, boolean matrixOnly) {
        String needle = lowerCase(query == null ? "" : query.trim());
        List<CatalogTrack> page = new ArrayList<>(Math.min(limit, 64));
        if (needle.isEmpty()) {
            int total = 0;
            for (int rank = 0; rank < tracks.length; rank++) {
                int row = byPopularity[rank];
                if (!matrixOnly || row < matrixRows) {
                    if (total >= offset && page.size() < limit) {
                        page.add(tracks[row]);
                    }
                    total++;
                }
            }
            return new SearchPage(total, page);
        }
        if (needle.indexOf(FIELD_END) >= 0 || needle.indexOf(ROW_END) >= 0) {
            return new SearchPage(0, page);
        }
        // Mark the matching rows by popularity rank, then read the marks in rank order.
        long[] matches = new long[(tracks.length + 63) >>> 6];
        boolean latin1Needle = needle.chars().allMatch(c -> c <= 0xFF);
        for (SearchText segment : texts) {
            if (segment.latin1() && !latin1Needle) {
                continue; // a character beyond Latin-1 cannot occur in this text
            }
            String text = segment.text();
            int[] starts = segment.starts();
            int local = 0;
            for (int at = text.indexOf(needle); at >= 0; ) {
                while (starts[local + 1] <= at) {
                    local++;
                }
                int row = segment.rows()[local];
                if (!matrixOnly || row < matrixRows) {
                    int rank = popularityRank[row];
                    matches[rank >>> 6] |= 1L << rank;
                }
                at =
                        local + 1 < segment.rows().length
                                ? text.indexOf(needle, starts[local + 1])
                                : -1;
            }
        }
        int total = 0;
        for (int word = 0; word < matches.length; word++) {
            for (long bits = matches[word]; bits != 0; bits &= bits - 1) {
                if (total >= offset && page.size() < limit) {
                    int rank = (word << 6) + Long.numberOfTrailingZeros(bits);
                    page.add(tracks[byPopularity[rank]]);
                }
                total++;
            }
        }
        return new SearchPage(total, page);
    }

    /** Matches counted over the whole catalogue, and the requested slice of them. */
    public record SearchPage(int total, List<CatalogTrack> tracks) {}

    /**
     * Lower case char by char (not String.toLowerCase, which may change the length), so offsets in
     * the search text stay those of the rows; the query goes through the same function.
     */
    private static String lowerCase(String s) {
        char[] chars = s.toCharArray();
        for (int i = 0; i < chars.length; i++) {
            chars[i] = lowerCase(chars[i]);
        }
        return new String(chars);
    }

    /**
     * "name\0artists\1" of some rows, lower-cased, the i-th of {@code rows} at [starts[i],
     * starts[i+1]). The rows whose text is all Latin-1 (93 % of the Spotify catalogue) share one
     * text stored a byte per character, which String.indexOf scans faster than the two-byte text
     * the other rows need: 0.67 instead of 1.08 ms per query on the full catalogue
     * (RecommendBenchmark).
     */
    private record SearchText(String text, int[] rows, int[] starts, boolean latin1) {

        static List<SearchText> of(CatalogTrack[] tracks) {
            boolean[] latin1 = new boolean[tracks.length];
            int latin1Rows = 0;
            for (int row = 0; row < tracks.length; row++) {
                latin1[row] = isLatin1(tracks[row].trackName()) && isLatin1(tracks[row].artists());
                latin1Rows += latin1[row] ? 1 : 0;
            }
            return List.of(
                    build(tracks, latin1, true, latin1Rows),
                    build(tracks, latin1, false, tracks.length - latin1Rows));
        }

        private static SearchText build(
                CatalogTrack[] tracks, boolean[] latin1, boolean wanted, int count) {
            int[] rows = new int[count];
            long length = 0;
            for (int row = 0, i = 0; row < tracks.length; row++) {
                if (latin1[row] == wanted) {
                    rows[i++] = row;
                    length +=
                            tracks[row].trackName().length() + tracks[row].artists().length() + 2L;
                }
            }
            if (length > Integer.MAX_VALUE - 8) {
                throw new IllegalArgumentException("catalogue text too long to index");
            }
            // Copied into one char array, then lower-cased in place: no per-row strings.
            char[] text = new char[(int) length];
            int[] starts = new int[count + 1];
            int at = 0;
            for (int i = 0; i < count; i++) {
                starts[i] = at;
                String name = tracks[rows[i]].trackName();
                name.getChars(0, name.length(), text, at);
                at += name.length();
                text[at++] = FIELD_END;
                String artists = tracks[rows[i]].artists();
                artists.getChars(0, artists.length(), text, at);
                at += artists.length();
                text[at++] = ROW_END;
            }
            starts[count] = at;
            for (int i = 0; i < text.length; i++) {
                text[i] = lowerCase(text[i]);
            }
            return new SearchText(new String(text), rows, starts, wanted);
        }

        /** All characters Latin-1 once lower-cased (then the String stores a byte each). */
        private static boolean isLatin1(String s) {
            for (int i = 0; i < s.length(); i++) {
                if (lowerCase(s.charAt(i)) > 0xFF) {
                    return false;
                }
            }
            return true;
        }
    }

    private static char lowerCase(char c) {
        if (c >= 'A' && c <= 'Z') {
            return (char) (c + ('a' - 'A'));
        }
        return c < 0x80 ? c : Character.toLowerCase(c);
    }

    /**
     * Rows by popularity descending (unknown popularity last), ties by row: a counting sort over
     * the contract's 0..100 (values outside are clamped), one pass and no comparisons.
     */
    private static int[] popularityOrder(CatalogTrack[] tracks) {
        int unknown = POPULARITY_MAX + 1;
        int[] bucketOf = new int[tracks.length];
        int[] starts = new int[unknown + 2];
        for (int row = 0; row < tracks.length; row++) {
            Integer p = tracks[row].popularity();
            int bucket =
                    p == null ? unknown : POPULARITY_MAX - Math.max(0, Math.min(POPULARITY_MAX, p));
            bucketOf[row] = bucket;
            starts[bucket + 1]++;
        }
        for (int b = 1; b < starts.length; b++) {
            starts[b] += starts[b - 1];
        }
        int[] rows = new int[tracks.length];
        for (int row = 0; row < tracks.length; row++) {
            rows[starts[bucketOf[row]]++] = row;
        }
        return rows;
    }

    /** Linear probing over a power-of-two table of row + 1 (0 = empty), at most half full. */
    private static int[] idTable(CatalogTrack[] tracks) {
        int capacity = Integer.highestOneBit(Math.max(2, tracks.length) * 2 - 1) << 1;
        int[] table = new int[capacity];
        int mask = capacity - 1;
        for (int row = 0; row < tracks.length; row++) {
            String id = tracks[row].trackId();
            int slot = spread(id.hashCode()) & mask;
            while (table[slot] != 0 && !tracks[table[slot] - 1].trackId().equals(id)) {
                slot = (slot + 1) & mask;
            }
            if (table[slot] == 0) {
                table[slot] = row + 1; // a repeated id keeps its first row
            }
        }
        return table;
    }

    private static int spread(int hash) {
        return hash ^ (hash >>> 16);
    }
}
