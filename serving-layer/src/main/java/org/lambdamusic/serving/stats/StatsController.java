package org.lambdamusic.serving.stats;

import io.swagger.v3.oas.annotations.Operation;
import java.time.Duration;
import java.time.Instant;
import java.util.Map;
import org.lambdamusic.contracts.config.AlsSettings;
import org.lambdamusic.contracts.config.FeedbackSettings;
import org.lambdamusic.contracts.config.ScoringSettings;
import org.lambdamusic.serving.kafka.BrokerConnection;
import org.lambdamusic.serving.kafka.SpeedLayerProgress;
import org.lambdamusic.serving.model.CurrentModel;
import org.lambdamusic.serving.model.SimilarityModel;
import org.lambdamusic.serving.profile.EventRate;
import org.lambdamusic.serving.profile.Listeners;
import org.lambdamusic.serving.recommend.ScoringProfile;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.RestController;

/** GET /api/stats: model, users, event rate, Kafka state and the scoring config at a glance. */
@RestController
public class StatsController {
    private final CurrentModel current;
    private final Listeners listeners;
    private final EventRate rate;
    private final BrokerConnection kafka;
    private final FeedbackSettings feedback;
    private final SpeedLayerProgress speed;
    private final ScoringSettings scoring;
    private final AlsSettings als;

    public StatsController(
            CurrentModel current,
            Listeners listeners,
            EventRate rate,
            BrokerConnection kafka,
            FeedbackSettings feedback,
            SpeedLayerProgress speed,
            ScoringSettings scoring,
            AlsSettings als) {
        this.current = current;
        this.listeners = listeners;
        this.rate = rate;
        this.kafka = kafka;
        this.feedback = feedback;
        this.speed = speed;
        this.scoring = scoring;
        this.als = als;
    }

    @Operation(
            summary =
                    "Model version and age, users, interactions (batch views + speed layer),"
                            + " events/s, Kafka state, the speed job's progress, feedback weights and"
                            + " boost, the scoring config (blend weights, profiles, ALS settings)"
                            + " and whether the served version has factors and how it measured")
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
                speed.status(),
                StatsResponse.Scoring.of(
                        scoring,
                        Map.of(
                                "for_you", ScoringProfile.names(true),
                                "similar", ScoringProfile.names(false)),
                        als,
                        model == null ? null : model.factorsInfo(),
                        model == null ? null : model.manifest().evaluation()));
    }
}
