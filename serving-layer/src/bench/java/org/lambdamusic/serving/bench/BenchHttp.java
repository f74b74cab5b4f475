package org.lambdamusic.serving.bench;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.LocalTime;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.Base64;

/** The benchmarks' HTTP client of a running serving instance, and their progress lines. */
final class BenchHttp {
    static final ObjectMapper JSON = new ObjectMapper();
    private static final HttpClient CLIENT =
            HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();

    private final String base;
    private final String basicAuth;

    BenchHttp(String base, String adminPassword) {
        this.base = base;
        this.basicAuth =
                adminPassword == null
                        ? null
                        : "Basic "
                                + Base64.getEncoder()
                                        .encodeToString(
                                                ("admin:" + adminPassword)
                                                        .getBytes(StandardCharsets.UTF_8));
    }

    String base() {
        return base;
    }

    HttpResponse<String> get(String path) throws IOException, InterruptedException {
        return send(HttpRequest.newBuilder(URI.create(base + path)).GET());
    }

    HttpResponse<String> post(String path, String json) throws IOException, InterruptedException {
        return send(
                HttpRequest.newBuilder(URI.create(base + path))
                        .header("Content-Type", "application/json")
                        .POST(HttpRequest.BodyPublishers.ofString(json == null ? "" : json)));
    }

    /** The JSON body of a GET that must answer 200. */
    JsonNode json(String path) throws IOException, InterruptedException {
        HttpResponse<String> response = get(path);
        if (response.statusCode() != 200) {
            throw new IllegalStateException("GET " + path + " answered " + response.statusCode());
        }
        return JSON.readTree(response.body());
    }

    /** How many tracks the listener liked, 0 while the serving layer knows them not (404). */
    int likedTracks(String user) throws IOException, InterruptedException {
        HttpResponse<String> response = get("/api/user/" + user);
        return response.statusCode() == 200
                ? JSON.readTree(response.body()).path("liked_tracks").size()
                : 0;
    }

    private HttpResponse<String> send(HttpRequest.Builder request)
            throws IOException, InterruptedException {
        if (basicAuth != null) {
            request.header("Authorization", basicAuth);
        }
        return CLIENT.send(
                request.timeout(Duration.ofSeconds(30)).build(),
                HttpResponse.BodyHandlers.ofString());
    }

    static void say(String message) {
        System.out.println(
                LocalTime.now(ZoneOffset.UTC).format(DateTimeFormatter.ofPattern("HH:mm:ss"))
                        + " pipeline: "
                        + message);
    }

    static String loadAverage() {
        try {
            String[] fields =
                    java.nio.file.Files.readString(java.nio.file.Path.of("/proc/loadavg"))
                            .split("\\s+");
            return fields[0] + " " + fields[1] + " " + fields[2];
        } catch (IOException e) {
            return "n/a";
        }
    }
}
