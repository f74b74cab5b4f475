package org.lambdamusic.serving.stats;

import static org.mockito.Mockito.when;
import static org.springframework.test.web.servlet.request.MockMvcRequestBuilders.get;
import static org.springframework.test.web.servlet.result.MockMvcResultMatchers.jsonPath;
import static org.springframework.test.web.servlet.result.MockMvcResultMatchers.status;

import org.hamcrest.Matchers;
import org.junit.jupiter.api.Test;
import org.lambdamusic.contracts.config.AlsSettings;
import org.lambdamusic.contracts.config.ScoringSettings;
import org.lambdamusic.serving.kafka.BrokerConnection;
import org.lambdamusic.serving.kafka.BrokerStatus;
import org.lambdamusic.serving.kafka.SpeedLayerProgress;
import org.lambdamusic.serving.kafka.SpeedLayerStatus;
import org.lambdamusic.serving.model.CoListeningModel;
import org.lambdamusic.serving.model.CurrentModel;
import org.lambdamusic.serving.model.TestEvaluations;
import org.lambdamusic.serving.model.TestModels;
import org.lambdamusic.serving.model.TinyModel;
import org.lambdamusic.serving.profile.ListenerProfiles;
import org.lambdamusic.serving.profile.SpeedViews;
import org.lambdamusic.serving.system.InMemoryServing;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.autoconfigure.web.servlet.WebMvcTest;
import org.springframework.context.annotation.Import;
import org.springframework.test.annotation.DirtiesContext;
import org.springframework.test.context.bean.override.mockito.MockitoBean;
import org.springframework.test.web.servlet.MockMvc;

@WebMvcTest(StatsController.class)
@Import(InMemoryServing.class)
@DirtiesContext
class StatsControllerTest {
    @Autowired MockMvc mvc;
    @Autowired CurrentModel current;
    @Autowired ListenerProfiles profiles;
    @MockitoBean BrokerConnection kafka;
    @MockitoBean SpeedLayerProgress speed;

    @Test
    void modelUsersEventsAndKafkaState() throws Exception {
        when(kafka.status()).thenReturn(new BrokerStatus(false, false, 3));
        when(speed.status())
                .thenReturn(
                        new SpeedLayerStatus(
                                "WARNING",
                                "stalled",
                                "speed-layer",
                                "EMPTY",
                                0,
                                12L,
                                30L,
                                null,
                                75L));
        mvc.perform(get("/api/stats"))
                .andExpect(status().isOk())
                .andExpect(jsonPath("$.tracks_in_model").value(0))
                .andExpect(jsonPath("$.model_version").value(Matchers.nullValue()))
                .andExpect(jsonPath("$.model_age_seconds").value(Matchers.nullValue()));

        current.swap(TinyModel.build());
        // Replayed views count as interactions but not towards the live rate.
        profiles.update(
                "a",
                SpeedViews.of(
                        "a", "play:t1", "play:t1", "play:t2", "play:t3", "like:t1", "skip:t4"),
                false);
        profiles.update("b", SpeedViews.of("b", "play:t1"), false);
        profiles.update("b", SpeedViews.of("b", "play:t1", "play:t2", "play:t3", "like:t2"), true);
        mvc.perform(get("/api/stats"))
                .andExpect(status().isOk())
                .andExpect(jsonPath("$.tracks_in_model").value(5))
                .andExpect(jsonPath("$.tracks_in_catalog").value(7))
                .andExpect(jsonPath("$.model_version").value(TinyModel.VERSION))
                .andExpect(jsonPath("$.model_age_seconds").value(Matchers.greaterThan(0)))
                .andExpect(jsonPath("$.users_seen").value(2))
                .andExpect(jsonPath("$.interactions_counted").value(10))
                .andExpect(jsonPath("$.events_per_second").value(0.05))
                .andExpect(jsonPath("$.kafka.connected").value(false))
                .andExpect(jsonPath("$.kafka.in_cooldown").value(false))
                .andExpect(jsonPath("$.kafka.retry_count").value(3))
                .andExpect(jsonPath("$.feedback.weights.play").value(1))
                .andExpect(jsonPath("$.feedback.weights.like").value(3))
                .andExpect(jsonPath("$.feedback.weights.skip").value(-1))
                .andExpect(jsonPath("$.feedback.artist_boost").value(1.2))
                .andExpect(jsonPath("$.batch_views.events").value(0))
                .andExpect(jsonPath("$.speed_layer.status").value("WARNING"))
                .andExpect(jsonPath("$.speed_layer.reason").value("stalled"))
                .andExpect(jsonPath("$.speed_layer.lag").value(12))
                .andExpect(jsonPath("$.speed_layer.seconds_since_progress").value(75));
    }

    @Test
    void theScoringConfigAndTheServedVersionsFactorsAndEvaluation() throws Exception {
        current.swap(TinyModel.build());
        mvc.perform(get("/api/stats"))
                .andExpect(status().isOk())
                .andExpect(
                        jsonPath("$.scoring.weights.cf").value(ScoringSettings.DEFAULT_CF_WEIGHT))
                .andExpect(
                        jsonPath("$.scoring.weights.content")
                                .value(ScoringSettings.DEFAULT_CONTENT_WEIGHT))
                .andExpect(
                        jsonPath("$.scoring.weights.popularity")
                                .value(ScoringSettings.DEFAULT_POPULARITY_WEIGHT))
                .andExpect(
                        jsonPath("$.scoring.profiles.for_you")
                                .value(Matchers.contains("blend", "cf", "content", "popularity")))
                .andExpect(
                        jsonPath("$.scoring.profiles.similar")
                                .value(Matchers.contains("similarity", "kappa", "also_play")))
                .andExpect(jsonPath("$.scoring.als.rank").value(AlsSettings.DEFAULT_RANK))
                .andExpect(jsonPath("$.scoring.als.reg_param").value(AlsSettings.DEFAULT_REG))
                .andExpect(jsonPath("$.scoring.als.alpha").value(AlsSettings.DEFAULT_ALPHA))
                .andExpect(
                        jsonPath("$.scoring.als.iterations").value(AlsSettings.DEFAULT_ITERATIONS))
                .andExpect(jsonPath("$.scoring.als.seed").value((int) AlsSettings.DEFAULT_SEED))
                .andExpect(jsonPath("$.scoring.model_has_factors").value(false))
                .andExpect(jsonPath("$.scoring.model_factors").value(Matchers.nullValue()))
                .andExpect(jsonPath("$.scoring.model_evaluation").value(Matchers.nullValue()));

        current.swap(
                TestModels.load(
                        CoListeningModel.evaluated(
                                CoListeningModel.VERSION, TestEvaluations.EXAMPLE)));
        mvc.perform(get("/api/stats"))
                .andExpect(status().isOk())
                .andExpect(jsonPath("$.scoring.model_has_factors").value(true))
                .andExpect(
                        jsonPath("$.scoring.model_factors.algorithm")
                                .value("spark-ml-als-implicit"))
                .andExpect(jsonPath("$.scoring.model_factors.rank").value(2))
                .andExpect(jsonPath("$.scoring.model_factors.listeners").value(12))
                .andExpect(jsonPath("$.scoring.model_factors.tracks").value(12))
                .andExpect(
                        jsonPath("$.scoring.model_evaluation.listeners")
                                .value(TestEvaluations.EXAMPLE.listeners()))
                .andExpect(
                        jsonPath("$.scoring.model_evaluation.blend.ndcg_at_10")
                                .value(TestEvaluations.EXAMPLE.rankers().get("blend").ndcgAt10()))
                .andExpect(
                        jsonPath("$.scoring.model_evaluation.blend.hr_at_10")
                                .value(TestEvaluations.EXAMPLE.rankers().get("blend").hrAt10()));
    }
}
