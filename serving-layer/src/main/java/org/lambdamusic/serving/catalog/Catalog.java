package org.lambdamusic.serving.catalog;

import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import org.lambdamusic.contracts.model.CatalogTrack;
import org.lambdamusic.contracts.ranking.ArtistIndex;
import org.lambdamusic.contracts.ranking.TrackRows;

/**
 * Every clean track a model version knows, with the lookups the API needs: by id, and a
 * case-insensitive substring search over name and artists, most popular first. Rows are the
 * version's row numbers: the first {@link #matrixRows()} are the similarity matrix's rows (the
 * sample, or everything in a full-catalog model), the rest the catalogue outside the sample
 * (catalog.csv.gz). Immutable; built once per model load.
 *
 * <p>A full-catalog model has 89,740 tracks, so the indexes are flat arrays built without per-row
 * temporaries: one open-addressing table of rows for the ids, lower-cased texts of all names and
 * artists with an index of their n-grams for the search (NgramIndex), a counting sort for the
 * popularity order.
 */
public final class Catalog implements TrackRows {
    private static final char FIELD_END = '\u0000';
    private static final char ROW_END = '\u0001';
    private static final int POPULARITY_MAX = 100;

    private final CatalogTrack[] tracks;
    private final int matrixRows;
    private final int[] idTable;
    private final List<SearchText> texts;

    /** Per row: (index in its text's rows) * 2 + (0 for texts.get(0), 1 for texts.get(1)). */
    private final int[] textSlot;

    private final NgramIndex ngrams;
    private final int[] byPopularity;
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
        this.byPopularity = popularityOrder(this.tracks);
        this.texts = SearchText.of(this.tracks, byPopularity);
        this.textSlot = new int[size];
        for (int t = 0; t < texts.size(); t++) {
            int[] rows = texts.get(t).rows();
            for (int i = 0; i < rows.length; i++) {
                textSlot[rows[i]] = (i << 1) | t;
            }
        }
        this.ngrams = NgramIndex.build(new RowsByRank(), FIELD_END, ROW_END);
        this.artists = new ArtistIndex(this.tracks);
    }

    /** The search text of each row, rows taken most popular first (the n-gram lists' order). */
    private final class RowsByRank implements NgramIndex.Rows {
        @Override
        public int count() {
            return tracks.length;
        }

        @Override
        public String text(int rank) {
            return texts.get(textSlot[byPopularity[rank]] & 1).text();
        }

        @Override
        public int start(int rank) {
            int slot = textSlot[byPopularity[rank]];
            return texts.get(slot & 1).starts()[slot >>> 1];
        }

        @Override
        public int end(int rank) {
            int slot = textSlot[byPopularity[rank]];
            return texts.get(slot & 1).starts()[(slot >>> 1) + 1];
        }
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

    @Override
    public CatalogTrack track(int row) {
        return tracks[row];
    }

    public ArtistIndex artists() {
        return artists;
    }

    /** Bytes of the search's n-gram index (table and lists), for the benchmark's report. */
    public long searchIndexBytes() {
        return ngrams.bytes();
    }

    /** Rows listed over all n-gram lists of the search index. */
    public int searchIndexPostings() {
        return ngrams.postingCount();
    }

    /** The row of a track id, or -1. */
    @Override
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
        return indexedSearch(needle, limit, offset, matrixOnly, page);
    }

    /**
     * A needle of one to three characters is an n-gram of the index: its list is the answer. A
     * longer one: only the rows of its rarest trigram's list can match, and each is checked for the
     * whole needle. Either way the rows come most popular first. Same answers as a plain scan
     * (CatalogTest, NgramSearchTest).
     */
    private SearchPage indexedSearch(
            String needle, int limit, int offset, boolean matrixOnly, List<CatalogTrack> page) {
        NgramIndex.Postings candidates = ngrams.candidates(needle);
        if (candidates == null) {
            return new SearchPage(0, page);
        }
        int[] ranks = candidates.ranks();
        boolean exact = needle.length() <= 3;
        if (exact && !matrixOnly) {
            int total = candidates.size();
            int first = offset < total ? candidates.from() + offset : candidates.to();
            for (int i = first; i < candidates.to() && page.size() < limit; i++) {
                page.add(tracks[byPopularity[ranks[i]]]);
            }
            return new SearchPage(total, page);
        }
        int total = 0;
        for (int i = candidates.from(); i < candidates.to(); i++) {
            int row = byPopularity[ranks[i]];
            if ((!matrixOnly || row < matrixRows) && (exact || contains(row, needle))) {
                if (total >= offset && page.size() < limit) {
                    page.add(tracks[row]);
                }
                total++;
            }
        }
        return new SearchPage(total, page);
    }

    /** Whether the row's search text holds {@code needle}, looking within that row only. */
    private boolean contains(int row, String needle) {
        int slot = textSlot[row];
        SearchText segment = texts.get(slot & 1);
        String text = segment.text();
        int from = segment.starts()[slot >>> 1];
        int last = segment.starts()[(slot >>> 1) + 1] - needle.length();
        char first = needle.charAt(0);
        for (int at = from; at <= last; at++) {
            if (text.charAt(at) == first
                    && text.regionMatches(at + 1, needle, 1, needle.length() - 1)) {
                return true;
            }
        }
        return false;
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
     * starts[i+1]); the n-gram index is built from these texts and checks long queries against
     * them. The rows whose text is all Latin-1 (93 % of the Spotify catalogue) share one text
     * stored a byte per character, half the memory of the two-byte text the other rows need.
     */
    private record SearchText(String text, int[] rows, int[] starts) {

        /**
         * @param order the rows most popular first: the texts follow it, so a search reads the rows
         *     of an n-gram list in ascending addresses
         */
        static List<SearchText> of(CatalogTrack[] tracks, int[] order) {
            boolean[] latin1 = new boolean[tracks.length];
            int latin1Rows = 0;
            for (int row = 0; row < tracks.length; row++) {
                latin1[row] = isLatin1(tracks[row].trackName()) && isLatin1(tracks[row].artists());
                latin1Rows += latin1[row] ? 1 : 0;
            }
            return List.of(
                    build(tracks, order, latin1, true, latin1Rows),
                    build(tracks, order, latin1, false, tracks.length - latin1Rows));
        }

        private static SearchText build(
                CatalogTrack[] tracks, int[] order, boolean[] latin1, boolean wanted, int count) {
            int[] rows = new int[count];
            long length = 0;
            for (int rank = 0, i = 0; rank < tracks.length; rank++) {
                int row = order[rank];
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
            return new SearchText(new String(text), rows, starts);
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
