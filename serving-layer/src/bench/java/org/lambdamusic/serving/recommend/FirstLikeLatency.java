package org.lambdamusic.serving.recommend;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.Random;

/**
 * A new listener's first like, to a changed "for you", through the real pipeline: POST
 * /api/interact on one serving instance (→ Kafka → the speed layer → the user-profiles view), then
 * POST /api/recommend with only the user_id polled on every given instance until the answer is no
 * longer the trending one it gave before the like and says {@code mode: for_you}. Prints, per
 * instance and for the slowest of them, p50/p95/p99/max over the listeners.
 *
 * <pre>
 * FirstLikeLatency LISTENERS TRACKS_FILE BASE_URL [BASE_URL...]
 * </pre>
 *
 * TRACKS_FILE: track ids to like, one a line (tracks with factors, e.g. the most popular).
 */
public final class FirstLikeLatency {
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final long POLL_NANOS = 2_000_000;
    private static final long GIVE_UP_NANOS = 30_000_000_000L;

    private FirstLikeLatency() {}

    public static void main(String[] args) throws Exception {
        int count = Integer.parseInt(args[0]);
        List<String> tracks =
                Files.readAllLines(Path.of(args[1])).stream().filter(s -> !s.isBlank()).toList();
        List<String> bases = Arrays.asList(args).subList(2, args.length);
        HttpClient http = HttpClient.newHttpClient();
        Random random = new Random();
        String run = Long.toString(System.currentTimeMillis(), 36);
        long[][] nanos = new long[bases.size() + 1][count];
        for (int i = 0; i < count; i++) {
            String user = "first-like-" + run + "-" + i;
            for (String base : bases) {
                JsonNode before = recommend(http, base, user);
                if (!"trending".equals(before.get("mode").asText())) {
                    throw new IllegalStateException(user + " is not new: " + before);
                }
            }
            String track = tracks.get(random.nextInt(tracks.size()));
            long started = System.nanoTime();
            HttpResponse<String> accepted =
                    post(
                            http,
                            bases.get(0) + "/api/interact",
                            "{\"user_id\":\""
                                    + user
                                    + "\",\"track_id\":\""
                                    + track
                                    + "\",\"interaction_type\":\"like\"}");
            if (accepted.statusCode() != 202) {
                throw new IllegalStateException(
                        "interact: " + accepted.statusCode() + " " + accepted.body());
            }
            boolean[] changed = new boolean[bases.size()];
            int left = bases.size();
            while (left > 0) {
                for (int b = 0; b < bases.size(); b++) {
                    if (changed[b]) {
                        continue;
                    }
                    JsonNode answer = recommend(http, bases.get(b), user);
                    if ("for_you".equals(answer.get("mode").asText())) {
                        nanos[b][i] = System.nanoTime() - started;
                        changed[b] = true;
                        left--;
                    }
                }
                if (System.nanoTime() - started > GIVE_UP_NANOS) {
                    throw new IllegalStateException(user + ": no for_you answer within 30 s");
                }
                Thread.sleep(POLL_NANOS / 1_000_000);
            }
            for (int b = 0; b < bases.size(); b++) {
                nanos[bases.size()][i] = Math.max(nanos[bases.size()][i], nanos[b][i]);
            }
        }
        for (int b = 0; b <= bases.size(); b++) {
            System.out.printf(
                    Locale.ROOT,
                    "RESULT %s listeners=%d %s%n",
                    b < bases.size() ? bases.get(b) : "every-instance",
                    count,
                    percentiles(nanos[b]));
        }
    }

    private static JsonNode recommend(HttpClient http, String base, String user) throws Exception {
        HttpResponse<String> response =
                post(http, base + "/api/recommend", "{\"user_id\":\"" + user + "\"}");
        if (response.statusCode() != 200) {
            throw new IllegalStateException(
                    "recommend: " + response.statusCode() + " " + response.body());
        }
        return JSON.readTree(response.body());
    }

    private static HttpResponse<String> post(HttpClient http, String url, String body)
            throws Exception {
        return http.send(
                HttpRequest.newBuilder(URI.create(url))
                        .header("Content-Type", "application/json")
                        .POST(HttpRequest.BodyPublishers.ofString(body))
                        .build(),
                HttpResponse.BodyHandlers.ofString());
    }

    private static String percentiles(long[] nanos) {
        long[] sorted = nanos.clone();
        Arrays.sort(sorted);
        List<String> parts = new ArrayList<>();
        for (double q : new double[] {0.5, 0.95, 0.99}) {
            parts.add(
                    String.format(
                            Locale.ROOT,
                            "p%d=%.1f",
                            (int) (q * 100),
                            sorted[Math.min(sorted.length - 1, (int) (sorted.length * q))] / 1e6));
        }
        parts.add(String.format(Locale.ROOT, "max=%.1f", sorted[sorted.length - 1] / 1e6));
        return String.join(" ", parts) + " (ms)";
    }
}
