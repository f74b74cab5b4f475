package org.lambdamusic.serving.model;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.TreeMap;
import java.util.TreeSet;
import org.lambdamusic.contracts.cf.Factors;
import org.lambdamusic.contracts.cf.FactorsInfo;
import org.lambdamusic.contracts.cf.FoldIn;
import org.lambdamusic.contracts.cf.ImplicitRatings;
import org.lambdamusic.contracts.cf.ItemFactors;
import org.lambdamusic.contracts.cf.ListenerFactors;
import org.lambdamusic.contracts.config.AlsSettings;
import org.lambdamusic.contracts.config.FeedbackSettings;
import org.lambdamusic.contracts.listener.ListenerView;

/**
 * Implicit ALS for tests, small and plain: the batch listeners' ratings by the one rating rule
 * ({@link ImplicitRatings}), then alternating least-squares steps, each side solved with contracts'
 * {@link FoldIn} (the item step is the same equation with the roles swapped), the user step last as
 * in Spark MLlib's ALS. So the published listener factors are what folding a listener's view into
 * the published track factors gives: the property the serving layer's fold-in relies on.
 */
public final class TestAls {
    private TestAls() {}

    /**
     * @param rowOf catalogue row of each track id the views name
     */
    public static Factors train(
            List<ListenerView> views, Map<String, Integer> rowOf, AlsSettings settings) {
        List<ListenerView> listeners =
                views.stream().sorted(Comparator.comparing(ListenerView::userId)).toList();
        int m = listeners.size();
        int[][] userRows = new int[m][];
        float[][] userRatings = new float[m][];
        TreeSet<Integer> rated = new TreeSet<>();
        long ratings = 0;
        for (int u = 0; u < m; u++) {
            Map<String, Integer> r =
                    ImplicitRatings.of(listeners.get(u), FeedbackSettings.DEFAULTS);
            userRows[u] = new int[r.size()];
            userRatings[u] = new float[r.size()];
            int i = 0;
            for (Map.Entry<String, Integer> e : r.entrySet()) {
                userRows[u][i] = rowOf.get(e.getKey());
                userRatings[u][i++] = e.getValue();
                rated.add(rowOf.get(e.getKey()));
            }
            ratings += r.size();
        }
        int[] itemRows = rated.stream().mapToInt(Integer::intValue).toArray();
        // Each track's raters: user index (the item step's "rows") and rating.
        Map<Integer, List<int[]>> raters = new TreeMap<>();
        for (int u = 0; u < m; u++) {
            for (int i = 0; i < userRows[u].length; i++) {
                raters.computeIfAbsent(userRows[u][i], k -> new ArrayList<>())
                        .add(new int[] {u, Float.floatToIntBits(userRatings[u][i])});
            }
        }
        int k = settings.rank();
        Random random = new Random(settings.seed());
        float[] items = new float[itemRows.length * k];
        for (int i = 0; i < items.length; i++) {
            items[i] = (float) Math.abs(random.nextGaussian()) / k;
        }
        int[] userIndex = new int[m];
        for (int u = 0; u < m; u++) {
            userIndex[u] = u;
        }
        float[] users = new float[m * k];
        for (int iteration = 0; iteration < settings.iterations(); iteration++) {
            users = userStep(new ItemFactors(k, itemRows, items), settings, userRows, userRatings);
            FoldIn byUsers = new FoldIn(new ItemFactors(k, userIndex, users), settings);
            for (int t = 0; t < itemRows.length; t++) {
                List<int[]> of = raters.get(itemRows[t]);
                int[] rows = new int[of.size()];
                float[] values = new float[of.size()];
                for (int i = 0; i < rows.length; i++) {
                    rows[i] = of.get(i)[0];
                    values[i] = Float.intBitsToFloat(of.get(i)[1]);
                }
                float[] x = byUsers.solve(rows, values, rows.length);
                System.arraycopy(x == null ? new float[k] : x, 0, items, t * k, k);
            }
        }
        users = userStep(new ItemFactors(k, itemRows, items), settings, userRows, userRatings);
        String[] ids = listeners.stream().map(ListenerView::userId).toArray(String[]::new);
        FactorsInfo info =
                new FactorsInfo(
                        FactorsInfo.ALGORITHM,
                        k,
                        settings.regParam(),
                        settings.alpha(),
                        settings.iterations(),
                        settings.seed(),
                        ratings,
                        m,
                        itemRows.length,
                        0);
        return new Factors(
                info, new ItemFactors(k, itemRows, items), new ListenerFactors(k, ids, users));
    }

    private static float[] userStep(
            ItemFactors items, AlsSettings settings, int[][] userRows, float[][] userRatings) {
        int k = items.rank();
        FoldIn foldIn = new FoldIn(items, settings);
        float[] users = new float[userRows.length * k];
        for (int u = 0; u < userRows.length; u++) {
            float[] x = foldIn.solve(userRows[u], userRatings[u], userRows[u].length);
            System.arraycopy(x == null ? new float[k] : x, 0, users, u * k, k);
        }
        return users;
    }
}
