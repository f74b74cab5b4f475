package org.lambdamusic.batch.evaluation;

/**
 * How well one ranked list found one listener's held-out items, with binary relevance: a position
 * is relevant when its track finds a held-out item not found higher up (so a second track by the
 * same held-out artist gains nothing, and NDCG stays within [0, 1]).
 *
 * <ul>
 *   <li>hit@10: 1 when the first 10 find anything;
 *   <li>NDCG@10: Σ rel_i / log2(i + 2) over the first 10 positions (i from 0), over the same sum
 *       for an ideal list, min(10, held-out items) relevant positions first;
 *   <li>recall@50: held-out items found in the first 50, over the held-out items.
 * </ul>
 */
record ListScore(double hitAt10, double ndcgAt10, double recallAt50) {

    static ListScore of(int[] rows, HeldOut heldOut, CatalogueArtists artists) {
        int items = heldOut.items().length;
        boolean[] found = new boolean[items];
        int foundCount = 0;
        double dcg = 0;
        boolean hit = false;
        for (int i = 0; i < Math.min(50, rows.length); i++) {
            boolean relevant = false;
            for (int item : heldOut.foundBy(rows[i], artists)) {
                if (!found[item]) {
                    found[item] = true;
                    foundCount++;
                    relevant = true;
                }
            }
            if (relevant && i < 10) {
                hit = true;
                dcg += discount(i);
            }
        }
        double ideal = 0;
        for (int i = 0; i < Math.min(10, items); i++) {
            ideal += discount(i);
        }
        return new ListScore(
                hit ? 1 : 0,
                ideal == 0 ? 0 : dcg / ideal,
                items == 0 ? 0 : (double) foundCount / items);
    }

    private static double discount(int position) {
        return 1 / (Math.log(position + 2) / Math.log(2));
    }
}
