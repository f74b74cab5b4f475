package org.lambdamusic.serving.security;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.github.benmanes.caffeine.cache.Cache;
import com.github.benmanes.caffeine.cache.Caffeine;
import io.github.resilience4j.ratelimiter.RateLimiter;
import io.github.resilience4j.ratelimiter.RateLimiterConfig;
import io.github.resilience4j.ratelimiter.internal.AtomicRateLimiter;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import jakarta.servlet.FilterChain;
import jakarta.servlet.ServletException;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import java.io.IOException;
import java.time.Duration;
import org.springframework.http.HttpStatus;
import org.springframework.security.authentication.UsernamePasswordAuthenticationToken;
import org.springframework.security.core.Authentication;
import org.springframework.security.core.context.SecurityContextHolder;
import org.springframework.security.oauth2.server.resource.authentication.JwtAuthenticationToken;
import org.springframework.web.filter.OncePerRequestFilter;

/**
 * Resilience4j rate limiters per client and endpoint, kept in a bounded Caffeine cache. Runs after
 * Spring Security, so a client is the token's subject (or the Basic user) when there is one, else
 * the remote address. Over the budget: 429 problem+json with Retry-After (whole seconds until a
 * permit is free again), counted in {@code http_rate_limited_total{endpoint}}; the request goes no
 * further, so it can never become a 5xx.
 */
public final class RateLimits extends OncePerRequestFilter {
    static final String INTERACT = "interact";
    static final String API = "api";

    private final RateLimitProperties properties;
    private final ObjectMapper json;
    private final MeterRegistry meters;
    private final RateLimiterConfig interact;
    private final RateLimiterConfig api;
    private final Cache<String, RateLimiter> limiters;

    public RateLimits(RateLimitProperties properties, ObjectMapper json, MeterRegistry meters) {
        this.properties = properties;
        this.json = json;
        this.meters = meters;
        this.interact = config(properties.interactPerSecond(), properties.interactBurst());
        this.api = config(properties.apiPerSecond(), properties.apiBurst());
        this.limiters =
                Caffeine.newBuilder()
                        .maximumSize(Math.max(1, properties.clients()))
                        .expireAfterAccess(properties.idle())
                        .build();
        // Registered up front, so the series exists (at 0) before the first refusal.
        if (interact != null) {
            counter(INTERACT);
        }
        if (api != null) {
            counter(API);
        }
    }

    /** burst permits every burst/perSecond seconds; null: no limit. */
    static RateLimiterConfig config(double perSecond, int burst) {
        if (perSecond <= 0 || burst <= 0) {
            return null;
        }
        long periodNanos = Math.max(1_000_000L, Math.round(burst / perSecond * 1e9));
        return RateLimiterConfig.custom()
                .limitForPeriod(burst)
                .limitRefreshPeriod(Duration.ofNanos(periodNanos))
                .timeoutDuration(Duration.ZERO)
                .build();
    }

    /** Which budget a request spends, or null. */
    String endpoint(HttpServletRequest request) {
        String path = request.getRequestURI();
        if (!path.startsWith("/api/") || path.startsWith("/api/admin/")) {
            return null;
        }
        if (path.equals("/api/interact") && "POST".equals(request.getMethod())) {
            return interact == null ? null : INTERACT;
        }
        return api == null ? null : API;
    }

    @Override
    protected void doFilterInternal(
            HttpServletRequest request, HttpServletResponse response, FilterChain chain)
            throws ServletException, IOException {
        String endpoint = endpoint(request);
        if (endpoint == null) {
            chain.doFilter(request, response);
            return;
        }
        String client = client(request);
        RateLimiter limiter =
                limiters.get(
                        endpoint + " " + client,
                        key -> RateLimiter.of(key, endpoint.equals(INTERACT) ? interact : api));
        if (limiter.acquirePermission()) {
            chain.doFilter(request, response);
            return;
        }
        // RateLimiter.of makes an AtomicRateLimiter: its metrics say when the next permit frees.
        long nanos =
                limiter instanceof AtomicRateLimiter atomic
                        ? atomic.getDetailedMetrics().getNanosToWait()
                        : 1_000_000_000L;
        long seconds = Math.max(1, (nanos + 999_999_999L) / 1_000_000_000L);
        counter(endpoint).increment();
        response.setHeader("Retry-After", Long.toString(seconds));
        Problems.write(
                json,
                request,
                response,
                HttpStatus.TOO_MANY_REQUESTS,
                "Too many requests",
                "Rate limit of "
                        + (endpoint.equals(INTERACT)
                                ? properties.interactPerSecond()
                                        + "/s (burst "
                                        + properties.interactBurst()
                                        + ") on POST /api/interact"
                                : properties.apiPerSecond()
                                        + "/s (burst "
                                        + properties.apiBurst()
                                        + ") on the API")
                        + " reached for this client; retry in "
                        + seconds
                        + " s.");
    }

    private Counter counter(String endpoint) {
        return Counter.builder("http.rate.limited")
                .description("Requests refused with 429 by the per-client rate limits")
                .tag("endpoint", endpoint)
                .register(meters);
    }

    static String client(HttpServletRequest request) {
        Authentication caller =
                SecurityContextHolder.getContextHolderStrategy().getContext().getAuthentication();
        if (caller instanceof JwtAuthenticationToken
                || caller instanceof UsernamePasswordAuthenticationToken) {
            return "sub:" + caller.getName();
        }
        return "ip:" + request.getRemoteAddr();
    }
}
