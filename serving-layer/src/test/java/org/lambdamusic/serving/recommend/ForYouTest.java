package org.lambdamusic.serving.recommend;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.offset;
import static org.springframework.test.web.servlet.request.MockMvcRequestBuilders.post;
import static org.springframework.test.web.servlet.result.MockMvcResultMatchers.status;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.lambdamusic.contracts.config.ScoringSettings;
import org.lambdamusic.contracts.listener.ListenerView;
import org.lambdamusic.serving.model.CoListeningModel;
import org.lambdamusic.serving.model.CurrentModel;
import org.lambdamusic.serving.model.SimilarityModel;
import org.lambdamusic.serving.model.TestModels;
import org.lambdamusic.serving.profile.Listener;
import org.lambdamusic.serving.profile.ListenerProfiles;
import org.lambdamusic.serving.profile.Listeners;
import org.lambdamusic.serving.profile.SpeedViews;
import org.lambdamusic.serving.system.InMemoryServing;
import org.lambdamusic.serving.trending.TrendingBoard;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.autoconfigure.web.servlet.WebMvcTest;
import org.springframework.context.annotation.Import;
import org.springframework.http.MediaType;

/**
 * "For you" on a model with collaborative-filtering factors ({@link CoListeningModel}: listeners
 * play x0..x5 together and y0..y5 together, while x0 and x1 sound like the y tracks): the ranking,
 * the fold-in, and the per-listener cache against answers computed without it.
 */
@WebMvcTest(RecommendController.class)
@Import(InMemoryServing.class)
class ForYouTest {
    private static final ObjectMapper JSON = new ObjectMapper();

    @Autowired org.springframework.test.web.servlet.MockMvc mvc;
    @Autowired CurrentModel current;
    @Autowired ListenerProfiles profiles;
    @Autowired Listeners listeners;
    @Autowired Recommender recommender;
    @Autowired CandidatePools pools;
    @Autowired TrendingBoard trending;
    @Autowired ArtistBoost boost;
    @Autowired ScoringSettings scoring;

    /** The same service without the listener cache: every answer folded in and ranked afresh. */
    private Recommender uncached;

    @BeforeEach
    void serveTheCoListeningModel() {
        current.swap(CoListeningModel.build());
        uncached =
                new Recommender(
                        current,
                        pools,
                        listeners,
                        new ForYou(
                                new ListenerTaste(
                                        new RecommendProperties(10, 0), new SimpleMeterRegistry()),
                                scoring,
                                boost),
                        trending,
                        boost);
    }

    /** A listener the batch never saw, with these events after the watermark. */
    private void newListener(String userId, String... events) {
        profiles.update(
                userId,
                SpeedViews.from(userId, 0, CoListeningModel.firstSpeedOffset(), events),
                true);
    }

    private JsonNode recommend(String body) throws Exception {
        String answer =
                mvc.perform(
                                post("/api/recommend")
                                        .contentType(MediaType.APPLICATION_JSON)
                                        .content(body))
                        .andExpect(status().isOk())
                        .andReturn()
                        .getResponse()
                        .getContentAsString();
        return JSON.readTree(answer);
    }

    private static List<String> ids(JsonNode answer) {
        List<String> ids = new ArrayList<>();
        answer.get("recommendations").forEach(i -> ids.add(i.get("track_id").asText()));
        return ids;
    }

    @Test
    void aNewListenersFirstLikesLeadToWhatOthersPlayWithThemByCf() throws Exception {
        newListener("nia", "like:x0", "like:x1");

        JsonNode answer = recommend("{\"user_id\":\"nia\",\"top_n\":4}");

        assertThat(answer.get("mode").asText()).isEqualTo("for_you");
        assertThat(answer.get("profile").asText()).isEqualTo("blend");
        // x2..x5 are played with x0 and x1 by the x fans; the y tracks only sound like them.
        assertThat(ids(answer)).containsExactlyInAnyOrder("x2", "x3", "x4", "x5");
        for (JsonNode item : answer.get("recommendations")) {
            assertThat(item.get("signal").asText()).isEqualTo("cf");
            assertThat(item.get("cf").asDouble())
                    .isGreaterThan(scoring.contentWeight() * item.get("content").asDouble());
            assertThat(item.get("score").asDouble())
                    .isCloseTo(
                            scoring.cfWeight() * item.get("cf").asDouble()
                                    + scoring.contentWeight() * item.get("content").asDouble()
                                    + scoring.popularityWeight()
                                            * item.get("popularity").asDouble(),
                            offset(1e-6));
            assertThat(item.get("similarity").asDouble())
                    .isCloseTo(item.get("score").asDouble(), offset(1e-12)); // no liked artist
            assertThat(item.get("boost").asDouble()).isEqualTo(1.0);
        }
        // The same listener by sound alone: the y tracks.
        JsonNode bySound = recommend("{\"user_id\":\"nia\",\"top_n\":4,\"profile\":\"content\"}");
        assertThat(ids(bySound)).allMatch(id -> id.startsWith("y"));
        assertThat(bySound.get("recommendations").findValuesAsText("signal"))
                .containsOnly("content");
    }

    @Test
    void theFoldInOfABatchListenersViewIsTheVectorTheBatchPublished() {
        SimilarityModel model = current.require();
        for (String user : List.of("xf0", "xf3", "yf1", "yf5")) {
            ListenerView batch = model.batchListener(user);
            float[] published = model.batchFactors(user);
            float[] folded = model.ranking().taste(batch, model.catalog(), null).factors();
            assertThat(published).as(user).isNotNull().hasSize(CoListeningModel.ALS.rank());
            for (int f = 0; f < published.length; f++) {
                assertThat(folded[f]).as(user + " f" + f).isCloseTo(published[f], offset(1e-4f));
            }
        }
        // A batch listener whose speed view holds only what the watermark covers keeps the
        // published vector; an event after it folds their merged view in.
        profiles.update(
                "xf0", CoListeningModel.logs(CoListeningModel.X, CoListeningModel.Y).get(0), true);
        Listener unchanged = listeners.find("xf0", model).orElseThrow();
        assertThat(unchanged.speedEvents()).isZero();
        assertThat(ListenerTaste.compute(model, unchanged).factors())
                .containsExactly(model.batchFactors("xf0"));
        profiles.update(
                "xf0",
                SpeedViews.from("xf0", 0, CoListeningModel.firstSpeedOffset(), "like:y0"),
                true);
        Listener moved = listeners.find("xf0", model).orElseThrow();
        assertThat(moved.speedEvents()).isEqualTo(1);
        assertThat(moved.view().likedTracks()).contains("y0");
        assertThat(ListenerTaste.compute(model, moved).factors())
                .isNotEqualTo(model.batchFactors("xf0"))
                .isEqualTo(model.ranking().taste(moved.view(), model.catalog(), null).factors());
    }

    @Test
    void aNewEventIsNeverAnsweredFromTheCache() {
        newListener("ola", "like:x0", "like:x1");
        Recommendations first = recommender.recommend(null, "ola", 4, Exclude.SKIPPED);
        assertThat(recommender.recommend(null, "ola", 4, Exclude.SKIPPED))
                .as("asked again: the kept answer")
                .isSameAs(first);
        assertThat(first).isEqualTo(uncached.recommend(null, "ola", 4, Exclude.SKIPPED));
        assertThat(first.recommendations())
                .extracting(Recommendations.Recommendation::trackId)
                .noneMatch(id -> id.startsWith("y"));

        // Three likes of y tracks: the vector moves towards the y fans'.
        newListener("ola", "like:x0", "like:x1", "like:y0", "like:y1", "like:y2");
        Recommendations second = recommender.recommend(null, "ola", 4, Exclude.SKIPPED);
        assertThat(second).isNotEqualTo(first);
        assertThat(second).isEqualTo(uncached.recommend(null, "ola", 4, Exclude.SKIPPED));
        assertThat(second.recommendations())
                .extracting(Recommendations.Recommendation::trackId)
                .anyMatch(id -> id.startsWith("y"));
    }

    @Test
    void aModelSwapIsNeverAnsweredFromTheCache() {
        newListener("pia", "like:x0", "like:x1");
        Recommendations before = recommender.recommend(null, "pia", 4, Exclude.SKIPPED);
        assertThat(before.recommendations())
                .extracting(Recommendations.Recommendation::trackId)
                .containsExactlyInAnyOrder("x2", "x3", "x4", "x5");

        current.swap(
                TestModels.load(CoListeningModel.regrouped(CoListeningModel.REGROUPED_VERSION)));
        Recommendations after = recommender.recommend(null, "pia", 4, Exclude.SKIPPED);

        assertThat(after.modelVersion()).isEqualTo(CoListeningModel.REGROUPED_VERSION);
        assertThat(after.recommendations())
                .extracting(Recommendations.Recommendation::trackId)
                .containsExactlyInAnyOrder("y2", "y3", "y4", "y5");
        assertThat(after).isEqualTo(uncached.recommend(null, "pia", 4, Exclude.SKIPPED));
    }

    @Test
    void aListenerWithOnlyPlaysGetsCfWithoutAContentPart() throws Exception {
        newListener("quin", "play:y0", "play:y1");

        JsonNode answer = recommend("{\"user_id\":\"quin\",\"top_n\":4}");

        assertThat(answer.get("mode").asText()).isEqualTo("for_you");
        assertThat(ids(answer)).containsExactlyInAnyOrder("y2", "y3", "y4", "y5");
        assertThat(answer.get("recommendations").findValuesAsText("signal")).containsOnly("cf");
        assertThat(answer.get("recommendations").findValues("content"))
                .allMatch(c -> c.asDouble() == 0);
    }

    @Test
    void heardTracksAreLeftOutAndLikedArtistsBoosted() throws Exception {
        newListener("rae", "like:x0", "like:x1", "skip:x2", "play:x3");

        JsonNode answer = recommend("{\"user_id\":\"rae\",\"top_n\":12,\"exclude\":\"none\"}");

        assertThat(answer.get("exclude").asText()).isEqualTo("heard");
        assertThat(answer.get("excluded").asInt()).isEqualTo(4);
        assertThat(ids(answer)).doesNotContain("x0", "x1", "x2", "x3").hasSize(9);
        // Every track has its own artist: only a liked track's could be boosted, and those are
        // left out.
        assertThat(answer.get("recommendations").findValuesAsText("boost")).containsOnly("1.0");
    }
}
