package org.lambdamusic.serving.recommend;

import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import java.io.ByteArrayInputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Random;
import java.util.function.IntSupplier;
import org.lambdamusic.contracts.cf.FactorsInfo;
import org.lambdamusic.contracts.cf.ImplicitRatings;
import org.lambdamusic.contracts.cf.ItemFactors;
import org.lambdamusic.contracts.cf.ListenerFactors;
import org.lambdamusic.contracts.config.FeedbackSettings;
import org.lambdamusic.contracts.config.ScoringSettings;
import org.lambdamusic.contracts.listener.ListenerFold;
import org.lambdamusic.contracts.listener.ListenerView;
import org.lambdamusic.contracts.model.ArtifactSource;
import org.lambdamusic.contracts.model.ModelContent;
import org.lambdamusic.contracts.model.ModelReader;
import org.lambdamusic.contracts.model.Sha256;
import org.lambdamusic.contracts.ranking.ForYouRanking;
import org.lambdamusic.contracts.ranking.RankingModel;
import org.lambdamusic.contracts.ranking.SimilarRanking;
import org.lambdamusic.contracts.ranking.Taste;
import org.lambdamusic.contracts.view.RecentInteraction;
import org.lambdamusic.contracts.view.UserProfileView;
import org.lambdamusic.serving.model.CurrentModel;
import org.lambdamusic.serving.model.SimilarityModel;
import org.lambdamusic.serving.profile.EventRate;
import org.lambdamusic.serving.profile.ListenerProfiles;
import org.lambdamusic.serving.profile.Listeners;
import org.lambdamusic.serving.trending.TrendingBoard;

/**
 * The serving layer's collaborative-filtering costs in process, on a version with factors (real or
 * the SYNTHETIC fixture of {@code SyntheticFactors}), with the request path's own classes: the load
 * (contract reader, catalogue indexes, ranking model), the fold-in per event of a listener's
 * growing view, "for you" over the whole recommendable catalogue with and without the listener
 * cache, and the Kappa and "also play" profiles.
 *
 * <pre>
 * ./pipeline bench cf        (CF_BENCH_MODEL=DIR; local-stack Benchmarks)
 * </pre>
 */
public final class CfBenchmark {
    private static final FeedbackSettings FEEDBACK = FeedbackSettings.DEFAULTS;
    private static final ArtistBoost BOOST = new ArtistBoost(FEEDBACK.artistBoost());
    private static final int LOADS = 5;
    private static final int LISTENERS = 500;
    private static final int EVENTS = 50;
    private static final int TOP_N = 10;
    private static long sink;

    private CfBenchmark() {}

    public static void main(String[] args) throws Exception {
        if (args.length == 0 || args[0].isBlank()) {
            throw new IllegalArgumentException("usage: CfBenchmark DIR");
        }
        Path dir = org.lambdamusic.serving.model.SyntheticFactors.versionDir(Path.of(args[0]));
        String version = dir.getFileName().toString();
        System.out.printf(Locale.ROOT, "model %s (%s), %d cores%n", version, dir, cores());

        // Load: read + verify every file, then the catalogue indexes and the ranking model.
        long[] readMs = new long[LOADS];
        long[] buildMs = new long[LOADS];
        long[] rankingMs = new long[LOADS];
        SimilarityModel model = null;
        for (int i = 0; i < LOADS; i++) {
            model = null;
            long started = System.nanoTime();
            ModelContent content = ModelReader.read(version, ArtifactSource.directory(dir));
            long read = System.nanoTime();
            model = SimilarityModel.of(content, started, FEEDBACK);
            long built = System.nanoTime();
            readMs[i] = (read - started) / 1_000_000;
            buildMs[i] = (built - read) / 1_000_000;
            // The ranking model alone, built again (content vectors, popularity, fold-in's YᵀY).
            long r = System.nanoTime();
            sink +=
                    new RankingModel(
                                    content.tracks(),
                                    content.scaler(),
                                    content.views().tracks(),
                                    content.factors(),
                                    model.artists(),
                                    org.lambdamusic.contracts.config.AlsSettings.DEFAULTS,
                                    FEEDBACK)
                            .size();
            rankingMs[i] = (System.nanoTime() - r) / 1_000_000;
        }
        if (!model.hasFactors()) {
            throw new IllegalArgumentException(version + " has no factors");
        }
        // The factor files alone, as the reader takes them: sha256 of the bytes, then decoded.
        long[] factorMs = new long[LOADS];
        byte[] itemBytes = Files.readAllBytes(dir.resolve(FactorsInfo.ITEM_FILE));
        byte[] listenerBytes = Files.readAllBytes(dir.resolve(FactorsInfo.LISTENER_FILE));
        int rank = model.factorsInfo().rank();
        for (int i = 0; i < LOADS; i++) {
            long t = System.nanoTime();
            sink += Sha256.hex(itemBytes).length() + Sha256.hex(listenerBytes).length();
            sink += ItemFactors.decode(itemBytes, rank, model.catalog().size()).size();
            sink += ListenerFactors.decode(new ByteArrayInputStream(listenerBytes), rank).size();
            factorMs[i] = (System.nanoTime() - t) / 1_000_000;
        }
        ItemFactors items = model.ranking().items();
        System.out.printf(
                Locale.ROOT,
                "  %,d recommendable tracks, %,d with factors (rank %d, %s), %,d batch listeners"
                        + " with factors%n",
                model.size(),
                items.size(),
                items.rank(),
                model.factorsInfo().algorithm(),
                model.factoredListeners());
        System.out.printf(
                Locale.ROOT,
                "  load: read+verify %s ms, then indexes + ranking model %s ms, total %s ms (of"
                        + " which the ranking model alone %s ms); %d loads, the first with JIT"
                        + " warm-up%n",
                Arrays.toString(readMs),
                Arrays.toString(buildMs),
                Arrays.toString(sum(readMs, buildMs)),
                Arrays.toString(rankingMs),
                LOADS);
        System.out.printf(
                Locale.ROOT,
                "  of the read: the factor files alone (%.1f MB item, %.1f MB listener; sha256 +"
                        + " decode) %s ms%n",
                itemBytes.length / 1e6,
                listenerBytes.length / 1e6,
                Arrays.toString(factorMs));

        Random random = new Random(42);
        int[] factored = items.rows();

        // Fold-in per event: new listeners, one event at a time (likes and plays of tracks with
        // factors, a skip now and then), each event folding the listener's whole merged view.
        long[] solveNs = new long[LISTENERS * EVENTS];
        long[] tasteNs = new long[LISTENERS * EVENTS];
        for (int round = 0; round < 2; round++) { // the first round warms the JIT up
            int at = 0;
            for (int u = 0; u < LISTENERS; u++) {
                ListenerFold fold = new ListenerFold("bench-" + u, 0, FEEDBACK.historySize());
                for (int e = 0; e < EVENTS; e++) {
                    fold.apply(event(model, factored, random, u, e));
                    ListenerView view = fold.view();
                    long t0 = System.nanoTime();
                    Map<String, Integer> ratings = ImplicitRatings.of(view, FEEDBACK);
                    float[] x = model.ranking().foldIn(ratings, model.catalog());
                    long t1 = System.nanoTime();
                    Taste taste = model.ranking().taste(view, model.catalog(), null);
                    long t2 = System.nanoTime();
                    sink += (x == null ? 0 : 1) + (taste.factors() == null ? 0 : 1);
                    solveNs[at] = t1 - t0;
                    tasteNs[at++] = t2 - t1;
                }
            }
        }
        System.out.printf(
                Locale.ROOT,
                "  fold-in per event (%d new listeners x %d events, views of 1-%d events): ratings"
                        + " + solve %s; whole taste (ratings, solve, liked-tracks centroid) %s%n",
                LISTENERS,
                EVENTS,
                EVENTS,
                percentiles(solveNs),
                percentiles(tasteNs));

        // "For you" over the whole recommendable catalogue, uncached: listeners with 10 events.
        Taste[] tastes = new Taste[LISTENERS];
        int[][] liked = new int[LISTENERS][];
        int[][] heard = new int[LISTENERS][];
        for (int u = 0; u < LISTENERS; u++) {
            ListenerFold fold = new ListenerFold("bench-" + u, 0, FEEDBACK.historySize());
            for (int e = 0; e < 10; e++) {
                fold.apply(event(model, factored, random, u, e));
            }
            ListenerView view = fold.view();
            tastes[u] = model.ranking().taste(view, model.catalog(), null);
            liked[u] =
                    model.artists()
                            .artistIdsOfRows(
                                    view.likedTracks().stream()
                                            .map(model.catalog()::rowOf)
                                            .toList());
            heard[u] = Exclude.HEARD.rows(view, model.catalog());
        }
        SimilarityModel m = model;
        int[] next = {0};
        latencies(
                "for you, ForYouRanking alone (blend, uncached)",
                () -> {
                    int u = next[0]++ % LISTENERS;
                    return ForYouRanking.rank(
                                    m.ranking(),
                                    tastes[u],
                                    ScoringSettings.DEFAULTS,
                                    BOOST.factor(),
                                    liked[u],
                                    heard[u],
                                    TOP_N)
                            .count();
                });

        // Through the Recommender (the controller's only call): merge, taste, ranking, items.
        CurrentModel current = new CurrentModel(event -> {});
        current.swap(model);
        ListenerProfiles speed = new ListenerProfiles(new EventRate());
        Listeners listeners = new Listeners(speed, FEEDBACK);
        for (int u = 0; u < LISTENERS; u++) {
            List<RecentInteraction> events = new ArrayList<>();
            for (int e = 0; e < 10; e++) {
                events.add(event(model, factored, random, u, e));
            }
            speed.update("bench-" + u, new UserProfileView("bench-" + u, 0, events, -1, 0), false);
        }
        for (long cacheSize : new long[] {0, 10_000}) {
            Recommender recommender =
                    new Recommender(
                            current,
                            new CandidatePools(
                                    new RecommendProperties(20_000, cacheSize),
                                    BOOST,
                                    new SimpleMeterRegistry()),
                            listeners,
                            new ForYou(
                                    new ListenerTaste(
                                            new RecommendProperties(20_000, cacheSize),
                                            new SimpleMeterRegistry()),
                                    ScoringSettings.DEFAULTS,
                                    BOOST),
                            new TrendingBoard(),
                            BOOST);
            latencies(
                    cacheSize == 0
                            ? "for you, Recommender, listener cache off (merge + fold-in + rank"
                                    + " every call)"
                            : "for you, Recommender, listener cache on (500 listeners, answers"
                                    + " kept)",
                    () ->
                            recommender
                                    .recommend(
                                            null,
                                            "bench-" + (next[0]++ % LISTENERS),
                                            TOP_N,
                                            Exclude.SKIPPED)
                                    .recommendations()
                                    .size());
        }
        int[] seeds = Arrays.copyOf(factored, Math.min(200, factored.length));
        latencies(
                "kappa profile (seed, whole catalogue)",
                () ->
                        SimilarRanking.kappa(
                                        m.ranking(),
                                        seeds[next[0]++ % seeds.length],
                                        BOOST.factor(),
                                        new int[0],
                                        new int[0],
                                        TOP_N)
                                .count());
        latencies(
                "also_play profile (seed, whole catalogue)",
                () ->
                        SimilarRanking.alsoPlay(
                                        m.ranking(),
                                        seeds[next[0]++ % seeds.length],
                                        BOOST.factor(),
                                        new int[0],
                                        new int[0],
                                        TOP_N)
                                .count());
        System.out.println("(checksum " + sink + ")");
    }

    /**
     * A listener's e-th event: mostly likes and plays of tracks with factors near the listener's
     * own region of rows (so a taste forms), a skip every seventh.
     */
    private static RecentInteraction event(
            SimilarityModel model, int[] factored, Random random, int u, int e) {
        int base = (int) ((long) u * 7919 % factored.length);
        int row =
                factored[(base + random.nextInt(Math.min(400, factored.length))) % factored.length];
        String type = e % 7 == 6 ? "skip" : e % 2 == 0 ? "like" : "play";
        return new RecentInteraction(
                "bench-" + u + "-" + e, model.catalog().track(row).trackId(), type, 1000L + e, e);
    }

    /** Calls {@code request} 3,000 times after 1,000 warm-up calls; prints calls/s, p50/95/99. */
    private static void latencies(String label, IntSupplier request) {
        for (int i = 0; i < 1000; i++) {
            sink += request.getAsInt();
        }
        long[] nanos = new long[3000];
        long started = System.nanoTime();
        for (int i = 0; i < nanos.length; i++) {
            long t = System.nanoTime();
            sink += request.getAsInt();
            nanos[i] = System.nanoTime() - t;
        }
        double seconds = (System.nanoTime() - started) / 1e9;
        System.out.printf(
                Locale.ROOT,
                "  %s: %.0f calls/s on one thread, %s%n",
                label,
                nanos.length / seconds,
                percentiles(nanos));
    }

    private static String percentiles(long[] nanos) {
        long[] sorted = nanos.clone();
        Arrays.sort(sorted);
        return String.format(
                Locale.ROOT,
                "p50 %.3f ms, p95 %.3f ms, p99 %.3f ms, max %.3f ms",
                sorted[sorted.length / 2] / 1e6,
                sorted[(int) (sorted.length * 0.95)] / 1e6,
                sorted[(int) (sorted.length * 0.99)] / 1e6,
                sorted[sorted.length - 1] / 1e6);
    }

    private static long[] sum(long[] a, long[] b) {
        long[] s = new long[a.length];
        for (int i = 0; i < a.length; i++) {
            s[i] = a[i] + b[i];
        }
        return s;
    }

    private static int cores() {
        return Runtime.getRuntime().availableProcessors();
    }
}
