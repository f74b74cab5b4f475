package org.lambdamusic.contracts.view;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import org.junit.jupiter.api.Test;
import org.lambdamusic.contracts.ContractsJson;
import org.lambdamusic.contracts.interaction.DeadLetter;

class ViewJsonTest {

    @Test
    void userProfileUsesSnakeCase() throws Exception {
        UserProfileView view =
                new UserProfileView(
                        "u1", 2, List.of(new RecentInteraction("e1", "t1", "like", 10, 7)), -1, 10);
        String json = new String(ContractsJson.write(view));
        assertThat(json)
                .isEqualTo(
                        "{\"user_id\":\"u1\",\"partition\":2,\"events\":[{\"event_id\":\"e1\","
                                + "\"track_id\":\"t1\",\"interaction_type\":\"like\",\"timestamp\":10,"
                                + "\"offset\":7}],\"log_floor\":-1,\"updated_at\":10}");
        assertThat(ContractsJson.read(json.getBytes(), UserProfileView.class)).isEqualTo(view);
    }

    @Test
    void deadLetterKeepsTheContractFieldNames() throws Exception {
        String json = new String(ContractsJson.write(new DeadLetter("{bad", "malformed JSON", 7)));
        assertThat(json)
                .isEqualTo(
                        "{\"originalEvent\":\"{bad\",\"error\":\"malformed JSON\",\"timestamp\":7}");
        String traced =
                new String(
                        ContractsJson.write(
                                new DeadLetter(
                                        "{bad",
                                        "malformed JSON",
                                        7,
                                        "4bf92f3577b34da6a3ce929d0e0e4736")));
        assertThat(traced)
                .endsWith(",\"timestamp\":7,\"trace_id\":\"4bf92f3577b34da6a3ce929d0e0e4736\"}");
        assertThat(ContractsJson.read(traced.getBytes(), DeadLetter.class).traceId())
                .isEqualTo("4bf92f3577b34da6a3ce929d0e0e4736");
    }

    @Test
    void trendingRoundTrips() throws Exception {
        TrendingView view =
                new TrendingView(0, 3_600_000, List.of(new TrendingTrack("t", 4, 1, 1, 0)));
        assertThat(ContractsJson.read(ContractsJson.write(view), TrendingView.class))
                .isEqualTo(view);
    }
}
