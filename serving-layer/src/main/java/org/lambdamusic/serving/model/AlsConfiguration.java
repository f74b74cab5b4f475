package org.lambdamusic.serving.model;

import java.util.List;
import org.lambdamusic.contracts.config.AlsSettings;
import org.lambdamusic.serving.system.SharedVariables;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.core.env.Environment;

/**
 * The collaborative-filtering settings through the variables the batch layer trains with ({@link
 * AlsSettings}, defaults written there): what the next retrain will train with, shown in
 * /api/stats. A loaded version folds listeners in with the settings it was trained with (its
 * manifest's {@code factors}), which these are only when nobody changed them since.
 */
@Configuration(proxyBeanMethods = false)
public class AlsConfiguration {
    static final List<String> KEYS =
            List.of("ALS_RANK", "ALS_REG", "ALS_ALPHA", "ALS_ITERATIONS", "ALS_SEED");

    @Bean
    public AlsSettings alsSettings(Environment environment) {
        return AlsSettings.from(SharedVariables.of(environment, KEYS));
    }
}
