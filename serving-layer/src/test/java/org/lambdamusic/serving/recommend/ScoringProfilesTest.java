package org.lambdamusic.serving.recommend;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.offset;
import static org.hamcrest.Matchers.containsString;
import static org.springframework.test.web.servlet.request.MockMvcRequestBuilders.post;
import static org.springframework.test.web.servlet.result.MockMvcResultMatchers.content;
import static org.springframework.test.web.servlet.result.MockMvcResultMatchers.jsonPath;
import static org.springframework.test.web.servlet.result.MockMvcResultMatchers.status;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.stream.IntStream;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.lambdamusic.contracts.cf.ItemFactors;
import org.lambdamusic.contracts.model.CatalogTrack;
import org.lambdamusic.serving.model.CoListeningModel;
import org.lambdamusic.serving.model.CurrentModel;
import org.lambdamusic.serving.model.SimilarityModel;
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

/**
 * The scoring profiles of POST /api/recommend against brute force on {@link CoListeningModel}:
 * Kappa and "also play" for a seed, one signal alone for you, and the requests that name a profile
 * of the wrong kind or none that exists.
 */
@WebMvcTest(RecommendController.class)
@Import(InMemoryServing.class)
class ScoringProfilesTest {
    private static final ObjectMapper JSON = new ObjectMapper();

    @Autowired MockMvc mvc;
    @Autowired CurrentModel current;
    @Autowired ListenerProfiles profiles;

    @BeforeEach
    void serveTheCoListeningModel() {
        current.swap(CoListeningModel.build());
    }

    private ResultActions post(String body) throws Exception {
        return mvc.perform(
                org.springframework.test.web.servlet.request.MockMvcRequestBuilders.post(
                                "/api/recommend")
                        .contentType(MediaType.APPLICATION_JSON)
                        .content(body));
    }

    private JsonNode ok(String body) throws Exception {
        return JSON.readTree(
                post(body)
                        .andExpect(status().isOk())
                        .andReturn()
                        .getResponse()
                        .getContentAsString());
    }

    private static List<String> ids(JsonNode answer) {
        List<String> ids = new ArrayList<>();
        answer.get("recommendations").forEach(i -> ids.add(i.get("track_id").asText()));
        return ids;
    }

    @Test
    void kappaIsCosinePlusAHundredthOfPopularityTimesOnePointTwoForTheSeedsGenre()
            throws Exception {
        SimilarityModel model = current.require();
        JsonNode answer = ok("{\"track_id\":\"x0\",\"profile\":\"kappa\",\"top_n\":12}");

        // Brute force over every other track: the test scaler is the identity, so the cosine is
        // that of the raw features; every track has popularity 50; x0's genre is "ex".
        CatalogTrack seed = model.catalog().track(0);
        List<Integer> rows = IntStream.range(1, model.size()).boxed().toList();
        java.util.function.ToDoubleFunction<Integer> kappa =
                row -> {
                    CatalogTrack t = model.catalog().track(row);
                    double score = cosine(seed.features(), t.features()) + 0.01 * 50;
                    return t.trackGenre().equals("ex") ? score * 1.2 : score;
                };
        List<String> expected =
                rows.stream()
                        .sorted(Comparator.comparingDouble(r -> -kappa.applyAsDouble(r)))
                        .map(r -> model.catalog().track(r).trackId())
                        .toList();
        assertThat(answer.get("profile").asText()).isEqualTo("kappa");
        assertThat(answer.get("mode").asText()).isEqualTo("similar");
        assertThat(answer.get("seed").get("track_id").asText()).isEqualTo("x0");
        assertThat(ids(answer)).isEqualTo(expected);
        for (JsonNode item : answer.get("recommendations")) {
            int row = model.catalog().rowOf(item.get("track_id").asText());
            assertThat(item.get("signal").asText()).isEqualTo("kappa");
            assertThat(item.get("score").asDouble())
                    .isCloseTo(kappa.applyAsDouble(row), offset(1e-6));
            assertThat(item.get("content").asDouble())
                    .isCloseTo(
                            cosine(seed.features(), model.catalog().track(row).features()),
                            offset(1e-6));
            assertThat(item.get("popularity").asDouble()).isEqualTo(0.5);
        }
    }

    @Test
    void alsoPlayIsTheCosineOfTheTracksFactorsToTheSeeds() throws Exception {
        SimilarityModel model = current.require();
        JsonNode answer = ok("{\"track_id\":\"x0\",\"profile\":\"also_play\",\"top_n\":12}");

        ItemFactors items = model.ranking().items();
        int seed = items.indexOf(0);
        List<Integer> others = new ArrayList<>();
        for (int i = 0; i < items.size(); i++) {
            if (items.rows()[i] != 0) {
                others.add(i);
            }
        }
        java.util.function.ToDoubleFunction<Integer> cos = i -> factorCosine(items, seed, i);
        List<String> expected =
                others.stream()
                        .sorted(Comparator.comparingDouble(i -> -cos.applyAsDouble(i)))
                        .map(i -> model.catalog().track(items.rows()[i]).trackId())
                        .toList();
        assertThat(ids(answer)).isEqualTo(expected).doesNotContain(CoListeningModel.UNPLAYED);
        // The x fans play x0 with the other x tracks.
        assertThat(ids(answer).subList(0, 5))
                .containsExactlyInAnyOrder("x1", "x2", "x3", "x4", "x5");
        for (JsonNode item : answer.get("recommendations")) {
            assertThat(item.get("signal").asText()).isEqualTo("also_play");
            assertThat(item.get("cf").asDouble())
                    .isCloseTo(item.get("similarity").asDouble(), offset(1e-12));
            assertThat(item.get("score").asDouble())
                    .isCloseTo(
                            item.get("similarity").asDouble() * item.get("boost").asDouble(),
                            offset(1e-12));
        }
    }

    @Test
    void alsoPlayForATrackNobodyPlayedIsAnEmptyListThatSaysWhy() throws Exception {
        JsonNode answer = ok("{\"track_id\":\"z0\",\"profile\":\"also_play\"}");
        assertThat(answer.get("recommendations")).isEmpty();
        assertThat(answer.get("reason").asText()).contains("z0").contains("no factors");

        current.swap(TinyModel.build());
        JsonNode noFactors = ok("{\"track_id\":\"t0\",\"profile\":\"also_play\"}");
        assertThat(noFactors.get("recommendations")).isEmpty();
        assertThat(noFactors.get("reason").asText())
                .contains("has no collaborative-filtering factors");
    }

    @Test
    void theDefaultSeedProfileIsTheCosineNeighboursAndSaysSo() throws Exception {
        JsonNode answer = ok("{\"track_id\":\"x0\",\"top_n\":3}");
        assertThat(answer.get("profile").asText()).isEqualTo("similarity");
        assertThat(answer.get("recommendations").findValuesAsText("signal"))
                .containsOnly("similarity");
        JsonNode named = ok("{\"track_id\":\"x0\",\"top_n\":3,\"profile\":\"similarity\"}");
        assertThat(named).isEqualTo(answer);
    }

    @Test
    void forYouByOneSignalAlone() throws Exception {
        profiles.update(
                "sam",
                SpeedViews.from(
                        "sam", 0, CoListeningModel.firstSpeedOffset(), "like:x0", "like:x1"),
                true);

        JsonNode cf = ok("{\"user_id\":\"sam\",\"profile\":\"cf\",\"top_n\":11}");
        assertThat(cf.get("profile").asText()).isEqualTo("cf");
        assertThat(cf.get("recommendations").findValuesAsText("signal")).containsOnly("cf");
        // Only tracks the vector scores above zero; the unplayed z0 has no factors at all.
        assertThat(ids(cf)).doesNotContain(CoListeningModel.UNPLAYED, "x0", "x1");
        assertThat(ids(cf).subList(0, 4)).containsExactlyInAnyOrder("x2", "x3", "x4", "x5");
        for (JsonNode item : cf.get("recommendations")) {
            assertThat(item.get("score").asDouble())
                    .isEqualTo(item.get("cf").asDouble(), offset(1e-6));
        }
        // Over the best product of any track with factors (the liked ones, left out, included).
        assertThat(cf.get("recommendations").findValuesAsText("cf"))
                .allMatch(v -> Double.parseDouble(v) > 0 && Double.parseDouble(v) <= 1);

        JsonNode popularity = ok("{\"user_id\":\"sam\",\"profile\":\"popularity\",\"top_n\":11}");
        List<Double> priors =
                popularity.get("recommendations").findValuesAsText("popularity").stream()
                        .map(Double::valueOf)
                        .toList();
        assertThat(priors).isSortedAccordingTo(Comparator.reverseOrder());
        assertThat(popularity.get("recommendations").findValuesAsText("signal"))
                .containsOnly("popularity");
    }

    @Test
    void aProfileWhoseSignalTheListenerLacksIsAnEmptyListThatSaysWhy() throws Exception {
        JsonNode unknown = ok("{\"user_id\":\"nobody\",\"profile\":\"cf\"}");
        assertThat(unknown.get("recommendations")).isEmpty();
        assertThat(unknown.get("reason").asText()).contains("nobody");

        profiles.update(
                "tia",
                SpeedViews.from("tia", 0, CoListeningModel.firstSpeedOffset(), "play:x0"),
                true);
        JsonNode noLikes = ok("{\"user_id\":\"tia\",\"profile\":\"content\"}");
        assertThat(noLikes.get("recommendations")).isEmpty();
        assertThat(noLikes.get("reason").asText()).contains("no liked track");

        current.swap(TinyModel.build());
        profiles.update("una", SpeedViews.of("una", "like:t2"), true);
        JsonNode noFactors = ok("{\"user_id\":\"una\",\"profile\":\"cf\"}");
        assertThat(noFactors.get("recommendations")).isEmpty();
        assertThat(noFactors.get("reason").asText())
                .contains("has no collaborative-filtering factors");
    }

    @Test
    void anUnknownProfileIs400Problem() throws Exception {
        post("{\"user_id\":\"sam\",\"profile\":\"loudest\"}")
                .andExpect(status().isBadRequest())
                .andExpect(content().contentType(MediaType.APPLICATION_PROBLEM_JSON))
                .andExpect(jsonPath("$.detail").value(containsString("profile")))
                .andExpect(jsonPath("$.detail").value(containsString("also_play")));
    }

    @Test
    void aProfileOfTheOtherKindIs400Problem() throws Exception {
        post("{\"user_id\":\"sam\",\"profile\":\"kappa\"}")
                .andExpect(status().isBadRequest())
                .andExpect(content().contentType(MediaType.APPLICATION_PROBLEM_JSON))
                .andExpect(jsonPath("$.detail").value(containsString("track_id")));
        post("{\"track_id\":\"x0\",\"profile\":\"blend\"}")
                .andExpect(status().isBadRequest())
                .andExpect(content().contentType(MediaType.APPLICATION_PROBLEM_JSON))
                .andExpect(jsonPath("$.detail").value(containsString("for you")));
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

    private static double factorCosine(ItemFactors items, int a, int b) {
        int k = items.rank();
        double dot = 0;
        double na = 0;
        double nb = 0;
        for (int f = 0; f < k; f++) {
            double x = items.values()[a * k + f];
            double y = items.values()[b * k + f];
            dot += x * y;
            na += x * x;
            nb += y * y;
        }
        return dot / Math.sqrt(na * nb);
    }
}
