package org.lambdamusic.serving.bench;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Random;

/**
 * The HTTP part of {@code ./pipeline bench cf} (issue 16): "for you" through two serving instances
 * that ./pipeline started on free ports beside the pipeline's own, both serving the version with
 * SYNTHETIC factors it published: CF_BENCH_CACHED_URL (the listener cache on) and
 * CF_BENCH_UNCACHED_URL (RECOMMEND_LISTENER_CACHE_SIZE=0: every request merged, folded in and
 * ranked afresh). CF_BENCH_USERS (20) listeners like three popular tracks each through the real
 * ingest path (SERVING_BENCH_URL, Kafka, the speed layer); then wrk (closed loop, the repository's
 * {@code bench.lua}, endpoint {@code listeners}) against /api/ping, hey at a fixed BENCH_RATE
 * (2000) req/s with the server's own quantiles, and a new listener's first like to a changed "for
 * you" on all three instances (FirstLikeLatency, CF_BENCH_FIRST_LIKES = 50 listeners). Knobs as the
 * serving bench: BENCH_DURATION (20s), BENCH_CONNECTIONS (16), BENCH_THREADS (1), BENCH_WARMUP
 * (30s). Prints a summary and writes it to BENCH_DIR/summary.md.
 */
public final class CfLoadBenchmark {

    private final Map<String, String> env = System.getenv();
    private final BenchHttp pipeline = new BenchHttp(env.get("SERVING_BENCH_URL"), null);
    private final List<String> bases =
            List.of(env.get("CF_BENCH_CACHED_URL"), env.get("CF_BENCH_UNCACHED_URL"));
    private final Path dir = Path.of(env.get("BENCH_DIR"));
    private final Path script = Path.of(env.get("BENCH_WRK_SCRIPTS"), "bench.lua");
    private final String duration = env.getOrDefault("BENCH_DURATION", "20s");
    private final String connections = env.getOrDefault("BENCH_CONNECTIONS", "16");
    private final String threads = env.getOrDefault("BENCH_THREADS", "1");
    private final int rate = Integer.parseInt(env.getOrDefault("BENCH_RATE", "2000"));

    private CfLoadBenchmark() {}

    public static void main(String[] args) throws Exception {
        new CfLoadBenchmark().run();
    }

    /** One row of the summary. */
    record Row(
            String label,
            String rps,
            String p50,
            String p95p99,
            String server,
            String errors,
            double rpsValue) {}

    private void run() throws Exception {
        List<String> tracks = new ArrayList<>();
        pipeline.json("/api/tracks?q=&limit=100&offset=0&recommendable=true")
                .path("items")
                .forEach(item -> tracks.add(item.path("track_id").asText()));
        Files.write(dir.resolve("tracks.txt"), tracks);
        int count = Integer.parseInt(env.getOrDefault("CF_BENCH_USERS", "20"));
        List<String> users = new ArrayList<>();
        for (int i = 0; i < count; i++) {
            String user = "cf-bench-" + ProcessHandle.current().pid() + "-" + i;
            users.add(user);
            // Three popular tracks a listener, the same three for listener i on every run.
            List<String> picks = new ArrayList<>(tracks);
            Collections.shuffle(picks, new Random(i));
            for (String track : picks.subList(0, 3)) {
                int status =
                        pipeline.post(
                                        "/api/interact",
                                        "{\"user_id\":\""
                                                + user
                                                + "\",\"track_id\":\""
                                                + track
                                                + "\",\"interaction_type\":\"like\"}")
                                .statusCode();
                if (status / 100 != 2) {
                    throw new IllegalStateException(
                            "POST /api/interact failed (" + status + "): is Kafka up?");
                }
            }
        }
        Path usersFile = dir.resolve("users.txt");
        Files.write(usersFile, users);
        long deadline = System.nanoTime() + 60_000_000_000L;
        for (String base : bases) {
            BenchHttp instance = new BenchHttp(base, null);
            while (instance.likedTracks(users.get(users.size() - 1)) != 3) {
                if (System.nanoTime() > deadline) {
                    throw new IllegalStateException(
                            "the bench listeners' likes did not reach "
                                    + base
                                    + " within 60 s: is the speed layer running?");
                }
                Thread.sleep(100);
            }
        }

        String loadBefore = BenchHttp.loadAverage();
        String warmup = env.getOrDefault("BENCH_WARMUP", "30s");
        BenchHttp.say("warm-up: " + warmup + " per endpoint and instance ...");
        for (String base : bases) {
            wrk("warmup-ping", warmup, "ping", base + "/api/ping", usersFile);
            wrk("warmup-listeners", warmup, "listeners", base, usersFile);
        }
        BenchHttp.say("wrk: ping, for you (listener cache on), for you (cache off), ping ...");
        List<Row> rows = new ArrayList<>();
        rows.add(
                wrkRow(
                        "ping",
                        wrk("ping", duration, "ping", bases.get(0) + "/api/ping", usersFile)));
        rows.add(
                wrkRow(
                        "for_you_cached",
                        wrk("for_you_cached", duration, "listeners", bases.get(0), usersFile)));
        rows.add(
                wrkRow(
                        "for_you_uncached",
                        wrk("for_you_uncached", duration, "listeners", bases.get(1), usersFile)));
        rows.add(
                wrkRow(
                        "ping_again",
                        wrk(
                                "ping_again",
                                duration,
                                "ping",
                                bases.get(0) + "/api/ping",
                                usersFile)));
        BenchHttp.say("hey: for you at a fixed " + rate + " req/s, cache on, then off ...");
        rows.add(heyRow("fixed_cached", bases.get(0), users.get(0)));
        rows.add(heyRow("fixed_uncached", bases.get(1), users.get(0)));
        String likes = env.getOrDefault("CF_BENCH_FIRST_LIKES", "50");
        BenchHttp.say(
                "first like to a changed for you, "
                        + likes
                        + " new listeners, on "
                        + pipeline.base()
                        + " "
                        + String.join(" ", bases)
                        + " ...");
        List<String> firstLike =
                new ArrayList<>(
                        List.of(
                                Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                                "-cp",
                                System.getProperty("java.class.path"),
                                "org.lambdamusic.serving.recommend.FirstLikeLatency",
                                likes,
                                dir.resolve("tracks.txt").toString(),
                                pipeline.base()));
        firstLike.addAll(bases);
        String firstLikeOutput = tool("first-like.txt", firstLike, Map.of(), true);
        System.out.print(firstLikeOutput);

        double pingRps =
                rows.stream()
                        .filter(r -> r.label().startsWith("ping"))
                        .mapToDouble(Row::rpsValue)
                        .average()
                        .orElse(Double.NaN);
        StringBuilder out = new StringBuilder();
        out.append("Serving CF benchmark, ")
                .append(Instant.now().truncatedTo(ChronoUnit.SECONDS))
                .append(", ")
                .append(Runtime.getRuntime().availableProcessors())
                .append(" cores, load generator on the same machine, load average before ")
                .append(loadBefore)
                .append(", after ")
                .append(BenchHttp.loadAverage())
                .append('\n');
        out.append("model ")
                .append(env.get("CF_BENCH_VERSION"))
                .append(" (full catalogue, SYNTHETIC factors for share ")
                .append(env.get("CF_BENCH_SHARE"))
                .append(" of the tracks), model load ")
                .append(env.get("CF_BENCH_LOAD_MS"))
                .append(" ms; wrk -t")
                .append(threads)
                .append(" -c")
                .append(connections)
                .append(" -d")
                .append(duration)
                .append(" over ")
                .append(count)
                .append(" listeners\n\n");
        out.append(
                "| run | req/s | vs ping | p50 ms | p95 / p99 ms | server p50 / p99 ms | errors |\n");
        out.append("|---|---:|---:|---:|---:|---:|---:|\n");
        for (Row r : rows) {
            out.append(
                    String.format(
                            Locale.ROOT,
                            "| %s | %s | %.2f | %s | %s | %s | %s |%n",
                            r.label(),
                            r.rps(),
                            r.rpsValue() / pingRps,
                            r.p50(),
                            r.p95p99(),
                            r.server(),
                            r.errors()));
        }
        out.append("\nfirst like to a changed for you:\n");
        firstLikeOutput
                .lines()
                .filter(l -> l.startsWith("RESULT "))
                .forEach(l -> out.append("  ").append(l.substring(7)).append('\n'));
        System.out.print(out);
        Files.writeString(dir.resolve("summary.md"), out);
        BenchHttp.say("raw outputs in " + dir);
    }

    private Row wrkRow(String label, String output) {
        ServingLoadBenchmark.WrkResult r = ServingLoadBenchmark.WrkResult.parse(label, output);
        return new Row(
                label,
                Long.toString(r.rps()),
                r.p50(),
                r.p95() + " / " + r.p99(),
                "- / -",
                Long.toString(r.errors()),
                r.rps());
    }

    /** One listener's "for you" at a fixed rate: client and server quantiles. */
    private Row heyRow(String label, String base, String user)
            throws IOException, InterruptedException {
        BenchHttp instance = new BenchHttp(base, null);
        String before = instance.get("/actuator/prometheus").body();
        String report =
                tool(
                        label + ".hey",
                        LoadTools.heyFixedRate(
                                duration,
                                rate,
                                "{\"user_id\":\"" + user + "\",\"top_n\":10}",
                                base + "/api/recommend"),
                        Map.of(),
                        false);
        String after = instance.get("/actuator/prometheus").body();
        HeyReport hey = HeyReport.parse(report);
        ServerHistogram server = ServerHistogram.between(before, after, "/api/recommend", "200");
        double rps = hey.rps().equals("n/a") ? Double.NaN : Double.parseDouble(hey.rps());
        return new Row(
                label,
                hey.rps(),
                hey.p50(),
                "- / " + hey.p99(),
                server.quantileMs(0.5) + " / " + server.quantileMs(0.99),
                Long.toString(hey.non200()),
                rps);
    }

    private String wrk(String label, String length, String endpoint, String url, Path users)
            throws IOException, InterruptedException {
        return tool(
                label + ".wrk",
                LoadTools.wrk(threads, connections, length, script, url),
                Map.of("BENCH_ENDPOINT", endpoint, "BENCH_USERS_FILE", users.toString()),
                false);
    }

    private String tool(
            String output, List<String> command, Map<String, String> extraEnv, boolean dropStderr)
            throws IOException, InterruptedException {
        return LoadTools.run(dir, output, command, extraEnv, dropStderr);
    }
}
