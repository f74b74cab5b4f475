package org.lambdamusic.serving.security;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.micrometer.core.instrument.MeterRegistry;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.Base64;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.lambdamusic.serving.interaction.InteractionPublisher;
import org.lambdamusic.serving.model.CurrentModel;
import org.lambdamusic.serving.model.TinyModel;
import org.lambdamusic.serving.profile.ListenerProfiles;
import org.lambdamusic.serving.profile.SpeedViews;
import org.lambdamusic.serving.system.NoBackends;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;
import org.springframework.test.context.bean.override.mockito.MockitoBean;

/**
 * SECURITY_MODE=jwt on the whole app (real HTTP, real filter chains): a listener's token acts as
 * that listener only, reads stay open, the admin role opens the admin API beside Basic, per-client
 * rate limits on POST /api/interact, and the security headers. Kafka's producer is replaced (the
 * event would go nowhere); the object store and broker addresses point at a closed port.
 */
@SpringBootTest(webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT)
class JwtSecurityTest {
    static final String SECRET = "test-secret-of-at-least-32-bytes-0123456789";
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final HttpClient HTTP = HttpClient.newHttpClient();

    @LocalServerPort int port;
    @Autowired CurrentModel current;
    @Autowired ListenerProfiles profiles;
    @Autowired MeterRegistry meters;
    @MockitoBean InteractionPublisher publisher;

    @DynamicPropertySource
    static void jwtMode(DynamicPropertyRegistry registry) throws Exception {
        NoBackends.register(registry);
        registry.add("serving.security.mode", () -> "jwt");
        registry.add("serving.security.jwt-secret", () -> SECRET);
        registry.add("serving.admin.password", () -> "s3cret");
        // A budget that cannot refill during the test: 100 at once, then 1 per 100 s.
        registry.add("serving.rate-limit.interact-per-second", () -> "1");
        registry.add("serving.rate-limit.interact-burst", () -> "100");
    }

    @BeforeEach
    void modelAndListeners() {
        current.swap(TinyModel.build());
        profiles.update("ana", SpeedViews.of("ana", "play:t1", "like:t2"), false);
        profiles.update("bob", SpeedViews.of("bob", "play:t3"), false);
    }

    @Test
    void aListenersTokenActsAsThatListenerOnly() throws Exception {
        String ana = token("ana", false);
        assertThat(interact("ana", ana).statusCode()).isEqualTo(202);
        HttpResponse<String> own = get("/api/user/ana", "Bearer " + ana);
        assertThat(own.statusCode()).isEqualTo(200);
        assertThat(JSON.readTree(own.body()).get("user_id").asText()).isEqualTo("ana");

        HttpResponse<String> otherWrite = interact("bob", ana);
        assertProblem(otherWrite, 403, "Forbidden");
        assertThat(JSON.readTree(otherWrite.body()).get("detail").asText()).contains("'ana'");
        assertProblem(get("/api/user/bob", "Bearer " + ana), 403, "Forbidden");

        assertProblem(interact("ana", null), 401, "Unauthorized");
        assertProblem(get("/api/user/ana", null), 401, "Unauthorized");
        assertThat(get("/api/user/ana", null).headers().firstValue("WWW-Authenticate"))
                .hasValue("Bearer");
        // Signed with another key, or expired: no better than none.
        String forged =
                TokenCommand.mint(
                        "another-secret-of-at-least-32-bytes-0123456789",
                        "ana",
                        false,
                        Instant.now(),
                        Duration.ofHours(1));
        assertProblem(get("/api/user/ana", "Bearer " + forged), 401, "Unauthorized");
        String expired =
                TokenCommand.mint(
                        SECRET,
                        "ana",
                        false,
                        Instant.now().minusSeconds(7200),
                        Duration.ofHours(1));
        assertProblem(get("/api/user/ana", "Bearer " + expired), 401, "Unauthorized");
    }

    @Test
    void readsStayOpen() throws Exception {
        assertThat(get("/api/trending", null).statusCode()).isEqualTo(200);
        assertThat(get("/api/stats", null).statusCode()).isEqualTo(200);
        assertThat(get("/api/tracks?q=a", null).statusCode()).isEqualTo(200);
        assertThat(get("/api/models", null).statusCode()).isNotIn(401, 403);
    }

    @Test
    void theAdminRoleOpensTheAdminApiAsBasicDoes() throws Exception {
        String admin = token("ops", true);
        assertThat(get("/api/admin/retrain", "Bearer " + admin).statusCode()).isEqualTo(200);
        assertThat(get("/api/admin/retrain", basic("admin:s3cret")).statusCode()).isEqualTo(200);
        assertThat(get("/api/admin/retrain", "Bearer " + token("ana", false)).statusCode())
                .isEqualTo(403);
        assertThat(get("/api/admin/retrain", null).statusCode()).isEqualTo(401);
        // An admin may act for any listener (operators, support).
        assertThat(get("/api/user/bob", "Bearer " + admin).statusCode()).isEqualTo(200);
    }

    @Test
    void theHundredAndFirstInteractionOfABurstIs429AndOtherClientsGoOn() throws Exception {
        String carl = token("carl", false);
        double before = refusals();
        for (int i = 0; i < 100; i++) {
            assertThat(interact("carl", carl).statusCode()).as("request %d", i + 1).isEqualTo(202);
        }
        HttpResponse<String> refused = interact("carl", carl);
        assertProblem(refused, 429, "Too many requests");
        assertThat(refused.headers().firstValue("Retry-After"))
                .hasValueSatisfying(s -> assertThat(Long.parseLong(s)).isBetween(1L, 100L));
        assertThat(refusals()).isEqualTo(before + 1);
        // Another listener has a budget of its own.
        assertThat(interact("dora", token("dora", false)).statusCode()).isEqualTo(202);
    }

    @Test
    void everyResponseCarriesTheSecurityHeaders() throws Exception {
        for (String path : new String[] {"/", "/js/app.js", "/api/stats", "/api/user/ana"}) {
            HttpResponse<String> response = get(path, null);
            assertThat(response.headers().firstValue("Content-Security-Policy"))
                    .as(path)
                    .hasValueSatisfying(
                            csp ->
                                    assertThat(csp)
                                            .contains("script-src 'self'")
                                            .contains("frame-ancestors 'none'")
                                            .doesNotContain("unsafe-inline"));
            assertThat(response.headers().firstValue("X-Frame-Options")).hasValue("DENY");
            assertThat(response.headers().firstValue("X-Content-Type-Options")).hasValue("nosniff");
            assertThat(response.headers().firstValue("Referrer-Policy")).hasValue("no-referrer");
        }
    }

    /** http_rate_limited_total{endpoint="interact"} in Prometheus. */
    private double refusals() {
        return meters.get("http.rate.limited").tag("endpoint", "interact").counter().count();
    }

    static String token(String user, boolean admin) throws Exception {
        return TokenCommand.mint(SECRET, user, admin, Instant.now(), Duration.ofHours(1));
    }

    private static String basic(String credentials) {
        return "Basic "
                + Base64.getEncoder().encodeToString(credentials.getBytes(StandardCharsets.UTF_8));
    }

    private static void assertProblem(HttpResponse<String> response, int status, String title)
            throws Exception {
        assertThat(response.statusCode()).as(response.body()).isEqualTo(status);
        assertThat(response.headers().firstValue("Content-Type"))
                .hasValueSatisfying(t -> assertThat(t).startsWith("application/problem+json"));
        JsonNode problem = JSON.readTree(response.body());
        assertThat(problem.get("title").asText()).isEqualTo(title);
        assertThat(problem.get("status").asInt()).isEqualTo(status);
    }

    private HttpResponse<String> interact(String user, String token) throws Exception {
        HttpRequest.Builder request =
                HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + "/api/interact"))
                        .header("Content-Type", "application/json")
                        .POST(
                                HttpRequest.BodyPublishers.ofString(
                                        "{\"user_id\":\""
                                                + user
                                                + "\",\"track_id\":\"t2\","
                                                + "\"interaction_type\":\"play\"}"));
        if (token != null) {
            request.header("Authorization", "Bearer " + token);
        }
        return HTTP.send(request.build(), HttpResponse.BodyHandlers.ofString());
    }

    private HttpResponse<String> get(String path, String authorization) throws Exception {
        HttpRequest.Builder request =
                HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + path)).GET();
        if (authorization != null) {
            request.header("Authorization", authorization);
        }
        return HTTP.send(request.build(), HttpResponse.BodyHandlers.ofString());
    }
}
