package org.lambdamusic.contracts.ranking;

/**
 * The best {@code capacity} of a stream of (score, row, ref) entries, without sorting the stream: a
 * bounded min-heap over primitive arrays, so selecting the top n of m candidates is O(m log n) and
 * allocates only the three n-sized arrays. Higher score is better; equal scores favour the lower
 * row, so results are deterministic. {@code ref} is a payload (e.g. the candidate's position).
 */
public final class TopScores {
    private final double[] scores;
    private final int[] rows;
    private final int[] refs;
    private int size;

    public TopScores(int capacity) {
        scores = new double[capacity];
        rows = new int[capacity];
        refs = new int[capacity];
    }

    public int size() {
        return size;
    }

    /** The worst entry kept so far; meaningful when {@link #size()} > 0. */
    public double worstScore() {
        return scores[0];
    }

    public void offer(double score, int row, int ref) {
        if (size < scores.length) {
            int i = size++;
            scores[i] = score;
            rows[i] = row;
            refs[i] = ref;
            siftUp(i);
        } else if (scores.length > 0 && better(score, row, scores[0], rows[0])) {
            scores[0] = score;
            rows[0] = row;
            refs[0] = ref;
            siftDown(0);
        }
    }

    /** Empties the heap into the arrays, best first; returns how many entries were written. */
    public int drainBestFirst(double[] outScores, int[] outRows, int[] outRefs) {
        int count = size;
        for (int i = count - 1; i >= 0; i--) {
            outScores[i] = scores[0];
            outRows[i] = rows[0];
            outRefs[i] = refs[0];
            size--;
            if (size > 0) {
                move(size, 0);
                siftDown(0);
            }
        }
        return count;
    }

    private static boolean better(double scoreA, int rowA, double scoreB, int rowB) {
        return scoreA > scoreB || (scoreA == scoreB && rowA < rowB);
    }

    private void siftUp(int i) {
        while (i > 0) {
            int parent = (i - 1) >>> 1;
            if (!better(scores[parent], rows[parent], scores[i], rows[i])) {
                break;
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
            if (right < size && better(scores[left], rows[left], scores[right], rows[right])) {
                worst = right;
            }
            if (!better(scores[i], rows[i], scores[worst], rows[worst])) {
                return;
            }
            swap(i, worst);
            i = worst;
        }
    }

    private void move(int from, int to) {
        scores[to] = scores[from];
        rows[to] = rows[from];
        refs[to] = refs[from];
    }

    private void swap(int a, int b) {
        double s = scores[a];
        scores[a] = scores[b];
        scores[b] = s;
        int r = rows[a];
        rows[a] = rows[b];
        rows[b] = r;
        int f = refs[a];
        refs[a] = refs[b];
        refs[b] = f;
    }
}
