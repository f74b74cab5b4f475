package org.lambdamusic.serving.profile;

import static org.hamcrest.Matchers.contains;
import static org.hamcrest.Matchers.nullValue;
import static org.springframework.test.web.servlet.request.MockMvcRequestBuilders.get;
import static org.springframework.test.web.servlet.result.MockMvcResultMatchers.content;
import static org.springframework.test.web.servlet.result.MockMvcResultMatchers.jsonPath;
import static org.springframework.test.web.servlet.result.MockMvcResultMatchers.status;

import java.util.List;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.lambdamusic.contracts.view.InteractionCounts;
import org.lambdamusic.contracts.view.RecentInteraction;
import org.lambdamusic.contracts.view.UserProfileView;
import org.lambdamusic.serving.model.CurrentModel;
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
    @Autowired MockMvc mvc;
    @Autowired CurrentModel current;
    @Autowired ListenerProfiles profiles;

    @BeforeEach
    void setUp() {
        current.swap(TinyModel.build());
        profiles.update(
                "ana",
                new UserProfileView(
                        "ana",
                        List.of(
                                new RecentInteraction("e3", "t4", "like", 3000),
                                new RecentInteraction("e2", "gone", "play", 2000),
                                new RecentInteraction("e1", "t1", "like", 1000)),
                        List.of("t1", "t4", "gone"),
                        new InteractionCounts(1, 2, 0),
                        3000),
                true);
    }

    @Test
    void recentHistoryLikesArtistsAndCountsEnrichedFromTheModel() throws Exception {
        mvc.perform(get("/api/user/ana"))
                .andExpect(status().isOk())
                .andExpect(jsonPath("$.user_id").value("ana"))
                .andExpect(jsonPath("$.recent[*].event_id").value(contains("e3", "e2", "e1")))
                .andExpect(jsonPath("$.recent[0].track_id").value("t4"))
                .andExpect(jsonPath("$.recent[0].track_name").value("Epsilon"))
                .andExpect(jsonPath("$.recent[0].artists").value("C"))
                .andExpect(jsonPath("$.recent[0].interaction_type").value("like"))
                .andExpect(jsonPath("$.recent[0].timestamp").value(3000))
                .andExpect(jsonPath("$.recent[1].track_name").value(nullValue()))
                .andExpect(
                        jsonPath("$.liked_tracks[*].track_id").value(contains("t1", "t4", "gone")))
                .andExpect(jsonPath("$.liked_tracks[0].track_name").value("Beta"))
                .andExpect(jsonPath("$.liked_tracks[0].artists").value("B;C"))
                .andExpect(jsonPath("$.liked_artists").value(contains("B", "C")))
                .andExpect(jsonPath("$.counts.play").value(1))
                .andExpect(jsonPath("$.counts.like").value(2))
                .andExpect(jsonPath("$.counts.skip").value(0));
    }

    @Test
    void unknownUserIs404Problem() throws Exception {
        mvc.perform(get("/api/user/nobody"))
                .andExpect(status().isNotFound())
                .andExpect(content().contentType(MediaType.APPLICATION_PROBLEM_JSON))
                .andExpect(jsonPath("$.title").value("Unknown user"));
    }

    @Test
    void aTombstoneForgetsTheUser() throws Exception {
        profiles.update("ana", null, true);
        mvc.perform(get("/api/user/ana")).andExpect(status().isNotFound());
    }
}
