package org.lambdamusic.serving.catalog;

/**
 * Every distinct sequence of one, two or three characters (n-gram) of the catalogue's lower-cased
 * search texts, each with the popularity ranks of the rows that contain it, ascending. A query of
 * up to three characters is an n-gram itself: its list is exactly its matches, most popular first.
 * A longer query occurs in a row only if each of its trigrams does, so the shortest of its
 * trigrams' lists holds every match; the caller checks those rows for the whole query.
 *
 * <p>Why hand code on this hot path (RecommendBenchmark and ./pipeline bench serving, full
 * catalogue of 89,740 tracks, BENCHMARKS.md "Serving layer"): scanning the whole text with
 * String.indexOf cost 0.68 ms per query (1.06 ms for "a") and held GET /api/tracks at 0.11 of
 * /api/ping; with this index 46 us per query and 0.38 of ping, for 28.6 MB and 0.2-0.5 s more model
 * load. Exact keys in one open-addressing table of longs and all lists in one flat int array keep
 * the index to four arrays, built in a count pass and a fill pass without per-row or per-n-gram
 * objects. One- and two-character n-grams are indexed too because the web UI searches while the
 * user types, so those queries are common, and the scan was slowest for them.
 *
 * <p>N-grams that contain a field or row separator are left out: a query never contains one.
 */
final class NgramIndex {
    private static final int MIN_CAPACITY = 1 << 12;

    /** N-gram keys (0 = empty slot), power-of-two capacity, at most half full. */
    private final long[] keys;

    /** The list of keys[slot] is postings[starts[slot]] .. postings[ends[slot]] (exclusive). */
    private final int[] starts;

    private final int[] ends;
    private final int[] postings;

    /** The search text of a row: {@code text(rank)} from start(rank) to end(rank), exclusive. */
    interface Rows {
        int count();

        String text(int rank);

        int start(int rank);

        int end(int rank);
    }

    /** One posting list: ranks ascending in {@code ranks[from..to)}. */
    record Postings(int[] ranks, int from, int to) {
        int size() {
            return to - from;
        }
    }

    private NgramIndex(long[] keys, int[] starts, int[] ends, int[] postings) {
        this.keys = keys;
        this.starts = starts;
        this.ends = ends;
        this.postings = postings;
    }

    /**
     * @param separatorA a character no query contains; n-grams with it are not indexed
     * @param separatorB another such character
     */
    static NgramIndex build(Rows rows, char separatorA, char separatorB) {
        // Count pass: the distinct n-grams and, per n-gram, how many rows hold it (a row counts
        // once however often it repeats the n-gram: lastRank remembers the row that counted).
        Counts counts = new Counts();
        for (int rank = 0; rank < rows.count(); rank++) {
            String text = rows.text(rank);
            int end = rows.end(rank);
            for (int at = rows.start(rank); at < end; at++) {
                for (int length = 1; length <= 3 && at + length <= end; length++) {
                    long key = key(text, at, length, separatorA, separatorB);
                    if (key == 0) {
                        break; // a longer n-gram from here holds the same separator
                    }
                    counts.add(key, rank);
                }
            }
        }
        if (counts.total > Integer.MAX_VALUE - 8) {
            throw new IllegalArgumentException("catalogue text too long to index");
        }
        // Fill pass: lists laid out one after another; ranks come in ascending, so each list is
        // sorted without sorting. ends[] is the write cursor and ends up as each list's end.
        long[] keys = counts.keys;
        int capacity = keys.length;
        int[] starts = new int[capacity];
        int[] ends = new int[capacity];
        int offset = 0;
        for (int slot = 0; slot < capacity; slot++) {
            starts[slot] = offset;
            ends[slot] = offset;
            offset += counts.counts[slot];
        }
        counts = null; // the counts and last ranks are garbage from here on
        int[] postings = new int[offset];
        for (int rank = 0; rank < rows.count(); rank++) {
            String text = rows.text(rank);
            int end = rows.end(rank);
            for (int at = rows.start(rank); at < end; at++) {
                for (int length = 1; length <= 3 && at + length <= end; length++) {
                    long key = key(text, at, length, separatorA, separatorB);
                    if (key == 0) {
                        break;
                    }
                    int slot = slot(keys, key);
                    int last = ends[slot];
                    if (last == starts[slot] || postings[last - 1] != rank) {
                        postings[last] = rank;
                        ends[slot] = last + 1;
                    }
                }
            }
        }
        return new NgramIndex(keys, starts, ends, postings);
    }

    /**
     * For a needle (already lower-cased like the texts, without separators) of one to three
     * characters: exactly the rows that contain it. For a longer one: the shortest list among its
     * trigrams, a superset of those rows. Null when nothing can match.
     */
    Postings candidates(String needle) {
        if (needle.isEmpty()) {
            throw new IllegalArgumentException("empty needle");
        }
        int length = Math.min(3, needle.length());
        Postings best = null;
        for (int at = 0; at + length <= needle.length(); at++) {
            long key = key(needle, at, length, '\u0000', '\u0000');
            int slot = key == 0 ? -1 : slot(keys, key);
            if (slot < 0 || keys[slot] == 0) {
                return null;
            }
            if (best == null || ends[slot] - starts[slot] < best.size()) {
                best = new Postings(postings, starts[slot], ends[slot]);
            }
        }
        return best;
    }

    /** Bytes of the arrays (keys, starts, ends, postings). */
    long bytes() {
        return keys.length * 16L + postings.length * 4L;
    }

    int postingCount() {
        return postings.length;
    }

    /**
     * Up to three UTF-16 chars in 48 bits and the length above them, or 0 for an n-gram with a
     * separator (never looked up).
     */
    private static long key(String text, int at, int length, char separatorA, char separatorB) {
        long key = length;
        for (int i = 0; i < length; i++) {
            char c = text.charAt(at + i);
            if (c == separatorA || c == separatorB) {
                return 0;
            }
            key = (key << 16) | c;
        }
        return key;
    }

    /** The slot holding {@code key}, or the empty slot where it would go (linear probing). */
    private static int slot(long[] keys, long key) {
        int mask = keys.length - 1;
        int slot = (int) ((key * 0x9E3779B97F4A7C15L) >>> 32) & mask;
        while (keys[slot] != 0 && keys[slot] != key) {
            slot = (slot + 1) & mask;
        }
        return slot;
    }

    /** The count pass's table: keys with their row counts, grown by doubling. */
    private static final class Counts {
        long[] keys = new long[MIN_CAPACITY];
        int[] counts = new int[MIN_CAPACITY];
        int[] lastRank = new int[MIN_CAPACITY];
        int distinct;
        long total;

        void add(long key, int rank) {
            int slot = slot(keys, key);
            if (keys[slot] == 0) {
                if ((distinct + 1) * 2 > keys.length) {
                    grow();
                    slot = slot(keys, key);
                }
                keys[slot] = key;
                lastRank[slot] = -1;
                distinct++;
            }
            if (lastRank[slot] != rank) {
                lastRank[slot] = rank;
                counts[slot]++;
                total++;
            }
        }

        private void grow() {
            long[] oldKeys = keys;
            int[] oldCounts = counts;
            int[] oldLast = lastRank;
            keys = new long[oldKeys.length * 2];
            counts = new int[keys.length];
            lastRank = new int[keys.length];
            for (int old = 0; old < oldKeys.length; old++) {
                if (oldKeys[old] != 0) {
                    int to = slot(keys, oldKeys[old]);
                    keys[to] = oldKeys[old];
                    counts[to] = oldCounts[old];
                    lastRank[to] = oldLast[old];
                }
            }
        }
    }
}
