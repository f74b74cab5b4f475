package org.lambdamusic.serving.recommend;

import org.lambdamusic.contracts.config.FeedbackSettings;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

/** The artist boost of the hybrid score, from the shared feedback settings. */
@Configuration(proxyBeanMethods = false)
public class RecommendConfiguration {
    @Bean
    public ArtistBoost artistBoost(FeedbackSettings feedback) {
        return new ArtistBoost(feedback.artistBoost());
    }
}
