package org.lambdamusic.contracts.config;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.Map;
import org.junit.jupiter.api.Test;
import org.lambdamusic.contracts.interaction.InteractionType;

class FeedbackSettingsTest {

    @Test
    void defaultsAreTheContractWeightsAndBoost() {
        FeedbackSettings s = FeedbackSettings.from(Map.of());

        assertThat(s).isEqualTo(FeedbackSettings.DEFAULTS);
        assertThat(s.weight(InteractionType.PLAY)).isEqualTo(1);
        assertThat(s.weight(InteractionType.LIKE)).isEqualTo(3);
        assertThat(s.weight(InteractionType.SKIP)).isEqualTo(-1);
        assertThat(s.artistBoost()).isEqualTo(1.2);
        assertThat(s.historySize()).isEqualTo(50);
        // 4 plays, 2 likes, 3 skips: 4 + 6 - 3
        assertThat(s.score(4, 2, 3)).isEqualTo(7);
    }

    @Test
    void everyValueComesFromTheEnvironment() {
        FeedbackSettings s =
                FeedbackSettings.from(
                        Map.of(
                                "FEEDBACK_PLAY_WEIGHT", "2",
                                "FEEDBACK_LIKE_WEIGHT", "5",
                                "FEEDBACK_SKIP_WEIGHT", "-4",
                                "ARTIST_BOOST", "1.5",
                                "HISTORY_SIZE", " 20 "));

        assertThat(s).isEqualTo(new FeedbackSettings(2, 5, -4, 1.5, 20));
        assertThat(s.score(1, 1, 1)).isEqualTo(3);
    }

    @Test
    void badValuesNameTheVariable() {
        assertThatThrownBy(() -> FeedbackSettings.from(Map.of("FEEDBACK_LIKE_WEIGHT", "lots")))
                .hasMessageContaining("FEEDBACK_LIKE_WEIGHT");
        assertThatThrownBy(() -> FeedbackSettings.from(Map.of("ARTIST_BOOST", "0")))
                .hasMessageContaining("ARTIST_BOOST");
        assertThatThrownBy(() -> FeedbackSettings.from(Map.of("HISTORY_SIZE", "0")))
                .hasMessageContaining("HISTORY_SIZE");
    }
}
