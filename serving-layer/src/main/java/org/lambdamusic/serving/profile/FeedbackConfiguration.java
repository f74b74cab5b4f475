package org.lambdamusic.serving.profile;

import java.util.List;
import org.lambdamusic.contracts.config.FeedbackSettings;
import org.lambdamusic.serving.system.SharedVariables;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.core.env.Environment;

/**
 * The feedback weights, artist boost and history size, read through the same variables as the batch
 * and speed layers ({@link FeedbackSettings}, defaults written there).
 */
@Configuration(proxyBeanMethods = false)
public class FeedbackConfiguration {
    static final List<String> KEYS =
            List.of(
                    "FEEDBACK_PLAY_WEIGHT",
                    "FEEDBACK_LIKE_WEIGHT",
                    "FEEDBACK_SKIP_WEIGHT",
                    "ARTIST_BOOST",
                    "HISTORY_SIZE");

    @Bean
    public FeedbackSettings feedbackSettings(Environment environment) {
        return FeedbackSettings.from(SharedVariables.of(environment, KEYS));
    }
}
