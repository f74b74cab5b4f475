package org.lambdamusic.serving.trending;

import static org.hamcrest.Matchers.contains;
import static org.hamcrest.Matchers.nullValue;
import static org.springframework.test.web.servlet.request.MockMvcRequestBuilders.get;
import static org.springframework.test.web.servlet.result.MockMvcResultMatchers.content;
import static org.springframework.test.web.servlet.result.MockMvcResultMatchers.jsonPath;
import static org.springframework.test.web.servlet.result.MockMvcResultMatchers.status;

import java.util.List;
import org.junit.jupiter.api.Test;
import org.lambdamusic.contracts.view.TrendingTrack;
import org.lambdamusic.contracts.view.TrendingView;
import org.lambdamusic.serving.model.CurrentModel;
import org.lambdamusic.serving.model.TinyModel;
import org.lambdamusic.serving.system.InMemoryServing;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.autoconfigure.web.servlet.WebMvcTest;
import org.springframework.context.annotation.Import;
import org.springframework.http.MediaType;
import org.springframework.test.annotation.DirtiesContext;
import org.springframework.test.web.servlet.MockMvc;

@WebMvcTest(TrendingController.class)
@Import(InMemoryServing.class)
@DirtiesContext
class TrendingControllerTest {
    @Autowired MockMvc mvc;
    @Autowired CurrentModel current;
    @Autowired TrendingBoard board;

    @Test
    void emptyBeforeAnyViewThenEnrichedAndLimited() throws Exception {
        mvc.perform(get("/api/trending"))
                .andExpect(status().isOk())
                .andExpect(jsonPath("$.window_start").value(nullValue()))
                .andExpect(jsonPath("$.tracks.length()").value(0));

        current.swap(TinyModel.build());
        board.update(
                new TrendingView(
                        1000,
                        2000,
                        List.of(
                                new TrendingTrack("t3", 7, 1, 2, 0),
                                new TrendingTrack("t1", 2, 3, 0, 1),
                                new TrendingTrack("other", 1, 1, 0, 0))));
        mvc.perform(get("/api/trending").param("limit", "2"))
                .andExpect(status().isOk())
                .andExpect(jsonPath("$.window_start").value(1000))
                .andExpect(jsonPath("$.window_end").value(2000))
                .andExpect(jsonPath("$.tracks[*].track_id").value(contains("t3", "t1")))
                .andExpect(jsonPath("$.tracks[0].track_name").value("Delta"))
                .andExpect(jsonPath("$.tracks[0].artists").value("D"))
                .andExpect(jsonPath("$.tracks[0].score").value(7))
                .andExpect(jsonPath("$.tracks[0].plays").value(1))
                .andExpect(jsonPath("$.tracks[0].likes").value(2))
                .andExpect(jsonPath("$.tracks[0].skips").value(0));
        mvc.perform(get("/api/trending").param("limit", "0"))
                .andExpect(status().isBadRequest())
                .andExpect(content().contentType(MediaType.APPLICATION_PROBLEM_JSON));
    }
}
