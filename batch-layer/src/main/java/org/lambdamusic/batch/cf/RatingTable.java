package org.lambdamusic.batch.cf;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import org.lambdamusic.contracts.cf.ImplicitRatings;
import org.lambdamusic.contracts.config.FeedbackSettings;
import org.lambdamusic.contracts.listener.ListenerView;
import org.lambdamusic.contracts.ranking.TrackRows;

/**
 * The ratings ALS trains on: {@link ImplicitRatings} of each listener view, on tracks the catalogue
 * has (unknown track ids dropped), as three parallel arrays sorted by (user, item). Users are
 * numbered by their id in String order ({@code userIds[user]}) and items are catalogue rows, so the
 * same views give the same table whatever order they came in. A listener with no positive rating on
 * a catalogue track is left out: Spark would solve their vector to zero (nothing preferred), and
 * the serving layer's fold-in gives them none either.
 */
public record RatingTable(String[] userIds, int[] users, int[] items, float[] ratings) {

    public RatingTable {
        if (users.length != items.length || users.length != ratings.length) {
            throw new IllegalArgumentException("rating columns of different lengths");
        }
    }

    public static RatingTable of(
            List<ListenerView> listeners, TrackRows catalogue, FeedbackSettings feedback) {
        List<ListenerView> sorted = new ArrayList<>(listeners);
        sorted.sort(Comparator.comparing(ListenerView::userId));
        List<String> ids = new ArrayList<>();
        Columns columns = new Columns();
        for (ListenerView view : sorted) {
            Map<String, Integer> rated = ImplicitRatings.of(view, feedback);
            long[] packed = new long[rated.size()];
            int count = 0;
            boolean positive = false;
            for (Map.Entry<String, Integer> r : rated.entrySet()) {
                int row = catalogue.rowOf(r.getKey());
                if (row >= 0) {
                    // row in the high half, rating in the low: one sort orders by row.
                    packed[count++] = ((long) row << 32) | (r.getValue() & 0xffffffffL);
                    positive |= r.getValue() > 0;
                }
            }
            if (!positive) {
                continue;
            }
            Arrays.sort(packed, 0, count);
            int user = ids.size();
            ids.add(view.userId());
            for (int i = 0; i < count; i++) {
                columns.add(user, (int) (packed[i] >>> 32), (int) packed[i]);
            }
        }
        return new RatingTable(
                ids.toArray(String[]::new),
                Arrays.copyOf(columns.users, columns.size),
                Arrays.copyOf(columns.items, columns.size),
                Arrays.copyOf(columns.ratings, columns.size));
    }

    public int size() {
        return users.length;
    }

    public boolean isEmpty() {
        return users.length == 0;
    }

    public int listenerCount() {
        return userIds.length;
    }

    /** Distinct items rated. */
    public int itemCount() {
        return (int) Arrays.stream(items).distinct().count();
    }

    /** Growable columns. */
    private static final class Columns {
        int[] users = new int[1024];
        int[] items = new int[1024];
        float[] ratings = new float[1024];
        int size;

        void add(int user, int item, int rating) {
            if (size == users.length) {
                users = Arrays.copyOf(users, size * 2);
                items = Arrays.copyOf(items, size * 2);
                ratings = Arrays.copyOf(ratings, size * 2);
            }
            users[size] = user;
            items[size] = item;
            ratings[size++] = rating;
        }
    }
}
