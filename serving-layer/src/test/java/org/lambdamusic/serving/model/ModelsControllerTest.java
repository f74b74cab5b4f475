package org.lambdamusic.serving.model;

import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.not;
import static org.mockito.Mockito.when;
import static org.springframework.test.web.servlet.request.MockMvcRequestBuilders.get;
import static org.springframework.test.web.servlet.result.MockMvcResultMatchers.content;
import static org.springframework.test.web.servlet.result.MockMvcResultMatchers.jsonPath;
import static org.springframework.test.web.servlet.result.MockMvcResultMatchers.status;

import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.lambdamusic.serving.system.InMemoryServing;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.autoconfigure.web.servlet.WebMvcTest;
import org.springframework.context.annotation.Import;
import org.springframework.http.MediaType;
import org.springframework.test.context.bean.override.mockito.MockitoBean;
import org.springframework.test.web.servlet.MockMvc;
import software.amazon.awssdk.core.exception.SdkClientException;

@WebMvcTest(ModelsController.class)
@Import(InMemoryServing.class)
class ModelsControllerTest {
    private static final String OLDER = "20250101T000000Z-00000001";

    @Autowired MockMvc mvc;
    @Autowired CurrentModel current;
    @MockitoBean ModelStore store;

    @BeforeEach
    void setUp() {
        current.swap(TinyModel.build());
    }

    @Test
    void versionsNewestFirstWithManifestsAndTheServingOne() throws Exception {
        when(store.versions()).thenReturn(List.of(TinyModel.VERSION, OLDER));
        when(store.manifest(TinyModel.VERSION))
                .thenReturn(Optional.of(TinyModel.build().manifest()));
        when(store.manifest(OLDER)).thenReturn(Optional.empty());
        mvc.perform(get("/api/models"))
                .andExpect(status().isOk())
                .andExpect(jsonPath("$.serving_version").value(TinyModel.VERSION))
                .andExpect(jsonPath("$.versions[0].version").value(TinyModel.VERSION))
                .andExpect(jsonPath("$.versions[0].serving").value(true))
                .andExpect(jsonPath("$.versions[0].manifest.mode").value("dense"))
                .andExpect(jsonPath("$.versions[0].manifest.features.length()").value(11))
                .andExpect(jsonPath("$.versions[1].serving").value(false))
                .andExpect(jsonPath("$.versions[1].manifest").doesNotExist());
    }

    @Test
    void eachVersionShowsItsFactorsAndEvaluationFromItsManifest() throws Exception {
        var evaluated =
                TestModels.load(
                                CoListeningModel.evaluated(
                                        CoListeningModel.VERSION, TestEvaluations.EXAMPLE))
                        .manifest();
        when(store.versions()).thenReturn(List.of(CoListeningModel.VERSION, TinyModel.VERSION));
        when(store.manifest(CoListeningModel.VERSION)).thenReturn(Optional.of(evaluated));
        when(store.manifest(TinyModel.VERSION))
                .thenReturn(Optional.of(TinyModel.build().manifest()));
        var blend = TestEvaluations.EXAMPLE.rankers().get("blend");
        mvc.perform(get("/api/models"))
                .andExpect(status().isOk())
                .andExpect(jsonPath("$.versions[0].manifest.factors.rank").value(2))
                .andExpect(jsonPath("$.versions[0].manifest.factors.alpha").value(8.0))
                .andExpect(jsonPath("$.versions[0].manifest.factors.listeners").value(12))
                .andExpect(
                        jsonPath("$.versions[0].manifest.files['item_factors.bin'].sha256")
                                .exists())
                .andExpect(
                        jsonPath("$.versions[0].manifest.evaluation.rankers.blend.ndcg_at_10")
                                .value(blend.ndcgAt10()))
                .andExpect(
                        jsonPath("$.versions[0].manifest.evaluation.rankers.cooccurrence.hr_at_10")
                                .value(
                                        TestEvaluations.EXAMPLE
                                                .rankers()
                                                .get("cooccurrence")
                                                .hrAt10()))
                .andExpect(jsonPath("$.versions[1].manifest.factors").doesNotExist())
                .andExpect(jsonPath("$.versions[1].manifest.evaluation").doesNotExist());
    }

    @Test
    void anUnreachableStoreIs503Problem() throws Exception {
        when(store.versions())
                .thenThrow(
                        new ObjectStoreUnavailableException(
                                SdkClientException.create("connection refused")));
        mvc.perform(get("/api/models"))
                .andExpect(status().isServiceUnavailable())
                .andExpect(content().contentType(MediaType.APPLICATION_PROBLEM_JSON))
                .andExpect(jsonPath("$.title").value("Object store unavailable"))
                .andExpect(content().string(not(containsString("connection refused"))));
    }

    @Test
    void anUnexpectedFailureIsAGeneric500ProblemWithoutInternals() throws Exception {
        when(store.versions()).thenThrow(new IllegalStateException("secret internals"));
        mvc.perform(get("/api/models"))
                .andExpect(status().isInternalServerError())
                .andExpect(content().contentType(MediaType.APPLICATION_PROBLEM_JSON))
                .andExpect(jsonPath("$.title").value("Internal error"))
                .andExpect(content().string(not(containsString("secret"))))
                .andExpect(content().string(not(containsString("at org."))));
    }
}
