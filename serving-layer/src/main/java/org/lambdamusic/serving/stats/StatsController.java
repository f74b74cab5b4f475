package org.lambdamusic.serving.stats;

import io.swagger.v3.oas.annotations.Operation;
import java.time.Duration;
import java.time.Instant;
import java.util.Map;
import org.lambdamusic.contracts.config.FeedbackSettings;
import org.lambdamusic.serving.kafka.BrokerConnection;
import org.lambdamusic.serving.kafka.SpeedLayerProgress;
import org.lambdamusic.serving.model.CurrentModel;
import org.lambdamusic.serving.model.SimilarityModel;
import org.lambdamusic.serving.profile.EventRate;
import org.lambdamusic.serving.profile.Listeners;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.RestController;

/** GET /api/stats: model, users, event rate and Kafka state at a glance. */
@RestController
public class StatsController {
    private final CurrentModel current;
    private final Listeners listeners;
    private final EventRate rate;
    private final BrokerConnection kafka;
    private final FeedbackSettings feedback;
    private final SpeedLayerProgress speed;

    public StatsController(
            CurrentModel current,
            Listeners listeners,
            EventRate rate,
            BrokerConnection kafka,
            FeedbackSettings feedback,
            SpeedLayerProgress speed) {
        this.current = current;
        this.listeners = listeners;
        this.rate = rate;
        this.kafka = kafka;
        this.feedback = feedback;
        this.speed = speed;
    }

    @Operation(
            summary =
                    "Model version and age, users, interactions (batch views + speed layer),"
                            + " events/s, Kafka state, the speed job's progress, feedback weights and"
                            + " boost")
    @GetMapping("/api/stats")
    public StatsResponse stats() {
        SimilarityModel model = current.get().orElse(null);
        Listeners.Totals totals = listeners.totals(model);
        return new StatsResponse(
                model == null ? 0 : model.size(),
                model == null ? 0 : model.catalog().size(),
                model == null ? null : model.version(),
                model == null
                        ? null
                        : Duration.between(model.createdAt(), Instant.now()).toSeconds(),
                totals.users(),
                totals.events(),
                Math.round(rate.perSecond() * 100) / 100.0,
                kafka.status(),
                new StatsResponse.Feedback(
                        Map.of(
                                "play", feedback.playWeight(),
                                "like", feedback.likeWeight(),
                                "skip", feedback.skipWeight()),
                        feedback.artistBoost(),
                        feedback.historySize()),
                model == null ? null : StatsResponse.BatchViews.of(model.views()),
                speed.status());
    }
}
