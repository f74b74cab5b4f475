package org.lambdamusic.clustertests;

import static java.nio.charset.StandardCharsets.UTF_8;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.Base64;
import java.util.Map;

/** One serving instance's REST API, as a backend developer calls it. */
final class ServingApi {
    private static final ObjectMapper JSON = new ObjectMapper();

    /** A status and the JSON body (null when there is none, or when it is not JSON). */
    record Answer(int status, JsonNode body) {
        boolean ok() {
            return status / 100 == 2;
        }
    }

    private final String base;
    private final HttpClient http;

    ServingApi(String base) {
        this.base = base;
        this.http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();
    }

    String base() {
        return base;
    }

    Answer get(String path, String token) {
        return send(request(path, token).GET());
    }

    Answer post(String path, String token, Map<String, ?> body) {
        return send(
                request(path, token)
                        .header("Content-Type", "application/json")
                        .POST(HttpRequest.BodyPublishers.ofString(json(body))));
    }

    Answer postAsAdmin(String path, String password, Map<String, ?> body) {
        String basic = Base64.getEncoder().encodeToString(("admin:" + password).getBytes(UTF_8));
        return send(
                HttpRequest.newBuilder(URI.create(base + path))
                        .timeout(Duration.ofSeconds(30))
                        .header("Authorization", "Basic " + basic)
                        .header("Content-Type", "application/json")
                        .POST(HttpRequest.BodyPublishers.ofString(json(body))));
    }

    Answer getAsAdmin(String path, String password) {
        String basic = Base64.getEncoder().encodeToString(("admin:" + password).getBytes(UTF_8));
        return send(
                HttpRequest.newBuilder(URI.create(base + path))
                        .timeout(Duration.ofSeconds(30))
                        .header("Authorization", "Basic " + basic)
                        .GET());
    }

    /** POST /api/interact; the answer's {@code event_id} on a 202. */
    Answer interact(String token, String user, String track, String type) {
        return post(
                "/api/interact",
                token,
                Map.of("user_id", user, "track_id", track, "interaction_type", type));
    }

    /** POST /api/interact with the client's idempotency key: a retry counts once. */
    Answer interact(String token, String user, String track, String type, String eventId) {
        return post(
                "/api/interact",
                token,
                Map.of(
                        "user_id",
                        user,
                        "track_id",
                        track,
                        "interaction_type",
                        type,
                        "event_id",
                        eventId));
    }

    Answer recommend(String token, String user, String seed, int topN) {
        return post(
                "/api/recommend", token, Map.of("user_id", user, "track_id", seed, "top_n", topN));
    }

    private HttpRequest.Builder request(String path, String token) {
        HttpRequest.Builder builder =
                HttpRequest.newBuilder(URI.create(base + path)).timeout(Duration.ofSeconds(30));
        if (token != null) {
            builder.header("Authorization", "Bearer " + token);
        }
        return builder;
    }

    private Answer send(HttpRequest.Builder request) {
        try {
            HttpResponse<String> response =
                    http.send(request.build(), HttpResponse.BodyHandlers.ofString());
            return new Answer(response.statusCode(), parse(response.body()));
        } catch (IOException e) {
            // Connection refused, reset: the instance is gone. Status 0 says so.
            return new Answer(0, null);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }

    private static JsonNode parse(String body) {
        if (body == null || body.isBlank()) {
            return null;
        }
        try {
            return JSON.readTree(body);
        } catch (IOException e) {
            return null;
        }
    }

    private static String json(Map<String, ?> body) {
        try {
            return JSON.writeValueAsString(body);
        } catch (IOException e) {
            throw new IllegalArgumentException(e);
        }
    }
}
