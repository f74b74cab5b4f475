package org.lambdamusic.serving.profile;

import static org.assertj.core.api.Assertions.assertThat;
import static org.hamcrest.Matchers.contains;
import static org.hamcrest.Matchers.nullValue;
import static org.springframework.test.web.servlet.request.MockMvcRequestBuilders.get;
import static org.springframework.test.web.servlet.result.MockMvcResultMatchers.content;
import static org.springframework.test.web.servlet.result.MockMvcResultMatchers.jsonPath;
import static org.springframework.test.web.servlet.result.MockMvcResultMatchers.status;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.lambdamusic.contracts.listener.ListenerView;
import org.lambdamusic.contracts.listener.Watermark;
import org.lambdamusic.contracts.view.UserProfileView;
import org.lambdamusic.serving.model.CurrentModel;
import org.lambdamusic.serving.model.TestViews;
import org.lambdamusic.serving.model.TinyModel;
import org.lambdamusic.serving.system.InMemoryServing;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.autoconfigure.web.servlet.WebMvcTest;
import org.springframework.context.annotation.Import;
import org.springframework.http.MediaType;
import org.springframework.test.web.servlet.MockMvc;

@WebMvcTest(ProfileController.class)
@Import(InMemoryServing.class)
class ProfileControllerTest {
    // ana, partition 0, offsets 0..4: like t1, play "gone" (not in the model), like t4,
    // skip t1 (goes off t1), play t4
    static final UserProfileView ANA =
            SpeedViews.of("ana", "like:t1", "play:gone", "like:t4", "skip:t1", "play:t4");

    @Autowired MockMvc mvc;
    @Autowired CurrentModel current;
    @Autowired ListenerProfiles profiles;
    private final ObjectMapper json = new ObjectMapper();

    @BeforeEach
    void setUp() {
        current.swap(TinyModel.build());
        profiles.update("ana", ANA, true);
    }

    @Test
    void historyLikesArtistsAndCountsEnrichedFromTheModel() throws Exception {
        mvc.perform(get("/api/user/ana"))
                .andExpect(status().isOk())
                .andExpect(jsonPath("$.user_id").value("ana"))
                .andExpect(
                        jsonPath("$.recent[*].event_id")
                                .value(contains("ana-4", "ana-3", "ana-2", "ana-1", "ana-0")))
                .andExpect(jsonPath("$.recent[0].track_id").value("t4"))
                .andExpect(jsonPath("$.recent[0].track_name").value("Epsilon"))
                .andExpect(jsonPath("$.recent[0].artists").value("C"))
                .andExpect(jsonPath("$.recent[0].interaction_type").value("play"))
                .andExpect(jsonPath("$.recent[0].timestamp").value(5000))
                .andExpect(jsonPath("$.recent[3].track_name").value(nullValue()))
                .andExpect(jsonPath("$.liked_tracks[*].track_id").value(contains("t4")))
                .andExpect(jsonPath("$.liked_tracks[0].track_name").value("Epsilon"))
                .andExpect(jsonPath("$.liked_artists").value(contains("C")))
                .andExpect(jsonPath("$.skipped_tracks").value(contains("t1")))
                .andExpect(jsonPath("$.played_tracks").value(2))
                .andExpect(jsonPath("$.counts.play").value(2))
                .andExpect(jsonPath("$.counts.like").value(2))
                .andExpect(jsonPath("$.counts.skip").value(1))
                .andExpect(jsonPath("$.sources.batch_events").value(0))
                .andExpect(jsonPath("$.sources.speed_events").value(5))
                .andExpect(jsonPath("$.sources.watermark").value(-1))
                .andExpect(jsonPath("$.sources.complete").value(true));
    }

    @Test
    void batchViewPlusSpeedEventsAfterTheWatermarkCountEachEventOnceAtEveryWatermark()
            throws Exception {
        JsonNode speedOnly = answer();
        for (long w = -1; w <= 4; w++) {
            current.swap(
                    TinyModel.build(
                            TinyModel.VERSION,
                            TestViews.upTo(new Watermark(Map.of(0, w)), List.of(ANA))));

            JsonNode merged = answer();

            assertThat(strip(merged)).as("W = %d", w).isEqualTo(strip(speedOnly));
            assertThat(merged.at("/sources/batch_events").asLong()).isEqualTo(w + 1);
            assertThat(merged.at("/sources/speed_events").asInt()).isEqualTo((int) (4 - w));
        }
        ListenerView expected = TestViews.fromScratch(ANA);
        assertThat(answer().at("/counts/play").asLong()).isEqualTo(expected.counts().play());
    }

    @Test
    void aBatchViewAloneAnswersAfterTheSpeedViewIsGone() throws Exception {
        current.swap(
                TinyModel.build(
                        TinyModel.VERSION,
                        TestViews.upTo(new Watermark(Map.of(0, 4L)), List.of(ANA))));
        JsonNode before = answer();

        profiles.update("ana", null, true); // the speed layer was reset: no view for ana

        assertThat(strip(answer())).isEqualTo(strip(before));
        assertThat(answer().at("/sources/speed_events").asInt()).isZero();
    }

    @Test
    void speedEventsDroppedBeforeTheWatermarkCoversThemMakeTheAnswerIncomplete() throws Exception {
        UserProfileView pruned = new UserProfileView("ana", 0, ANA.events().subList(3, 5), 2, 5000);
        profiles.update("ana", pruned, true);

        mvc.perform(get("/api/user/ana"))
                .andExpect(status().isOk())
                .andExpect(jsonPath("$.sources.complete").value(false))
                .andExpect(jsonPath("$.counts.skip").value(1));
    }

    @Test
    void unknownUserIs404Problem() throws Exception {
        mvc.perform(get("/api/user/nobody"))
                .andExpect(status().isNotFound())
                .andExpect(content().contentType(MediaType.APPLICATION_PROBLEM_JSON))
                .andExpect(jsonPath("$.title").value("Unknown user"));
    }

    @Test
    void aTombstoneForgetsAUserTheBatchViewsDoNotKnow() throws Exception {
        profiles.update("ana", null, true);
        mvc.perform(get("/api/user/ana")).andExpect(status().isNotFound());
    }

    private JsonNode answer() throws Exception {
        return json.readTree(
                mvc.perform(get("/api/user/ana"))
                        .andExpect(status().isOk())
                        .andReturn()
                        .getResponse()
                        .getContentAsString());
    }

    /** The answer without where it came from: that is what must not change. */
    private static JsonNode strip(JsonNode answer) {
        JsonNode copy = answer.deepCopy();
        ((com.fasterxml.jackson.databind.node.ObjectNode) copy).remove("sources");
        return copy;
    }
}
