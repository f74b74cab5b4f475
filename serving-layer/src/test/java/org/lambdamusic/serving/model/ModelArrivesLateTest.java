package org.lambdamusic.serving.model;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.lambdamusic.serving.e2e.StoredModels;
import org.lambdamusic.serving.e2e.TestStack;
import org.lambdamusic.serving.system.NoBackends;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.test.annotation.DirtiesContext;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;

/**
 * Readiness means ready: the whole app against the real local object store with an empty bucket
 * answers readiness 503 saying it has no model yet, and /api/recommend 503 problem+json; once a
 * version is published, readiness turns 200 only when /api/stats shows that version and
 * /api/recommend answers. The scripts' start-up wait relies on readiness alone.
 */
@SpringBootTest(webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT)
@DirtiesContext
class ModelArrivesLateTest {
    private static final ObjectMapper JSON = new ObjectMapper();

    static TestStack stack;

    @LocalServerPort int port;
    private final HttpClient http = HttpClient.newHttpClient();

    @BeforeAll
    static void emptyBucket() {
        stack = TestStack.withOwnBucket(); // the JVM's shared store, a new empty bucket
    }

    @AfterAll
    static void leaveStack() {
        if (stack != null) {
            stack.close();
        }
    }

    @DynamicPropertySource
    static void configure(DynamicPropertyRegistry registry) throws IOException {
        NoBackends.register(registry); // Kafka unreachable: not part of readiness
        registry.add("S3_ENDPOINT", () -> stack.s3Settings().endpoint());
        registry.add("S3_BUCKET", () -> stack.s3Settings().bucket());
        registry.add("serving.model.poll-interval", () -> "200ms");
    }

    @Test
    void readinessWaitsForTheModelAndSaysWhy() throws Exception {
        // The app has polled the empty store at least once.
        await().atMost(Duration.ofSeconds(30))
                .until(() -> readiness().body().contains("no model published yet"));
        HttpResponse<String> notReady = readiness();
        assertThat(notReady.statusCode()).isEqualTo(503);
        JsonNode body = JSON.readTree(notReady.body());
        assertThat(body.at("/status").asText()).isNotEqualTo("UP");
        assertThat(body.at("/components/model/details/reason").asText())
                .isEqualTo("no model loaded yet");
        assertThat(body.at("/components/model/details/last_problem").asText())
                .contains("no model published yet");

        HttpResponse<String> recommend = recommend();
        assertThat(recommend.statusCode()).isEqualTo(503);
        assertThat(recommend.headers().firstValue("Content-Type"))
                .hasValueSatisfying(t -> assertThat(t).startsWith("application/problem+json"));
        assertThat(stats().at("/model_version").isNull()).isTrue();

        try (StoredModels models = new StoredModels(stack.s3Settings())) {
            models.publish(TinyModel.artifact(TinyModel.VERSION));
        }
        // Whenever readiness says 200, the version is served and recommendations answer.
        await().atMost(Duration.ofSeconds(30))
                .pollInterval(Duration.ofMillis(20))
                .until(
                        () -> {
                            if (readiness().statusCode() != 200) {
                                return false;
                            }
                            assertThat(stats().at("/model_version").asText())
                                    .isEqualTo(TinyModel.VERSION);
                            assertThat(recommend().statusCode()).isEqualTo(200);
                            return true;
                        });
        JsonNode ready = JSON.readTree(readiness().body());
        assertThat(ready.at("/components/model/details/version").asText())
                .isEqualTo(TinyModel.VERSION);
    }

    private HttpResponse<String> readiness() throws Exception {
        return http.send(
                HttpRequest.newBuilder(uri("/actuator/health/readiness")).GET().build(),
                HttpResponse.BodyHandlers.ofString());
    }

    private JsonNode stats() throws Exception {
        return JSON.readTree(
                http.send(
                                HttpRequest.newBuilder(uri("/api/stats")).GET().build(),
                                HttpResponse.BodyHandlers.ofString())
                        .body());
    }

    private HttpResponse<String> recommend() throws Exception {
        return http.send(
                HttpRequest.newBuilder(uri("/api/recommend"))
                        .header("Content-Type", "application/json")
                        .POST(HttpRequest.BodyPublishers.ofString("{\"track_id\":\"t0\"}"))
                        .build(),
                HttpResponse.BodyHandlers.ofString());
    }

    private URI uri(String path) {
        return URI.create("http://127.0.0.1:" + port + path);
    }
}
