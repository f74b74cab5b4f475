package org.lambdamusic.serving.model;

import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.MultiGauge;
import io.micrometer.core.instrument.Tags;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import org.springframework.context.event.EventListener;
import org.springframework.stereotype.Component;

/**
 * Model gauges for Prometheus: {@code serving_model_info{version}} = 1 for the served version,
 * tracks, age since the batch job built it, and how long the last load took.
 */
@Component
public class ModelMetrics {
    private final MultiGauge info;

    public ModelMetrics(CurrentModel current, MeterRegistry meters) {
        this.info =
                MultiGauge.builder("serving.model.info")
                        .description("1 for the model version being served")
                        .register(meters);
        Gauge.builder(
                        "serving.model.tracks",
                        current,
                        c -> c.get().map(SimilarityModel::size).orElse(0))
                .description("tracks in the served model")
                .register(meters);
        Gauge.builder(
                        "serving.model.age",
                        current,
                        c ->
                                c.get()
                                        .map(
                                                m ->
                                                        Duration.between(
                                                                                m.createdAt(),
                                                                                Instant.now())
                                                                        .toMillis()
                                                                / 1000.0)
                                        .orElse(Double.NaN))
                .baseUnit("seconds")
                .description("time since the served model was built")
                .register(meters);
        Gauge.builder(
                        "serving.model.load.duration",
                        current,
                        c -> c.get().map(m -> m.loadTime().toMillis() / 1000.0).orElse(Double.NaN))
                .baseUnit("seconds")
                .description("how long loading and verifying the served model took")
                .register(meters);
    }

    @EventListener
    public void on(ModelSwapped swapped) {
        info.register(
                List.of(MultiGauge.Row.of(Tags.of("version", swapped.current().version()), 1)),
                true);
    }
}
