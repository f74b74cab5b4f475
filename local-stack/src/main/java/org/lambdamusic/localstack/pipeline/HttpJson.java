package org.lambdamusic.localstack.pipeline;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.Optional;

/** JSON over HTTP from the daemons' REST endpoints (Spark's /json, Flink's REST, serving's API). */
public final class HttpJson {
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final HttpClient CLIENT =
            HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(2)).build();

    private HttpJson() {}

    /** The JSON a GET answers with 2xx, or empty when it does not (not up yet, refused, 5xx). */
    public static Optional<JsonNode> get(String url) {
        return send(HttpRequest.newBuilder(URI.create(url)).GET());
    }

    public static Optional<JsonNode> send(HttpRequest.Builder request) {
        try {
            HttpResponse<String> response =
                    CLIENT.send(
                            request.timeout(Duration.ofSeconds(10)).build(),
                            HttpResponse.BodyHandlers.ofString());
            if (response.statusCode() / 100 != 2) {
                return Optional.empty();
            }
            String body = response.body();
            return Optional.of(body.isBlank() ? JSON.nullNode() : JSON.readTree(body));
        } catch (IOException e) {
            return Optional.empty();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return Optional.empty();
        }
    }

    /** A number the JSON at url holds, 0 while it cannot be read. */
    public static int count(String url, java.util.function.ToIntFunction<JsonNode> query) {
        return get(url).map(query::applyAsInt).orElse(0);
    }
}
