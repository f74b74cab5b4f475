package org.lambdamusic.serving.recommend;

import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.Random;
import org.lambdamusic.contracts.config.FeedbackSettings;
import org.lambdamusic.contracts.config.ScoringSettings;
import org.lambdamusic.contracts.model.ArtifactLayout;
import org.lambdamusic.contracts.model.ArtifactSource;
import org.lambdamusic.contracts.model.ModelContent;
import org.lambdamusic.contracts.model.ModelReader;
import org.lambdamusic.contracts.view.RecentInteraction;
import org.lambdamusic.contracts.view.UserProfileView;
import org.lambdamusic.serving.catalog.Catalog;
import org.lambdamusic.serving.model.CurrentModel;
import org.lambdamusic.serving.model.SimilarityModel;
import org.lambdamusic.serving.profile.EventRate;
import org.lambdamusic.serving.profile.ListenerProfiles;
import org.lambdamusic.serving.profile.Listeners;
import org.lambdamusic.serving.trending.TrendingBoard;

/**
 * The serving layer's in-process costs on a real model version, without HTTP: loading a version
 * (the contract's reader plus the catalogue indexes, i.e. ModelLoader minus the S3 transfer),
 * building a dense seed's candidate pool, selecting the top 10 from a pool without and with a
 * listener's liked artists, and a catalogue search. Same classes and calls as the request path.
 *
 * <pre>
 * mvn -o -pl serving-layer test-compile exec:java@bench -Dbench.model=DIR[,DIR...]
 * </pre>
 *
 * DIR is a version directory (manifest.json and files, e.g. a {@code file://} batch output) or a
 * models root holding LATEST (default: the pipeline's store, var/s3/recommender/models).
 */
public final class RecommendBenchmark {
    private static final ArtistBoost BOOST =
            new ArtistBoost(FeedbackSettings.DEFAULTS.artistBoost());
    private static final int[] NO_ROWS = new int[0];

    private static final int LOADS = 5;
    private static final int SEEDS = 200;
    private static final int TOP_N = 10;
    private static long sink;

    private RecommendBenchmark() {}

    public static void main(String[] args) throws Exception {
        if (args.length == 0 || args[0].isBlank()) {
            throw new IllegalArgumentException("usage: RecommendBenchmark DIR[,DIR...]");
        }
        for (String dir : args[0].split(",")) {
            run(versionDir(Path.of(dir.trim())));
        }
        System.out.println("(checksum " + sink + ")");
    }

    private static Path versionDir(Path dir) throws Exception {
        if (Files.isRegularFile(dir.resolve(ArtifactLayout.MANIFEST))) {
            return dir;
        }
        Path latest = dir.resolve(ArtifactLayout.LATEST);
        if (!Files.isRegularFile(latest)) {
            throw new IllegalArgumentException(dir + " holds neither manifest.json nor LATEST");
        }
        return dir.resolve(Files.readString(latest, StandardCharsets.UTF_8).trim());
    }

    private static void run(Path dir) throws Exception {
        String version = dir.getFileName().toString();
        System.out.printf(Locale.ROOT, "model %s (%s)%n", version, dir);

        // Load: every file read and verified by the contract's reader, then the catalogue built.
        long[] readMs = new long[LOADS];
        long[] indexMs = new long[LOADS];
        long heapBefore = usedHeapAfterGc();
        SimilarityModel model = null;
        for (int i = 0; i < LOADS; i++) {
            model = null;
            long started = System.nanoTime();
            ModelContent content = ModelReader.read(version, ArtifactSource.directory(dir));
            long read = System.nanoTime();
            model = SimilarityModel.of(content, started, FeedbackSettings.DEFAULTS);
            readMs[i] = (read - started) / 1_000_000;
            indexMs[i] = (System.nanoTime() - read) / 1_000_000;
        }
        System.out.printf(
                Locale.ROOT,
                "  mode %s, %,d tracks with similarities, %,d in the catalogue, %,d artists%n",
                model.manifest().mode(),
                model.size(),
                model.catalog().size(),
                model.artists().artistCount());
        System.out.printf(
                Locale.ROOT,
                "  load from files: read+verify %s ms, catalogue indexes %s ms (%d loads, first"
                        + " includes JIT warm-up)%n",
                Arrays.toString(readMs),
                Arrays.toString(indexMs),
                LOADS);
        System.out.printf(
                Locale.ROOT,
                "  heap held by the loaded model: %.0f MB (used heap after GC, with minus without)%n",
                (usedHeapAfterGc() - heapBefore) / 1e6);
        System.out.printf(
                Locale.ROOT,
                "  of which the search's n-gram index: %.1f MB (%,d postings)%n",
                model.catalog().searchIndexBytes() / 1e6,
                model.catalog().searchIndexPostings());

        Random random = new Random(42);
        int[] seeds = popularSeeds(model, random);
        CandidatePools pools =
                new CandidatePools(new RecommendProperties(0, 0), BOOST, new SimpleMeterRegistry());

        // Candidate pools: dense models build one per seed (then cached); top-K ones slice K.
        int[] sizes = new int[seeds.length];
        for (int warm = 0; warm < 5; warm++) {
            for (int s = 0; s < seeds.length; s++) {
                sizes[s] = pool(model, pools, seeds[s]).length();
            }
        }
        int rounds = model.isDense() ? 20 : 2000;
        long started = System.nanoTime();
        for (int r = 0; r < rounds; r++) {
            for (int seed : seeds) {
                sink += pool(model, pools, seed).length();
            }
        }
        double poolUs = (System.nanoTime() - started) / 1e3 / rounds / seeds.length;
        System.out.printf(
                Locale.ROOT,
                "  candidate pool: %.1f us per seed (uncached), %.0f candidates on average, max"
                        + " %d%n",
                poolUs,
                Arrays.stream(sizes).average().orElse(0),
                Arrays.stream(sizes).max().orElse(0));

        // Top-n from a ready pool, as a request with a cached pool does it.
        CandidatePool[] ready = new CandidatePool[seeds.length];
        for (int s = 0; s < seeds.length; s++) {
            ready[s] = pool(model, pools, seeds[s]);
        }
        int[] liked = likedArtists(model, seeds, random);
        for (int[] artists : List.of(new int[0], liked)) {
            for (int warm = 0; warm < 200; warm++) {
                select(model, ready, artists);
            }
            int selectRounds = 2000;
            started = System.nanoTime();
            for (int r = 0; r < selectRounds; r++) {
                select(model, ready, artists);
            }
            double us = (System.nanoTime() - started) / 1e3 / selectRounds / seeds.length;
            System.out.printf(
                    Locale.ROOT,
                    "  top %d from the pool, %s: %.2f us%n",
                    TOP_N,
                    artists.length == 0 ? "no user" : "user with " + artists.length + " artists",
                    us);
        }

        // Whole requests through the Recommender (the controller's only call): a listener with
        // three likes in their speed view, merged onto the model's batch view once and cached;
        // "similar" from a cached pool, and "for you" (centroid of the likes against every row).
        CurrentModel current = new CurrentModel(event -> {});
        current.swap(model);
        ListenerProfiles speed = new ListenerProfiles(new EventRate());
        Listeners listeners = new Listeners(speed, FeedbackSettings.DEFAULTS);
        // The service's own pool cache (the pools above are uncached on purpose).
        CandidatePools cached =
                new CandidatePools(
                        new RecommendProperties(20_000, 10_000), BOOST, new SimpleMeterRegistry());
        Recommender recommender =
                new Recommender(
                        current,
                        cached,
                        listeners,
                        // No listener cache: "for you" below times the whole path (merge, taste,
                        // scan of every row), not a kept answer (CfBenchmark times both).
                        new ForYou(
                                new ListenerTaste(
                                        new RecommendProperties(20_000, 0),
                                        new SimpleMeterRegistry()),
                                ScoringSettings.DEFAULTS,
                                BOOST),
                        new TrendingBoard(),
                        BOOST);
        List<RecentInteraction> likes = new ArrayList<>();
        for (int i = 0; i < 3; i++) {
            String track = model.catalog().track(seeds[i * 7]).trackId();
            // After the model's watermark, so the merge counts them (earlier offsets are the
            // batch view's).
            long offset = model.watermark().of(0) + 1 + i;
            likes.add(new RecentInteraction("bench-" + i, track, "like", 1000L + i, offset));
        }
        speed.update("bench-user", new UserProfileView("bench-user", 0, likes, -1, 1003), false);
        if (listeners.find("bench-user", model).orElseThrow().view().likedTracks().size() != 3) {
            throw new IllegalStateException("the bench user's likes did not merge");
        }
        String[] seedIds = new String[seeds.length];
        for (int s = 0; s < seeds.length; s++) {
            seedIds[s] = model.catalog().track(seeds[s]).trackId();
        }
        latencies(
                "recommend, seed + user (cached pool)",
                i ->
                        recommender.recommend(
                                seedIds[i % seedIds.length], "bench-user", TOP_N, Exclude.SKIPPED));
        latencies(
                "recommend, for you (user, no seed)",
                i -> recommender.recommend(null, "bench-user", TOP_N, Exclude.SKIPPED));

        // Catalogue search, as GET /api/tracks?q=...&limit=20 does it.
        Catalog catalog = model.catalog();
        String[] queries = {"love", "the", "coldplay", "a", "zz", "night"};
        for (int warm = 0; warm < 200; warm++) {
            for (String q : queries) {
                sink += catalog.search(q, 20, 0).total();
            }
        }
        int searchRounds = 200;
        started = System.nanoTime();
        for (int r = 0; r < searchRounds; r++) {
            for (String q : queries) {
                sink += catalog.search(q, 20, 0).total();
            }
        }
        System.out.printf(
                Locale.ROOT,
                "  search (limit 20, queries %s): %.1f us per query; \"coldplay\" matches %d%n",
                String.join("/", queries),
                (System.nanoTime() - started) / 1e3 / searchRounds / queries.length,
                catalog.search("coldplay", 1, 0).total());
        // Each query alone: up to three characters the n-gram index's list is the answer; longer
        // queries check the rows of their rarest trigram (Catalog.search).
        StringBuilder each = new StringBuilder();
        for (String q : queries) {
            started = System.nanoTime();
            for (int r = 0; r < searchRounds; r++) {
                sink += catalog.search(q, 20, 0).total();
            }
            each.append(
                    String.format(
                            Locale.ROOT,
                            " %s %.1f (%d matches);",
                            q,
                            (System.nanoTime() - started) / 1e3 / searchRounds,
                            catalog.search(q, 1, 0).total()));
        }
        System.out.println("  search per query, us:" + each);
    }

    /**
     * Calls {@code request} 3,000 times after 1,000 warm-up calls; prints req/s and p50/p95/p99.
     */
    private static void latencies(
            String label, java.util.function.IntFunction<Recommendations> request) {
        for (int i = 0; i < 1000; i++) {
            sink += request.apply(i).recommendations().size();
        }
        long[] nanos = new long[3000];
        long started = System.nanoTime();
        for (int i = 0; i < nanos.length; i++) {
            long t = System.nanoTime();
            sink += request.apply(i).recommendations().size();
            nanos[i] = System.nanoTime() - t;
        }
        double seconds = (System.nanoTime() - started) / 1e9;
        Arrays.sort(nanos);
        System.out.printf(
                Locale.ROOT,
                "  %s: %.0f calls/s on one thread, p50 %.1f us, p95 %.1f us, p99 %.1f us%n",
                label,
                nanos.length / seconds,
                nanos[nanos.length / 2] / 1e3,
                nanos[(int) (nanos.length * 0.95)] / 1e3,
                nanos[(int) (nanos.length * 0.99)] / 1e3);
    }

    private static long usedHeapAfterGc() throws InterruptedException {
        Runtime runtime = Runtime.getRuntime();
        for (int i = 0; i < 3; i++) {
            System.gc();
            Thread.sleep(100);
        }
        return runtime.totalMemory() - runtime.freeMemory();
    }

    private static CandidatePool pool(SimilarityModel model, CandidatePools pools, int seed) {
        // Dense: the pool as built on a cache miss; top-K: the stored neighbours.
        return model.isDense()
                ? CandidatePools.densePool(model, seed, BOOST.factor())
                : pools.of(model, seed);
    }

    private static void select(SimilarityModel model, CandidatePool[] pools, int[] artists) {
        for (CandidatePool pool : pools) {
            sink += Recommender.select(model, pool, artists, TOP_N, BOOST, NO_ROWS).size();
        }
    }

    /** The bench seeds: the most popular tracks with similarities, as ./pipeline bench uses. */
    private static int[] popularSeeds(SimilarityModel model, Random random) {
        Integer[] rows = new Integer[model.size()];
        for (int i = 0; i < rows.length; i++) {
            rows[i] = i;
        }
        Arrays.sort(rows, (a, b) -> Integer.compare(popularity(model, b), popularity(model, a)));
        int[] seeds = new int[Math.min(SEEDS, rows.length)];
        for (int i = 0; i < seeds.length; i++) {
            seeds[i] = rows[i];
        }
        return seeds;
    }

    private static int popularity(SimilarityModel model, int row) {
        Integer p = model.catalog().track(row).popularity();
        return p == null ? -1 : p;
    }

    /** A listener who liked three of the popular tracks (as the HTTP benchmark's user does). */
    private static int[] likedArtists(SimilarityModel model, int[] seeds, Random random) {
        List<Integer> rows = new ArrayList<>();
        for (int i = 0; i < 3; i++) {
            rows.add(seeds[random.nextInt(seeds.length)]);
        }
        return model.artists().artistIdsOfRows(rows);
    }
}
