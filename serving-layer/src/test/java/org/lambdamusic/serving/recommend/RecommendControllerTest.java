package org.lambdamusic.serving.recommend;

import static org.hamcrest.Matchers.closeTo;
import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.nullValue;
import static org.springframework.test.web.servlet.request.MockMvcRequestBuilders.post;
import static org.springframework.test.web.servlet.result.MockMvcResultMatchers.content;
import static org.springframework.test.web.servlet.result.MockMvcResultMatchers.jsonPath;
import static org.springframework.test.web.servlet.result.MockMvcResultMatchers.status;

import java.util.List;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.lambdamusic.contracts.view.InteractionCounts;
import org.lambdamusic.contracts.view.UserProfileView;
import org.lambdamusic.serving.model.CurrentModel;
import org.lambdamusic.serving.model.TinyModel;
import org.lambdamusic.serving.profile.ListenerProfiles;
import org.lambdamusic.serving.system.InMemoryServing;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.autoconfigure.web.servlet.WebMvcTest;
import org.springframework.context.annotation.Import;
import org.springframework.http.MediaType;
import org.springframework.test.web.servlet.MockMvc;
import org.springframework.test.web.servlet.ResultActions;

@WebMvcTest(RecommendController.class)
@Import(InMemoryServing.class)
class RecommendControllerTest {
    @Autowired MockMvc mvc;
    @Autowired CurrentModel current;
    @Autowired ListenerProfiles profiles;

    @BeforeEach
    void loadTinyModel() {
        current.swap(TinyModel.build());
        profiles.update(
                "ana",
                new UserProfileView(
                        "ana", List.of(), List.of("t2"), new InteractionCounts(0, 1, 0), 1L),
                true);
    }

    private ResultActions recommend(String body) throws Exception {
        return mvc.perform(
                post("/api/recommend").contentType(MediaType.APPLICATION_JSON).content(body));
    }

    @Test
    void plainRecommendations() throws Exception {
        recommend("{\"track_id\":\"t0\",\"top_n\":3}")
                .andExpect(status().isOk())
                .andExpect(content().contentTypeCompatibleWith(MediaType.APPLICATION_JSON))
                .andExpect(jsonPath("$.seed.track_id").value("t0"))
                .andExpect(jsonPath("$.seed.track_name").value("Alpha"))
                .andExpect(jsonPath("$.seed.artists").value("A"))
                .andExpect(jsonPath("$.seed.album_name").value("Album Alpha"))
                .andExpect(jsonPath("$.seed.track_genre").value("genre"))
                .andExpect(jsonPath("$.seed.popularity").value(80))
                .andExpect(jsonPath("$.user_id").value(nullValue()))
                .andExpect(jsonPath("$.model_version").value(TinyModel.VERSION))
                .andExpect(jsonPath("$.recommendations.length()").value(3))
                .andExpect(
                        jsonPath("$.recommendations[*].track_id")
                                .value(org.hamcrest.Matchers.contains("t1", "t3", "t2")))
                .andExpect(jsonPath("$.recommendations[0].track_name").value("Beta"))
                .andExpect(jsonPath("$.recommendations[0].artists").value("B;C"))
                .andExpect(jsonPath("$.recommendations[0].similarity").value(closeTo(0.9, 1e-6)))
                .andExpect(jsonPath("$.recommendations[0].boost").value(1.0))
                .andExpect(jsonPath("$.recommendations[0].score").value(closeTo(0.9, 1e-6)));
    }

    @Test
    void personalisedRecommendationsBoostLikedArtists() throws Exception {
        recommend("{\"track_id\":\"t0\",\"user_id\":\"ana\",\"top_n\":2}")
                .andExpect(status().isOk())
                .andExpect(jsonPath("$.user_id").value("ana"))
                .andExpect(
                        jsonPath("$.recommendations[*].track_id")
                                .value(org.hamcrest.Matchers.contains("t1", "t2")))
                .andExpect(jsonPath("$.recommendations[1].boost").value(1.2))
                .andExpect(jsonPath("$.recommendations[1].score").value((double) 0.7f * 1.2));
    }

    @Test
    void defaultTopNIsTenAndAnUnknownUserGetsNoBoost() throws Exception {
        recommend("{\"track_id\":\"t0\",\"user_id\":\"nobody\"}")
                .andExpect(status().isOk())
                .andExpect(jsonPath("$.recommendations.length()").value(4))
                .andExpect(
                        jsonPath("$.recommendations[*].boost")
                                .value(
                                        org.hamcrest.Matchers.everyItem(
                                                org.hamcrest.Matchers.is(1.0))));
    }

    @Test
    void unknownTrackIs404Problem() throws Exception {
        recommend("{\"track_id\":\"nope\"}")
                .andExpect(status().isNotFound())
                .andExpect(content().contentType(MediaType.APPLICATION_PROBLEM_JSON))
                .andExpect(jsonPath("$.title").value("Unknown track"))
                .andExpect(jsonPath("$.detail").value(containsString("nope")))
                .andExpect(jsonPath("$.status").value(404));
    }

    @Test
    void aCatalogueTrackOutsideTheSampleIsAClear404() throws Exception {
        recommend("{\"track_id\":\"u5\"}")
                .andExpect(status().isNotFound())
                .andExpect(content().contentType(MediaType.APPLICATION_PROBLEM_JSON))
                .andExpect(jsonPath("$.title").value("Track not in the sample model"))
                .andExpect(
                        jsonPath("$.detail")
                                .value(
                                        "Track u5 is in the catalogue but not among the 5 tracks"
                                                + " of sample model "
                                                + TinyModel.VERSION
                                                + ", so it cannot seed recommendations; pick a"
                                                + " track of the sample, or serve a full-catalog"
                                                + " model (batch --sample all)."))
                .andExpect(jsonPath("$.sample_size").value(5))
                .andExpect(jsonPath("$.model_version").value(TinyModel.VERSION))
                .andExpect(jsonPath("$.track_id").value("u5"));
    }

    @Test
    void aLikedTrackOutsideTheSampleStillBoostsItsArtist() throws Exception {
        // u5 has no similarities, but its artist A is t2's: t2 0.84 overtakes t3 0.8.
        profiles.update(
                "zoe",
                new UserProfileView(
                        "zoe", List.of(), List.of("u5"), new InteractionCounts(0, 1, 0), 1L),
                true);
        recommend("{\"track_id\":\"t0\",\"user_id\":\"zoe\",\"top_n\":2}")
                .andExpect(status().isOk())
                .andExpect(
                        jsonPath("$.recommendations[*].track_id")
                                .value(org.hamcrest.Matchers.contains("t1", "t2")))
                .andExpect(jsonPath("$.recommendations[1].boost").value(1.2));
    }

    @Test
    void topNOutOfRangeIs400Problem() throws Exception {
        for (String topN : List.of("0", "101", "-3")) {
            recommend("{\"track_id\":\"t0\",\"top_n\":" + topN + "}")
                    .andExpect(status().isBadRequest())
                    .andExpect(content().contentType(MediaType.APPLICATION_PROBLEM_JSON))
                    .andExpect(jsonPath("$.detail").value(containsString("top_n")));
        }
    }

    @Test
    void missingTrackIdIs400Problem() throws Exception {
        recommend("{\"user_id\":\"ana\"}")
                .andExpect(status().isBadRequest())
                .andExpect(content().contentType(MediaType.APPLICATION_PROBLEM_JSON))
                .andExpect(jsonPath("$.detail").value(containsString("track_id")));
    }

    @Test
    void malformedJsonAndWrongTypesAre400Problems() throws Exception {
        recommend("{\"track_id\":")
                .andExpect(status().isBadRequest())
                .andExpect(content().contentType(MediaType.APPLICATION_PROBLEM_JSON))
                .andExpect(jsonPath("$.title").value("Malformed request body"));
        recommend("{\"track_id\":\"t0\",\"top_n\":\"many\"}")
                .andExpect(status().isBadRequest())
                .andExpect(content().contentType(MediaType.APPLICATION_PROBLEM_JSON));
        recommend("")
                .andExpect(status().isBadRequest())
                .andExpect(content().contentType(MediaType.APPLICATION_PROBLEM_JSON));
    }

    @Test
    void wrongContentTypeIs415Problem() throws Exception {
        mvc.perform(post("/api/recommend").contentType(MediaType.TEXT_PLAIN).content("t0"))
                .andExpect(status().isUnsupportedMediaType())
                .andExpect(content().contentType(MediaType.APPLICATION_PROBLEM_JSON));
    }

    @Test
    void oversizedBodyIs413Problem() throws Exception {
        String big = "{\"track_id\":\"t0\",\"pad\":\"" + "x".repeat(20_000) + "\"}";
        recommend(big)
                .andExpect(status().isPayloadTooLarge())
                .andExpect(content().contentType(MediaType.APPLICATION_PROBLEM_JSON))
                .andExpect(jsonPath("$.title").value("Request body too large"));
    }
}
