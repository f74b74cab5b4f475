package org.lambdamusic.serving.system;

import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import org.lambdamusic.serving.kafka.KafkaProperties;
import org.lambdamusic.serving.model.AlsConfiguration;
import org.lambdamusic.serving.model.CurrentModel;
import org.lambdamusic.serving.profile.EventRate;
import org.lambdamusic.serving.profile.FeedbackConfiguration;
import org.lambdamusic.serving.profile.ListenerProfiles;
import org.lambdamusic.serving.profile.Listeners;
import org.lambdamusic.serving.recommend.CandidatePools;
import org.lambdamusic.serving.recommend.ForYou;
import org.lambdamusic.serving.recommend.ListenerTaste;
import org.lambdamusic.serving.recommend.RecommendConfiguration;
import org.lambdamusic.serving.recommend.RecommendProperties;
import org.lambdamusic.serving.recommend.Recommender;
import org.lambdamusic.serving.recommend.ScoringConfiguration;
import org.lambdamusic.serving.trending.TrendingBoard;
import org.springframework.boot.context.properties.EnableConfigurationProperties;
import org.springframework.boot.test.context.TestConfiguration;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Import;

/**
 * The real in-memory parts of the serving layer (model holder, recommender, profiles, trending) for
 * {@code @WebMvcTest} slices; only the S3 and Kafka boundaries are replaced per test.
 */
@TestConfiguration(proxyBeanMethods = false)
@Import({
    CurrentModel.class,
    AlsConfiguration.class,
    CandidatePools.class,
    Recommender.class,
    ListenerProfiles.class,
    Listeners.class,
    ListenerTaste.class,
    ForYou.class,
    ScoringConfiguration.class,
    FeedbackConfiguration.class,
    RecommendConfiguration.class,
    EventRate.class,
    TrendingBoard.class
})
@EnableConfigurationProperties({RecommendProperties.class, KafkaProperties.class})
public class InMemoryServing {
    @Bean
    MeterRegistry meterRegistry() {
        return new SimpleMeterRegistry();
    }
}
