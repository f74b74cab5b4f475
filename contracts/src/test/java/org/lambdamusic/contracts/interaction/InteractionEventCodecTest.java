package org.lambdamusic.contracts.interaction;

import static java.nio.charset.StandardCharsets.UTF_8;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class InteractionEventCodecTest {

    @Test
    void roundTripsAnEvent() throws Exception {
        InteractionEvent event =
                new InteractionEvent(
                        "e-1",
                        "user_1",
                        "5SuOikwiRyPMVoIQDJUgSV",
                        InteractionType.LIKE,
                        1_764_000_000_000L);

        byte[] json = InteractionEventCodec.toJson(event);

        assertThat(new String(json, UTF_8))
                .isEqualTo(
                        "{\"event_id\":\"e-1\",\"user_id\":\"user_1\",\"track_id\":\"5SuOikwiRyPMVoIQDJUgSV\","
                                + "\"interaction_type\":\"like\",\"timestamp\":1764000000000}");
        assertThat(InteractionEventCodec.fromJson(json)).isEqualTo(event);
    }

    @Test
    void ignoresUnknownFields() throws Exception {
        String json =
                "{\"source\":{\"app\":\"web\"},\"event_id\":\"e\",\"user_id\":\"u\",\"track_id\":\"t\","
                        + "\"interaction_type\":\"skip\",\"timestamp\":5}";
        assertThat(InteractionEventCodec.fromJson(json.getBytes(UTF_8)).type())
                .isEqualTo(InteractionType.SKIP);
    }

    @ParameterizedTest
    @CsvSource(
            delimiter = '|',
            value = {
                "{not json|malformed JSON",
                "[1,2]|malformed JSON: not an object",
                "{\"user_id\":\"u\",\"track_id\":\"t\",\"interaction_type\":\"play\",\"timestamp\":1}|missing field: event_id",
                "{\"event_id\":\"e\",\"user_id\":\"  \",\"track_id\":\"t\",\"interaction_type\":\"play\",\"timestamp\":1}|blank field: user_id",
                "{\"event_id\":\"e\",\"user_id\":\"u\",\"track_id\":\"t\",\"interaction_type\":\"share\",\"timestamp\":1}|unknown interaction_type: 'share'",
                "{\"event_id\":\"e\",\"user_id\":\"u\",\"track_id\":\"t\",\"interaction_type\":\"play\"}|missing field: timestamp",
                "{\"event_id\":\"e\",\"user_id\":\"u\",\"track_id\":\"t\",\"interaction_type\":\"play\",\"timestamp\":\"soon\"}|field timestamp must be an integer (epoch ms)",
                "{\"event_id\":\"e\",\"user_id\":7,\"track_id\":\"t\",\"interaction_type\":\"play\",\"timestamp\":1}|field user_id must be a string",
            })
    void rejectsWithAReason(String json, String reason) {
        assertThatThrownBy(() -> InteractionEventCodec.fromJson(json.getBytes(UTF_8)))
                .isInstanceOf(InvalidEventException.class)
                .hasMessageStartingWith(reason);
    }

    @Test
    void wireNamesAreExactLowerCase() {
        assertThat(InteractionType.fromWire("play")).contains(InteractionType.PLAY);
        assertThat(InteractionType.fromWire("PLAY")).isEmpty();
    }
}
