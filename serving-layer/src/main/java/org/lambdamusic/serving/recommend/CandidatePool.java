package org.lambdamusic.serving.recommend;

/**
 * The candidates for one seed track, best cosine first (ties: lower row first), as a slice of two
 * parallel arrays: {@code rows[offset + i]}, {@code sims[offset + i]} for i in [0, length). The
 * seed itself is never among them.
 */
record CandidatePool(int[] rows, float[] sims, int offset, int length) {

    int row(int i) {
        return rows[offset + i];
    }

    float sim(int i) {
        return sims[offset + i];
    }
}
