package org.lambdamusic.serving.stats;

import io.swagger.v3.oas.annotations.Operation;
import java.time.Duration;
import java.time.Instant;
import org.lambdamusic.serving.kafka.BrokerConnection;
import org.lambdamusic.serving.model.CurrentModel;
import org.lambdamusic.serving.model.SimilarityModel;
import org.lambdamusic.serving.profile.EventRate;
import org.lambdamusic.serving.profile.ListenerProfiles;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.RestController;

/** GET /api/stats: model, users, event rate and Kafka state at a glance. */
@RestController
public class StatsController {
    private final CurrentModel current;
    private final ListenerProfiles profiles;
    private final EventRate rate;
    private final BrokerConnection kafka;

    public StatsController(
            CurrentModel current,
            ListenerProfiles profiles,
            EventRate rate,
            BrokerConnection kafka) {
        this.current = current;
        this.profiles = profiles;
        this.rate = rate;
        this.kafka = kafka;
    }

    @Operation(summary = "Model version and age, users seen, interactions, events/s, Kafka state")
    @GetMapping("/api/stats")
    public StatsResponse stats() {
        SimilarityModel model = current.get().orElse(null);
        return new StatsResponse(
                model == null ? 0 : model.size(),
                model == null ? 0 : model.catalog().size(),
                model == null ? null : model.version(),
                model == null
                        ? null
                        : Duration.between(model.createdAt(), Instant.now()).toSeconds(),
                profiles.usersSeen(),
                profiles.interactionsCounted(),
                Math.round(rate.perSecond() * 100) / 100.0,
                kafka.status());
    }
}
