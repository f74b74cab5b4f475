package org.lambdamusic.serving.security;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.ObjectMapper;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import java.time.Duration;
import org.junit.jupiter.api.Test;
import org.springframework.mock.web.MockFilterChain;
import org.springframework.mock.web.MockHttpServletRequest;
import org.springframework.mock.web.MockHttpServletResponse;

/**
 * The limits with their defaults (20/s, burst 100 on POST /api/interact; reads unlimited), in
 * memory, clients told apart by remote address as in open mode.
 */
class RateLimitsTest {
    private final SimpleMeterRegistry meters = new SimpleMeterRegistry();
    private final RateLimits limits =
            new RateLimits(
                    new RateLimitProperties(20, 100, 0, 0, 1000, Duration.ofMinutes(10)),
                    new ObjectMapper(),
                    meters);

    @Test
    void theHundredAndFirstOfABurstIs429WithRetryAfterAndOtherClientsGoOn() throws Exception {
        for (int i = 0; i < 100; i++) {
            assertThat(interact("10.0.0.1").getStatus()).as("request %d", i + 1).isEqualTo(200);
        }
        MockHttpServletResponse refused = interact("10.0.0.1");
        assertThat(refused.getStatus()).isEqualTo(429);
        assertThat(refused.getContentType()).isEqualTo("application/problem+json");
        assertThat(refused.getContentAsString()).contains("\"status\":429");
        assertThat(Long.parseLong(refused.getHeader("Retry-After"))).isBetween(1L, 5L);
        assertThat(meters.get("http.rate.limited").tag("endpoint", "interact").counter().count())
                .isEqualTo(1.0);

        assertThat(interact("10.0.0.2").getStatus()).isEqualTo(200);
        // Reads have no limit by default.
        for (int i = 0; i < 200; i++) {
            assertThat(call("GET", "/api/trending", "10.0.0.1").getStatus()).isEqualTo(200);
        }
    }

    @Test
    void aBurstOfOneHundredRefillsAtTwentyPerSecond() {
        assertThat(RateLimits.config(20, 100).getLimitForPeriod()).isEqualTo(100);
        assertThat(RateLimits.config(20, 100).getLimitRefreshPeriod())
                .isEqualTo(Duration.ofSeconds(5));
        assertThat(RateLimits.config(0, 100)).isNull();
    }

    private MockHttpServletResponse interact(String client) throws Exception {
        return call("POST", "/api/interact", client);
    }

    private MockHttpServletResponse call(String method, String path, String client)
            throws Exception {
        MockHttpServletRequest request = new MockHttpServletRequest(method, path);
        request.setRemoteAddr(client);
        MockHttpServletResponse response = new MockHttpServletResponse();
        limits.doFilter(request, response, new MockFilterChain());
        return response;
    }
}
