package org.lambdamusic.serving.kafka;

import org.springframework.boot.actuate.health.Health;
import org.springframework.boot.actuate.health.HealthIndicator;
import org.springframework.boot.actuate.health.Status;
import org.springframework.stereotype.Component;

/**
 * The "speedLayer" health component: UP while the speed job's committed offsets follow the topic,
 * WARNING (HTTP 200, outside readiness: answers keep coming from the batch views and the views
 * already read) when it never committed or its offsets stood still for SPEED_STALL_AFTER while
 * behind, UNKNOWN when Kafka cannot be asked.
 */
@Component("speedLayer")
public class SpeedLayerHealth implements HealthIndicator {
    private final SpeedLayerProgress progress;

    public SpeedLayerHealth(SpeedLayerProgress progress) {
        this.progress = progress;
    }

    @Override
    public Health health() {
        SpeedLayerStatus s = progress.status();
        Health.Builder health = Health.status(new Status(s.status()));
        health.withDetail("reason", s.reason()).withDetail("group", s.group());
        if (s.groupState() != null) {
            health.withDetail("group_state", s.groupState()).withDetail("members", s.members());
        }
        if (s.lag() != null) {
            health.withDetail("lag", s.lag()).withDetail("committed", s.committed());
        }
        if (s.lastProgressAt() != null) {
            health.withDetail("last_progress_at", s.lastProgressAt().toString());
        }
        if (s.secondsSinceProgress() != null) {
            health.withDetail("seconds_since_progress", s.secondsSinceProgress());
        }
        return health.build();
    }
}
