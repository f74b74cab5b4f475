package org.lambdamusic.serving.search;

import static org.hamcrest.Matchers.contains;
import static org.springframework.test.web.servlet.request.MockMvcRequestBuilders.get;
import static org.springframework.test.web.servlet.result.MockMvcResultMatchers.content;
import static org.springframework.test.web.servlet.result.MockMvcResultMatchers.jsonPath;
import static org.springframework.test.web.servlet.result.MockMvcResultMatchers.status;

import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.lambdamusic.serving.model.CurrentModel;
import org.lambdamusic.serving.model.TinyModel;
import org.lambdamusic.serving.system.InMemoryServing;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.autoconfigure.web.servlet.WebMvcTest;
import org.springframework.context.annotation.Import;
import org.springframework.http.MediaType;
import org.springframework.test.web.servlet.MockMvc;

@WebMvcTest(TrackController.class)
@Import(InMemoryServing.class)
class TrackControllerTest {
    @Autowired MockMvc mvc;
    @Autowired CurrentModel current;

    @BeforeEach
    void loadTinyModel() {
        current.swap(TinyModel.build());
    }

    @Test
    void searchIsCaseInsensitiveOverNameAndArtistsMostPopularFirst() throws Exception {
        // "a" is in every name but Epsilon, also the two catalogue tracks outside the sample; most
        // popular first: u5 90, t0 80, t2 70, t1 60, u6 5, t3 (none).
        mvc.perform(get("/api/tracks").param("q", "A"))
                .andExpect(status().isOk())
                .andExpect(jsonPath("$.total").value(6))
                .andExpect(jsonPath("$.limit").value(20))
                .andExpect(jsonPath("$.offset").value(0))
                .andExpect(
                        jsonPath("$.items[*].track_id")
                                .value(contains("u5", "t0", "t2", "t1", "u6", "t3")))
                .andExpect(jsonPath("$.items[0].recommendable").value(false))
                .andExpect(jsonPath("$.items[1].track_name").value("Alpha"))
                .andExpect(jsonPath("$.items[1].artists").value("A"))
                .andExpect(jsonPath("$.items[1].album_name").value("Album Alpha"))
                .andExpect(jsonPath("$.items[1].track_genre").value("genre"))
                .andExpect(jsonPath("$.items[1].popularity").value(80))
                .andExpect(jsonPath("$.items[1].recommendable").value(true));
        // By artist: no name has a "c"; the artists "B;C" and "C" match.
        mvc.perform(get("/api/tracks").param("q", "c"))
                .andExpect(jsonPath("$.items[*].track_id").value(contains("t1", "t4")));
        mvc.perform(get("/api/tracks").param("q", "gAmMa"))
                .andExpect(jsonPath("$.total").value(1))
                .andExpect(jsonPath("$.items[0].track_id").value("t2"));
    }

    @Test
    void pagesCountEveryMatch() throws Exception {
        mvc.perform(get("/api/tracks").param("q", "").param("limit", "2").param("offset", "1"))
                .andExpect(status().isOk())
                .andExpect(jsonPath("$.total").value(7))
                .andExpect(jsonPath("$.limit").value(2))
                .andExpect(jsonPath("$.offset").value(1))
                .andExpect(jsonPath("$.items[*].track_id").value(contains("t0", "t2")));
        mvc.perform(get("/api/tracks").param("q", "zzz"))
                .andExpect(jsonPath("$.total").value(0))
                .andExpect(jsonPath("$.items.length()").value(0));
    }

    @Test
    void recommendableTrueListsOnlyTracksThatCanSeedRecommendations() throws Exception {
        mvc.perform(get("/api/tracks").param("q", "").param("recommendable", "true"))
                .andExpect(status().isOk())
                .andExpect(jsonPath("$.total").value(5))
                .andExpect(
                        jsonPath("$.items[*].track_id")
                                .value(contains("t0", "t2", "t1", "t4", "t3")));
        // "eta": Beta in the sample, Zeta and Eta outside it.
        mvc.perform(get("/api/tracks").param("q", "eta").param("recommendable", "true"))
                .andExpect(jsonPath("$.items[*].track_id").value(contains("t1")));
        mvc.perform(get("/api/tracks").param("q", "eta"))
                .andExpect(jsonPath("$.items[*].track_id").value(contains("u5", "t1", "u6")));
    }

    @Test
    void badPagingIs400Problem() throws Exception {
        for (String[] p :
                new String[][] {
                    {"limit", "0"}, {"limit", "101"}, {"offset", "-1"}, {"limit", "ten"}
                }) {
            mvc.perform(get("/api/tracks").param(p[0], p[1]))
                    .andExpect(status().isBadRequest())
                    .andExpect(content().contentType(MediaType.APPLICATION_PROBLEM_JSON));
        }
    }

    @Test
    void oneTrackWithFeatures() throws Exception {
        mvc.perform(get("/api/tracks/t1"))
                .andExpect(status().isOk())
                .andExpect(jsonPath("$.track_id").value("t1"))
                .andExpect(jsonPath("$.track_name").value("Beta"))
                .andExpect(jsonPath("$.artists").value("B;C"))
                .andExpect(jsonPath("$.popularity").value(60))
                .andExpect(jsonPath("$.features.danceability").value(1.0))
                .andExpect(jsonPath("$.features.tempo").value(2.0))
                .andExpect(jsonPath("$.features.length()").value(11))
                .andExpect(jsonPath("$.recommendable").value(true));
    }

    @Test
    void aCatalogueTrackOutsideTheSampleIsKnownButNotRecommendable() throws Exception {
        mvc.perform(get("/api/tracks/u5"))
                .andExpect(status().isOk())
                .andExpect(jsonPath("$.track_name").value("Zeta"))
                .andExpect(jsonPath("$.recommendable").value(false));
    }

    @Test
    void unknownTrackIs404Problem() throws Exception {
        mvc.perform(get("/api/tracks/nope"))
                .andExpect(status().isNotFound())
                .andExpect(content().contentType(MediaType.APPLICATION_PROBLEM_JSON))
                .andExpect(jsonPath("$.title").value("Unknown track"));
    }
}
