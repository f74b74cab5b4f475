package org.lambdamusic.serving.model;

import org.springframework.boot.actuate.health.Health;
import org.springframework.boot.actuate.health.HealthIndicator;
import org.springframework.stereotype.Component;

/**
 * The "model" health component, part of the readiness group: DOWN until a model is loaded, so a
 * load balancer sends no traffic to an instance that cannot recommend.
 */
@Component("model")
public class ModelHealth implements HealthIndicator {
    private final CurrentModel current;
    private final ModelPoller poller;

    public ModelHealth(CurrentModel current, ModelPoller poller) {
        this.current = current;
        this.poller = poller;
    }

    @Override
    public Health health() {
        Health.Builder health =
                current.get()
                        .map(
                                m ->
                                        Health.up()
                                                .withDetail("version", m.version())
                                                .withDetail("mode", m.manifest().mode())
                                                .withDetail("tracks", m.size())
                                                .withDetail("catalog_tracks", m.catalog().size())
                                                .withDetail("loaded_at", m.loadedAt().toString())
                                                .withDetail("load_ms", m.loadTime().toMillis()))
                        .orElseGet(() -> Health.down().withDetail("reason", "no model loaded yet"));
        if (poller.lastProblem() != null) {
            health.withDetail("last_problem", poller.lastProblem());
        }
        if (poller.lastRefusal() != null) {
            health.withDetail("last_refused", poller.lastRefusal());
        }
        return health.build();
    }
}
