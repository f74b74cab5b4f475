package org.lambdamusic.batch.similarity;

/**
 * The K best (row, cosine) pairs seen so far, in a primitive min-heap whose root is the worst kept
 * entry. "Better" means higher cosine, then lower row. Offering is O(1) for the common case of a
 * candidate below {@link #threshold()}, and nothing is allocated per candidate.
 */
public final class BoundedTopK {
    private final int capacity;
    private final int[] rows;
    private final float[] values;
    private int size;

    public BoundedTopK(int capacity) {
        this.capacity = capacity;
        this.rows = new int[capacity];
        this.values = new float[capacity];
    }

    /** Candidates below this cannot enter; -infinity until the heap is full. */
    public float threshold() {
        return size < capacity ? Float.NEGATIVE_INFINITY : values[0];
    }

    public int size() {
        return size;
    }

    public void offer(int row, float value) {
        if (size < capacity) {
            rows[size] = row;
            values[size] = value;
            siftUp(size++);
        } else if (worse(rows[0], values[0], row, value)) {
            rows[0] = row;
            values[0] = value;
            siftDown(0);
        }
    }

    /**
     * Writes the entries best first into {@code rows} and {@code values} from {@code offset},
     * padding up to the capacity with (-1, NaN), and empties the heap.
     */
    public void drainBestFirst(int[] outRows, float[] outValues, int offset) {
        int n = size;
        // Heap-sort in place: moving the worst to the end each time leaves the best at the front.
        for (int end = n - 1; end > 0; end--) {
            swap(0, end);
            size = end;
            siftDown(0);
        }
        size = 0;
        System.arraycopy(rows, 0, outRows, offset, n);
        System.arraycopy(values, 0, outValues, offset, n);
        for (int i = n; i < capacity; i++) {
            outRows[offset + i] = -1;
            outValues[offset + i] = Float.NaN;
        }
    }

    /** True when (rowA, a) ranks below (rowB, b). */
    private static boolean worse(int rowA, float a, int rowB, float b) {
        return a < b || (a == b && rowA > rowB);
    }

    private void siftUp(int i) {
        while (i > 0) {
            int parent = (i - 1) >>> 1;
            if (!worse(rows[i], values[i], rows[parent], values[parent])) {
                return;
            }
            swap(i, parent);
            i = parent;
        }
    }

    private void siftDown(int i) {
        while (true) {
            int left = 2 * i + 1;
            if (left >= size) {
                return;
            }
            int worst = left;
            int right = left + 1;
            if (right < size && worse(rows[right], values[right], rows[left], values[left])) {
                worst = right;
            }
            if (!worse(rows[worst], values[worst], rows[i], values[i])) {
                return;
            }
            swap(i, worst);
            i = worst;
        }
    }

    private void swap(int a, int b) {
        int r = rows[a];
        rows[a] = rows[b];
        rows[b] = r;
        float v = values[a];
        values[a] = values[b];
        values[b] = v;
    }
}
