package org.lambdamusic.serving.recommend;

import java.util.List;
import org.lambdamusic.contracts.config.ScoringSettings;
import org.lambdamusic.serving.system.SharedVariables;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.core.env.Environment;

/**
 * The weights of the "for you" blend through the variables the batch layer evaluates the blend with
 * ({@link ScoringSettings}, defaults written there), so what is measured is what is served.
 */
@Configuration(proxyBeanMethods = false)
public class ScoringConfiguration {
    static final List<String> KEYS =
            List.of("SCORING_CF_WEIGHT", "SCORING_CONTENT_WEIGHT", "SCORING_POPULARITY_WEIGHT");

    @Bean
    public ScoringSettings scoringSettings(Environment environment) {
        return ScoringSettings.from(SharedVariables.of(environment, KEYS));
    }
}
