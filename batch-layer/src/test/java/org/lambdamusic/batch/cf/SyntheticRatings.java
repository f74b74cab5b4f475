package org.lambdamusic.batch.cf;

import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import java.util.TreeSet;

/**
 * A rating table with taste structure, for ALS tests: listeners in a few groups, each group
 * favouring its own block of tracks, a little noise outside it, and some skips (negative ratings).
 */
final class SyntheticRatings {
    private SyntheticRatings() {}

    static RatingTable of(int listeners, int tracks, int groups, long seed) {
        Random random = new Random(seed);
        String[] ids = new String[listeners];
        for (int u = 0; u < listeners; u++) {
            ids[u] = String.format("u%05d", u);
        }
        List<int[]> rows = new ArrayList<>();
        int block = tracks / groups;
        for (int u = 0; u < listeners; u++) {
            int group = u % groups;
            TreeSet<Integer> rated = new TreeSet<>();
            int count = 8 + random.nextInt(20);
            while (rated.size() < count) {
                int item =
                        random.nextInt(10) < 8
                                ? group * block + random.nextInt(block)
                                : random.nextInt(tracks);
                rated.add(item);
            }
            for (int item : rated) {
                int roll = random.nextInt(10);
                int rating = roll == 0 ? -1 : roll < 3 ? 4 : 1; // skip, like + play, play
                rows.add(new int[] {u, item, rating});
            }
        }
        int n = rows.size();
        int[] users = new int[n];
        int[] items = new int[n];
        float[] ratings = new float[n];
        for (int i = 0; i < n; i++) {
            users[i] = rows.get(i)[0];
            items[i] = rows.get(i)[1];
            ratings[i] = rows.get(i)[2];
        }
        return new RatingTable(ids, users, items, ratings);
    }
}
