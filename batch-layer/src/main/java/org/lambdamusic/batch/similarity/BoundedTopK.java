package org.lambdamusic.batch.similarity;

/**
 * The K best (row, cosine) pairs of one row's candidates. "Better" means higher cosine, then lower
 * row: a total order, so the K best are the same whatever order the candidates come in.
 *
 * <p>Candidates are appended to a buffer of 2K and, when it is full, the K best are selected
 * (quickselect, linear) and the rest dropped; the K-th best becomes the {@link #threshold()} below
 * which nothing can enter. This replaced a bounded min-heap: a row sees about K·ln(n/K) candidates
 * above its running threshold (~700 for K = 100 in 90k tracks), and an append plus an occasional
 * linear selection costs less than a heap sift for each of them. Each entry is one long: the
 * cosine's order-preserving bits, inverted, above the row, so ascending longs are best first.
 */
public final class BoundedTopK {
    private final int k;
    private final long[] entries;
    private int size;
    private float threshold = Float.NEGATIVE_INFINITY;

    public BoundedTopK(int k) {
        this.k = k;
        this.entries = new long[2 * k];
    }

    /**
     * A candidate below this cannot enter (it is the K-th best kept so far); one equal to it may,
     * if its row is lower. -infinity until K candidates were kept.
     */
    public float threshold() {
        return threshold;
    }

    /** Candidates currently held (more than K between two selections). */
    public int size() {
        return size;
    }

    public void offer(int row, float value) {
        if (value < threshold) {
            return;
        }
        entries[size++] = key(row, value);
        if (size == entries.length) {
            keepBest();
        }
    }

    /**
     * Writes the K best, best first, into {@code outRows} and {@code outValues} from {@code
     * offset}, padding up to K with (-1, NaN), and empties the buffer.
     */
    public void drainBestFirst(int[] outRows, float[] outValues, int offset) {
        if (size > k) {
            keepBest();
        }
        java.util.Arrays.sort(entries, 0, size);
        for (int i = 0; i < size; i++) {
            outRows[offset + i] = (int) entries[i];
            outValues[offset + i] = value(entries[i]);
        }
        for (int i = size; i < k; i++) {
            outRows[offset + i] = -1;
            outValues[offset + i] = Float.NaN;
        }
        size = 0;
        threshold = Float.NEGATIVE_INFINITY;
    }

    /** Moves the K best entries to [0, K), drops the rest and raises the threshold. */
    private void keepBest() {
        select(entries, 0, size - 1, k - 1);
        size = k;
        threshold = value(entries[k - 1]);
    }

    /**
     * Quickselect: afterwards a[nth] is the entry a sort would put there, smaller ones (better)
     * before it, larger ones after.
     */
    static void select(long[] a, int lo, int hi, int nth) {
        while (hi > lo) {
            int mid = (lo + hi) >>> 1;
            // Median of three as the pivot, so sorted runs do not make it quadratic.
            if (a[mid] < a[lo]) {
                swap(a, mid, lo);
            }
            if (a[hi] < a[lo]) {
                swap(a, hi, lo);
            }
            if (a[hi] < a[mid]) {
                swap(a, hi, mid);
            }
            long pivot = a[mid];
            int i = lo;
            int j = hi;
            while (i <= j) {
                while (a[i] < pivot) {
                    i++;
                }
                while (a[j] > pivot) {
                    j--;
                }
                if (i <= j) {
                    swap(a, i++, j--);
                }
            }
            if (nth <= j) {
                hi = j;
            } else if (nth >= i) {
                lo = i;
            } else {
                return;
            }
        }
    }

    private static void swap(long[] a, int i, int j) {
        long t = a[i];
        a[i] = a[j];
        a[j] = t;
    }

    /**
     * Better entries get smaller keys: the float's bits made to sort like the float (negative
     * values have their magnitude bits flipped), inverted for "higher first", in the high half; the
     * row (never negative) in the low half for "lower row first" among equal cosines. The clamped
     * cosines are never NaN, and -0.0 was normalised to 0.0.
     */
    static long key(int row, float value) {
        int bits = Float.floatToRawIntBits(value);
        int ordered = bits ^ ((bits >> 31) & 0x7fffffff);
        return ((long) ~ordered << 32) | row;
    }

    static float value(long key) {
        int ordered = ~(int) (key >> 32);
        return Float.intBitsToFloat(ordered ^ ((ordered >> 31) & 0x7fffffff));
    }
}
