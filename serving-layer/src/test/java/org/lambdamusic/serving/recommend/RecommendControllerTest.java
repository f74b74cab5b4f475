package org.lambdamusic.serving.recommend;

import static org.hamcrest.Matchers.closeTo;
import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.not;
import static org.hamcrest.Matchers.nullValue;
import static org.hamcrest.Matchers.startsWith;
import static org.springframework.test.web.servlet.request.MockMvcRequestBuilders.post;
import static org.springframework.test.web.servlet.result.MockMvcResultMatchers.content;
import static org.springframework.test.web.servlet.result.MockMvcResultMatchers.jsonPath;
import static org.springframework.test.web.servlet.result.MockMvcResultMatchers.status;

import java.util.List;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.lambdamusic.contracts.config.ScoringSettings;
import org.lambdamusic.serving.model.CurrentModel;
import org.lambdamusic.serving.model.TinyModel;
import org.lambdamusic.serving.profile.ListenerProfiles;
import org.lambdamusic.serving.profile.SpeedViews;
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
    @Autowired org.lambdamusic.serving.trending.TrendingBoard trending;

    @BeforeEach
    void loadTinyModel() {
        current.swap(TinyModel.build());
        profiles.update("ana", SpeedViews.of("ana", "like:t2"), true);
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
        profiles.update("zoe", SpeedViews.of("zoe", "like:u5"), true);
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
    void neitherTrackNorUserIs400Problem() throws Exception {
        recommend("{\"top_n\":3}")
                .andExpect(status().isBadRequest())
                .andExpect(content().contentType(MediaType.APPLICATION_PROBLEM_JSON))
                .andExpect(jsonPath("$.detail").value(containsString("track_id")));
    }

    @Test
    void eachItemSaysWhichLikedArtistBoostedIt() throws Exception {
        recommend("{\"track_id\":\"t0\",\"user_id\":\"ana\",\"top_n\":4}")
                .andExpect(status().isOk())
                .andExpect(jsonPath("$.mode").value("similar"))
                .andExpect(jsonPath("$.recommendations[1].track_id").value("t2"))
                .andExpect(jsonPath("$.recommendations[1].boosted_by").value("A"))
                .andExpect(jsonPath("$.recommendations[1].source").value("similarity"))
                .andExpect(jsonPath("$.recommendations[0].boosted_by").value(nullValue()));
    }

    @Test
    void skippedTracksDoNotComeBackUnlessAskedFor() throws Exception {
        // bo skipped t1 (the best match of t0) and played t3, then liked and skipped t2.
        profiles.update(
                "bo", SpeedViews.of("bo", "skip:t1", "play:t3", "like:t2", "skip:t2"), true);

        recommend("{\"track_id\":\"t0\",\"user_id\":\"bo\"}")
                .andExpect(status().isOk())
                .andExpect(jsonPath("$.exclude").value("skipped"))
                .andExpect(jsonPath("$.excluded").value(2))
                .andExpect(
                        jsonPath("$.recommendations[*].track_id")
                                .value(org.hamcrest.Matchers.contains("t3", "t4")));
        recommend("{\"track_id\":\"t0\",\"user_id\":\"bo\",\"exclude\":\"none\"}")
                .andExpect(
                        jsonPath("$.recommendations[*].track_id")
                                .value(org.hamcrest.Matchers.contains("t1", "t3", "t2", "t4")));
        recommend("{\"track_id\":\"t0\",\"user_id\":\"bo\",\"exclude\":\"played\"}")
                .andExpect(
                        jsonPath("$.recommendations[*].track_id")
                                .value(org.hamcrest.Matchers.contains("t1", "t2", "t4")));
        recommend("{\"track_id\":\"t0\",\"user_id\":\"bo\",\"exclude\":\"heard\"}")
                .andExpect(
                        jsonPath("$.recommendations[*].track_id")
                                .value(org.hamcrest.Matchers.contains("t4")));
    }

    @Test
    void anUnknownExcludeRuleIs400Problem() throws Exception {
        recommend("{\"track_id\":\"t0\",\"user_id\":\"bo\",\"exclude\":\"loud\"}")
                .andExpect(status().isBadRequest())
                .andExpect(content().contentType(MediaType.APPLICATION_PROBLEM_JSON))
                .andExpect(jsonPath("$.detail").value(containsString("exclude")));
    }

    @Test
    void withoutATrackAListenerWithoutFactorsGetsContentAndPopularity() throws Exception {
        // ana liked t2 (artist A); the tiny model has no CF factors, so "for you" is the blend's
        // content and popularity parts: 0.1 × max(0, cosine to t2's standardized features) + 0.1
        // × Spotify popularity / 100 (no interactions, so no all-time scores), t0 boosted for
        // artist A; t2 itself, heard, is left out.
        String body =
                recommend("{\"user_id\":\"ana\"}")
                        .andExpect(status().isOk())
                        .andExpect(jsonPath("$.mode").value("for_you"))
                        .andExpect(jsonPath("$.profile").value("blend"))
                        .andExpect(jsonPath("$.exclude").value("heard"))
                        .andExpect(jsonPath("$.seed").value(nullValue()))
                        .andReturn()
                        .getResponse()
                        .getContentAsString();
        var items =
                new com.fasterxml.jackson.databind.ObjectMapper()
                        .readTree(body)
                        .get("recommendations");
        var model = current.require();
        double[] z2 = model.scaler().standardize(model.catalog().track(2).features());
        java.util.function.IntToDoubleFunction blend =
                row -> {
                    double cos =
                            cosine(
                                    z2,
                                    model.scaler()
                                            .standardize(model.catalog().track(row).features()));
                    Integer popularity = model.catalog().track(row).popularity();
                    double base =
                            ScoringSettings.DEFAULTS.contentWeight() * Math.max(0, cos)
                                    + ScoringSettings.DEFAULTS.popularityWeight()
                                            * (popularity == null ? 0 : popularity / 100.0);
                    return base * (row == 0 ? 1.2 : 1.0);
                };
        java.util.List<String> expected =
                java.util.stream.IntStream.of(0, 1, 3, 4)
                        .boxed()
                        .sorted(
                                java.util.Comparator.comparingDouble(
                                        (Integer row) -> -blend.applyAsDouble(row)))
                        .map(row -> "t" + row)
                        .toList();
        java.util.List<String> actual = new java.util.ArrayList<>();
        items.forEach(item -> actual.add(item.get("track_id").asText()));
        org.assertj.core.api.Assertions.assertThat(actual).isEqualTo(expected);
        for (var item : items) {
            int row = Integer.parseInt(item.get("track_id").asText().substring(1));
            org.assertj.core.api.Assertions.assertThat(item.get("score").asDouble())
                    .isCloseTo(blend.applyAsDouble(row), org.assertj.core.data.Offset.offset(1e-6));
            org.assertj.core.api.Assertions.assertThat(item.get("score").asDouble())
                    .isCloseTo(
                            item.get("similarity").asDouble() * item.get("boost").asDouble(),
                            org.assertj.core.data.Offset.offset(1e-12));
            org.assertj.core.api.Assertions.assertThat(item.get("cf").asDouble()).isZero();
            org.assertj.core.api.Assertions.assertThat(item.get("signal").asText())
                    .isIn("content", "popularity");
            if (row == 0) {
                org.assertj.core.api.Assertions.assertThat(item.get("boosted_by").asText())
                        .isEqualTo("A");
            }
        }
    }

    @Test
    void aListenerWithoutLikesGetsWhatIsTrending() throws Exception {
        trending.update(
                new org.lambdamusic.contracts.view.TrendingView(
                        0,
                        60_000,
                        List.of(
                                new org.lambdamusic.contracts.view.TrendingTrack("t3", 9, 9, 0, 0),
                                new org.lambdamusic.contracts.view.TrendingTrack(
                                        "gone", 8, 8, 0, 0),
                                new org.lambdamusic.contracts.view.TrendingTrack(
                                        "t1", 5, 2, 1, 0))));
        profiles.update("cy", SpeedViews.of("cy", "skip:t1"), true);

        recommend("{\"user_id\":\"cy\",\"top_n\":5}")
                .andExpect(status().isOk())
                .andExpect(jsonPath("$.mode").value("trending"))
                .andExpect(
                        jsonPath("$.recommendations[*].track_id")
                                .value(org.hamcrest.Matchers.contains("t3")))
                .andExpect(jsonPath("$.recommendations[0].source").value("trending"))
                .andExpect(jsonPath("$.recommendations[0].score").value(9.0));
    }

    private static double cosine(double[] a, double[] b) {
        double dot = 0;
        double na = 0;
        double nb = 0;
        for (int i = 0; i < a.length; i++) {
            dot += a[i] * b[i];
            na += a[i] * a[i];
            nb += b[i] * b[i];
        }
        return dot / Math.sqrt(na * nb);
    }

    @Test
    void malformedJsonAndWrongTypesAre400Problems() throws Exception {
        recommend("{\"track_id\":")
                .andExpect(status().isBadRequest())
                .andExpect(content().contentType(MediaType.APPLICATION_PROBLEM_JSON))
                .andExpect(jsonPath("$.title").value("Malformed request body"));
        // The JSON field and what it must hold, not the Java type Jackson was filling.
        recommend("{\"track_id\":\"t0\",\"top_n\":\"many\"}")
                .andExpect(status().isBadRequest())
                .andExpect(content().contentType(MediaType.APPLICATION_PROBLEM_JSON))
                .andExpect(
                        jsonPath("$.detail")
                                .value(
                                        startsWith(
                                                "The body is not valid JSON of the expected shape:"
                                                        + " top_n must be a whole number")))
                .andExpect(jsonPath("$.detail").value(not(containsString("java."))));
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
