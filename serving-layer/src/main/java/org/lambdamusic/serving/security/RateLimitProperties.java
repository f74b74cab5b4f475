package org.lambdamusic.serving.security;

import java.time.Duration;
import org.springframework.boot.context.properties.ConfigurationProperties;

/**
 * Per-client request budgets (a client: the token subject or Basic user, else the remote address).
 * A budget of {@code perSecond} with a burst of {@code burst} lets {@code burst} requests through
 * at once, refilled to {@code burst} every {@code burst / perSecond} seconds. 0 turns one off.
 *
 * @param interactPerSecond RATE_LIMIT_INTERACT_PER_SECOND, POST /api/interact
 * @param interactBurst RATE_LIMIT_INTERACT_BURST
 * @param apiPerSecond RATE_LIMIT_API_PER_SECOND, every other /api/** request outside the admin API
 *     (one budget per client for all of them); off by default
 * @param apiBurst RATE_LIMIT_API_BURST
 * @param clients RATE_LIMIT_CLIENTS, clients whose limiters are kept (least recently used go)
 * @param idle RATE_LIMIT_IDLE, a client's limiter is dropped after this long without a request
 */
@ConfigurationProperties("serving.rate-limit")
public record RateLimitProperties(
        double interactPerSecond,
        int interactBurst,
        double apiPerSecond,
        int apiBurst,
        long clients,
        Duration idle) {}
