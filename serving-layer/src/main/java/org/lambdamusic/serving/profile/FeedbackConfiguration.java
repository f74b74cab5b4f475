package org.lambdamusic.serving.profile;

import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.lambdamusic.contracts.config.FeedbackSettings;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.core.env.Environment;

/**
 * The feedback weights, artist boost and history size, read through the same variables as the batch
 * and speed layers ({@link FeedbackSettings}, defaults written there). Looked up in Spring's
 * environment, so a {@code -DARTIST_BOOST=1.5} or a test property works as well as the variable.
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
        Map<String, String> values = new HashMap<>();
        for (String key : KEYS) {
            String value = environment.getProperty(key);
            if (value != null) {
                values.put(key, value);
            }
        }
        return FeedbackSettings.from(values);
    }
}
