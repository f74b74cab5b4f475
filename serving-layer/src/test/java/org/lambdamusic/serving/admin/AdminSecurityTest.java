package org.lambdamusic.serving.admin;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.net.ServerSocket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.util.Base64;
import java.util.HashMap;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.lambdamusic.serving.retrain.AppInstances;
import org.springframework.context.ConfigurableApplicationContext;

/**
 * The admin API when no password is configured: off (503 problem, whatever the credentials) while
 * the rest of the app stays open, and the production profile refuses to start at all. The app runs
 * for real on a free port; its object store and broker addresses point at a closed port, which
 * these checks do not need.
 */
class AdminSecurityTest {
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final HttpClient HTTP = HttpClient.newHttpClient();

    @Test
    void withoutAPasswordTheAdminApiIsOffAndEverythingElseStaysOpen() throws Exception {
        try (ConfigurableApplicationContext app = app(Map.of())) {
            int port = AppInstances.port(app);
            for (String auth : new String[] {null, "admin:guess"}) {
                HttpResponse<String> off = get(port, "/api/admin/retrain", auth);
                assertThat(off.statusCode()).isEqualTo(503);
                assertThat(off.headers().firstValue("Content-Type"))
                        .hasValueSatisfying(
                                t -> assertThat(t).startsWith("application/problem+json"));
                assertThat(off.headers().firstValue("WWW-Authenticate")).isEmpty();
                JsonNode problem = JSON.readTree(off.body());
                assertThat(problem.get("title").asText()).isEqualTo("Admin API disabled");
                assertThat(problem.get("detail").asText()).contains("ADMIN_PASSWORD");
            }
            assertThat(get(port, "/api/ping", null).statusCode()).isEqualTo(200);
            assertThat(get(port, "/actuator/health/liveness", null).statusCode()).isEqualTo(200);
            // No model (the store is unreachable): still not ready, whatever the retrain
            // component's WARNING mapping added to the status codes.
            assertThat(get(port, "/actuator/health/readiness", null).statusCode()).isEqualTo(503);
        }
    }

    @Test
    void theProductionProfileRefusesToStartWithoutAPassword() {
        assertThatThrownBy(() -> app(Map.of(), "production").close())
                .hasStackTraceContaining("ADMIN_PASSWORD is not set");
    }

    @Test
    void theProductionProfileStartsWithAPassword() throws Exception {
        try (ConfigurableApplicationContext app =
                app(Map.of("serving.admin.password", "s3cret"), "production")) {
            int port = AppInstances.port(app);
            assertThat(get(port, "/api/admin/retrain", null).statusCode()).isEqualTo(401);
            // Retraining is not configured in this app: the authenticated request gets that 503.
            HttpResponse<String> post = post(port, "/api/admin/retrain", "admin:s3cret");
            assertThat(post.statusCode()).isEqualTo(503);
            assertThat(JSON.readTree(post.body()).get("detail").asText())
                    .contains("RETRAIN_SPARK_HOME");
        }
    }

    private static ConfigurableApplicationContext app(Map<String, Object> extra, String... profiles)
            throws IOException {
        int closed;
        try (ServerSocket socket = new ServerSocket(0)) {
            closed = socket.getLocalPort();
        }
        Map<String, Object> properties = new HashMap<>(extra);
        properties.put("server.port", "0");
        properties.put("S3_ENDPOINT", "http://127.0.0.1:" + closed);
        properties.put("KAFKA_BOOTSTRAP_SERVERS", "127.0.0.1:" + closed);
        properties.put("serving.retrain.cron", "-");
        return AppInstances.run(properties, profiles);
    }

    private static HttpResponse<String> get(int port, String path, String credentials)
            throws Exception {
        return HTTP.send(
                request(port, path, credentials).GET().build(),
                HttpResponse.BodyHandlers.ofString());
    }

    private static HttpResponse<String> post(int port, String path, String credentials)
            throws Exception {
        return HTTP.send(
                request(port, path, credentials).POST(HttpRequest.BodyPublishers.noBody()).build(),
                HttpResponse.BodyHandlers.ofString());
    }

    private static HttpRequest.Builder request(int port, String path, String credentials) {
        HttpRequest.Builder request =
                HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + path));
        if (credentials != null) {
            request.header(
                    "Authorization",
                    "Basic "
                            + Base64.getEncoder()
                                    .encodeToString(credentials.getBytes(StandardCharsets.UTF_8)));
        }
        return request;
    }
}
