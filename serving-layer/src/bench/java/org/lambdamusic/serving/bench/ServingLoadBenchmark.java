package org.lambdamusic.serving.bench;

import com.fasterxml.jackson.databind.JsonNode;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * {@code ./pipeline bench serving}: a serving instance (SERVING_BENCH_URL, started by ./pipeline on
 * a free port against the running store, Kafka and speed job) driven by wrk (closed loop: maximum
 * throughput) and hey (open loop at a fixed rate), the load generator on the same machine. wrk runs
 * the repository's script {@code serving-layer/src/bench/wrk/bench.lua}; its figures, hey's report
 * and the server's own histogram (two Prometheus scrapes) are read here.
 *
 * <p>Knobs: BENCH_DURATION (20s), BENCH_CONNECTIONS (16), BENCH_THREADS (1), BENCH_RATE (2000
 * req/s), BENCH_SEEDS (200), BENCH_WARMUP (30s per endpoint).
 */
public final class ServingLoadBenchmark {

    private final Map<String, String> env = System.getenv();
    private final BenchHttp http = new BenchHttp(env.get("SERVING_BENCH_URL"), null);
    private final Path dir = Path.of(env.get("BENCH_DIR"));
    private final Path script = Path.of(env.get("BENCH_WRK_SCRIPTS"), "bench.lua");
    private final String duration = env.getOrDefault("BENCH_DURATION", "20s");
    private final String connections = env.getOrDefault("BENCH_CONNECTIONS", "16");
    private final String threads = env.getOrDefault("BENCH_THREADS", "1");
    private final int rate = Integer.parseInt(env.getOrDefault("BENCH_RATE", "2000"));

    private ServingLoadBenchmark() {}

    public static void main(String[] args) throws Exception {
        new ServingLoadBenchmark().run();
    }

    /** One wrk run's figures (ms). */
    record WrkResult(String label, long rps, String p50, String p95, String p99, long errors) {
        static WrkResult parse(String label, String output) {
            for (String line : output.lines().toList()) {
                if (line.startsWith("RESULT ")) {
                    Map<String, String> fields = new LinkedHashMap<>();
                    for (String pair : line.substring(7).trim().split(" ")) {
                        String[] kv = pair.split("=", 2);
                        fields.put(kv[0], kv[1]);
                    }
                    return new WrkResult(
                            label,
                            Long.parseLong(fields.get("rps")),
                            fields.get("p50"),
                            fields.get("p95"),
                            fields.get("p99"),
                            Long.parseLong(fields.get("errors")));
                }
            }
            throw new IllegalStateException("wrk failed for " + label + ":\n" + output);
        }
    }

    private void run() throws Exception {
        if (http.get("/actuator/health/readiness").statusCode() != 200) {
            throw new IllegalStateException(http.base() + " is not ready");
        }
        JsonNode stats = http.json("/api/stats");
        String model = stats.path("model_version").asText();
        String tracks = stats.path("tracks_in_model").asText();
        String loadMs = env.getOrDefault("BENCH_MODEL_LOAD_MS", "n/a");
        BenchHttp.say(
                "benchmarking "
                        + http.base()
                        + ": model "
                        + model
                        + " ("
                        + tracks
                        + " tracks), model load "
                        + loadMs
                        + " ms");

        // Seeds: the most popular tracks that can seed recommendations; a bench user who liked
        // three tracks of different artists.
        List<String> seeds = new ArrayList<>();
        for (int offset : new int[] {0, 100}) {
            http.json("/api/tracks?q=&limit=100&offset=" + offset + "&recommendable=true")
                    .path("items")
                    .forEach(item -> seeds.add(item.path("track_id").asText()));
        }
        List<String> used =
                seeds.subList(
                        0,
                        Math.min(
                                seeds.size(),
                                Integer.parseInt(env.getOrDefault("BENCH_SEEDS", "200"))));
        Path seedsFile = dir.resolve("seeds.txt");
        Files.write(seedsFile, used);
        String user = "bench-user-" + ProcessHandle.current().pid();
        for (int line : new int[] {1, 50, 100}) {
            String track = used.get(Math.min(line, used.size()) - 1);
            int status =
                    http.post(
                                    "/api/interact",
                                    "{\"user_id\":\""
                                            + user
                                            + "\",\"track_id\":\""
                                            + track
                                            + "\",\"interaction_type\":\"like\"}")
                            .statusCode();
            if (status / 100 != 2) {
                throw new IllegalStateException(
                        "POST /api/interact failed (" + status + "): is Kafka up? (./pipeline up)");
            }
        }
        long deadline = System.nanoTime() + 30_000_000_000L;
        while (http.likedTracks(user) != 3) {
            if (System.nanoTime() > deadline) {
                throw new IllegalStateException(
                        "the bench user's likes did not reach /api/user within 30 s: is the speed layer running? (./pipeline up)");
            }
            Thread.sleep(100);
        }
        BenchHttp.say(
                "bench user "
                        + user
                        + " has "
                        + http.json("/api/user/" + user).path("liked_artists")
                        + " as liked artists");

        String loadBefore = BenchHttp.loadAverage();
        // Warm-up, not reported: every measured path gets BENCH_WARMUP, so the JIT has compiled
        // all of them (on a busy 2-core machine C2 needs minutes) and the candidate cache holds
        // every seed.
        String warmup = env.getOrDefault("BENCH_WARMUP", "30s");
        BenchHttp.say("warm-up: " + warmup + " per endpoint ...");
        wrk("ping", warmup, "ping", "", "/api/ping", seedsFile);
        wrk("recommend", warmup, "recommend", "", "", seedsFile);
        wrk("recommend", warmup, "recommend", user, "", seedsFile);
        wrk("search", warmup, "search", "", "", seedsFile);
        wrk("foryou", warmup, "foryou", user, "/api/recommend", seedsFile);

        List<WrkResult> results = new ArrayList<>();
        BenchHttp.say("wrk: GET /api/ping (baseline) ...");
        results.add(
                WrkResult.parse(
                        "GET /api/ping (trivial baseline, first)",
                        wrk("ping", duration, "ping", "", "/api/ping", seedsFile)));
        BenchHttp.say("wrk: POST /api/recommend without user_id ...");
        results.add(
                WrkResult.parse(
                        "POST /api/recommend, no user_id",
                        wrk("recommend_plain", duration, "recommend", "", "", seedsFile)));
        BenchHttp.say("wrk: POST /api/recommend with user_id ...");
        results.add(
                WrkResult.parse(
                        "POST /api/recommend, with user_id",
                        wrk("recommend_user", duration, "recommend", user, "", seedsFile)));
        BenchHttp.say("wrk: POST /api/recommend for you (user_id, no track_id) ...");
        results.add(
                WrkResult.parse(
                        "POST /api/recommend, for you (no track_id)",
                        wrk(
                                "recommend_for_you",
                                duration,
                                "foryou",
                                user,
                                "/api/recommend",
                                seedsFile)));
        BenchHttp.say("wrk: GET /api/tracks?q= ...");
        results.add(
                WrkResult.parse(
                        "GET /api/tracks?q=",
                        wrk("search", duration, "search", "", "", seedsFile)));
        // The baseline again, so a machine busy with something else shows up as two rows.
        BenchHttp.say("wrk: GET /api/ping (baseline, again) ...");
        results.add(
                WrkResult.parse(
                        "GET /api/ping (trivial baseline, last)",
                        wrk("ping_again", duration, "ping", "", "/api/ping", seedsFile)));

        // Open loop: hey -q is a per-worker rate, so rate = workers x per-worker rate.
        String seed = used.get(0);
        String before = http.get("/actuator/prometheus").body();
        BenchHttp.say(
                "hey: POST /api/recommend with user_id at a fixed "
                        + rate
                        + " req/s for "
                        + duration
                        + " ...");
        String hey =
                tool(
                        "fixed-rate.hey",
                        LoadTools.heyFixedRate(
                                duration,
                                rate,
                                "{\"track_id\":\""
                                        + seed
                                        + "\",\"user_id\":\""
                                        + user
                                        + "\",\"top_n\":10}",
                                http.base() + "/api/recommend"),
                        Map.of());
        String after = http.get("/actuator/prometheus").body();
        // The server's own view of the same requests (the http.server.requests histogram between
        // the two scrapes): time inside the servlet stack, without the kernel's and the load
        // generator's queueing.
        ServerHistogram histogram = ServerHistogram.between(before, after, "/api/recommend", "200");
        HeyReport fixed = HeyReport.parse(hey);

        double pingRps =
                results.stream()
                        .filter(r -> r.label().startsWith("GET /api/ping"))
                        .mapToLong(WrkResult::rps)
                        .average()
                        .orElse(Double.NaN);
        StringBuilder out = new StringBuilder();
        out.append("Serving layer benchmark, ")
                .append(Instant.now().truncatedTo(ChronoUnit.SECONDS))
                .append(", ")
                .append(Runtime.getRuntime().availableProcessors())
                .append(" cores, load generator on the same machine\n");
        out.append("model ")
                .append(model)
                .append(" (")
                .append(tracks)
                .append(" tracks), model load from S3: ")
                .append(loadMs)
                .append(" ms; wrk -t")
                .append(threads)
                .append(" -c")
                .append(connections)
                .append(" -d")
                .append(duration)
                .append("; load average before: ")
                .append(loadBefore)
                .append("\n\n");
        out.append(
                "| endpoint (wrk, closed loop) | req/s | vs ping | p50 ms | p95 ms | p99 ms | errors |\n");
        out.append("|---|---:|---:|---:|---:|---:|---:|\n");
        for (WrkResult r : results) {
            out.append(
                    String.format(
                            Locale.ROOT,
                            "| %s | %d | %.2f | %s | %s | %s | %d |%n",
                            r.label(),
                            r.rps(),
                            r.rps() / pingRps,
                            r.p50(),
                            r.p95(),
                            r.p99(),
                            r.errors()));
        }
        out.append("\n| fixed rate (hey -c ")
                .append(LoadTools.HEY_WORKERS)
                .append(" -q ")
                .append(rate / LoadTools.HEY_WORKERS)
                .append(
                        ") | achieved req/s | p50 ms | p95 ms | p99 ms | non-200 | server-side p50 / p99 ms |\n");
        out.append("|---|---:|---:|---:|---:|---:|---:|\n");
        out.append(
                String.format(
                        Locale.ROOT,
                        "| recommend with user_id @ %d req/s | %s | %s | %s | %s | %d | %s / %s |%n",
                        rate,
                        fixed.rps(),
                        fixed.p50(),
                        fixed.p95(),
                        fixed.p99(),
                        fixed.non200(),
                        histogram.quantileMs(0.5),
                        histogram.quantileMs(0.99)));
        System.out.print(out);
        Files.writeString(dir.resolve("summary.md"), out);
        BenchHttp.say("raw outputs in " + dir);
    }

    /** One wrk run with the repository's script; its output (also kept in BENCH_DIR). */
    private String wrk(
            String label, String length, String endpoint, String user, String path, Path seeds)
            throws IOException, InterruptedException {
        return tool(
                label + ".wrk",
                LoadTools.wrk(threads, connections, length, script, http.base() + path),
                Map.of(
                        "BENCH_ENDPOINT",
                        endpoint,
                        "BENCH_USER",
                        user,
                        "BENCH_SEEDS_FILE",
                        seeds.toString()));
    }

    private String tool(String output, List<String> command, Map<String, String> extraEnv)
            throws IOException, InterruptedException {
        return LoadTools.run(dir, output, command, extraEnv, false);
    }
}
