package org.lambdamusic.serving.retrain;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Base64;

/** The admin API as an operator's client sees it: plain JDK HTTP with HTTP Basic. */
record AdminHttp(int port, String user, String password) {
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final HttpClient HTTP =
            HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();

    AdminHttp as(String otherUser, String otherPassword) {
        return new AdminHttp(port, otherUser, otherPassword);
    }

    AdminHttp anonymous() {
        return new AdminHttp(port, null, null);
    }

    HttpResponse<String> get(String path, String... headers) {
        return send(request(path, headers).GET());
    }

    HttpResponse<String> post(String path, String jsonBody, String... headers) {
        HttpRequest.Builder request = request(path, headers);
        if (jsonBody == null) {
            return send(request.POST(HttpRequest.BodyPublishers.noBody()));
        }
        return send(
                request.header("Content-Type", "application/json")
                        .POST(HttpRequest.BodyPublishers.ofString(jsonBody)));
    }

    static JsonNode json(HttpResponse<String> response) {
        try {
            return JSON.readTree(response.body());
        } catch (IOException e) {
            throw new UncheckedIOException(
                    "not JSON (HTTP " + response.statusCode() + "): " + response.body(), e);
        }
    }

    private HttpRequest.Builder request(String path, String... headers) {
        HttpRequest.Builder request =
                HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + path))
                        .timeout(Duration.ofSeconds(30));
        if (user != null) {
            String token =
                    Base64.getEncoder()
                            .encodeToString(
                                    (user + ":" + password).getBytes(StandardCharsets.UTF_8));
            request.header("Authorization", "Basic " + token);
        }
        if (headers.length > 0) {
            request.headers(headers);
        }
        return request;
    }

    private static HttpResponse<String> send(HttpRequest.Builder request) {
        try {
            return HTTP.send(request.build(), HttpResponse.BodyHandlers.ofString());
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }
}
