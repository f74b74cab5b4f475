package org.lambdamusic.serving.models;

import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.not;
import static org.mockito.ArgumentMatchers.anyString;
import static org.mockito.Mockito.when;
import static org.springframework.test.web.servlet.request.MockMvcRequestBuilders.get;
import static org.springframework.test.web.servlet.result.MockMvcResultMatchers.content;
import static org.springframework.test.web.servlet.result.MockMvcResultMatchers.jsonPath;
import static org.springframework.test.web.servlet.result.MockMvcResultMatchers.status;

import java.util.List;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.lambdamusic.contracts.ContractsJson;
import org.lambdamusic.contracts.model.ArtifactLayout;
import org.lambdamusic.serving.model.CurrentModel;
import org.lambdamusic.serving.model.ModelStore;
import org.lambdamusic.serving.model.TinyModel;
import org.lambdamusic.serving.system.InMemoryServing;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.autoconfigure.web.servlet.WebMvcTest;
import org.springframework.context.annotation.Import;
import org.springframework.http.MediaType;
import org.springframework.test.context.bean.override.mockito.MockitoBean;
import org.springframework.test.web.servlet.MockMvc;
import software.amazon.awssdk.services.s3.model.NoSuchKeyException;

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
        when(store.layout()).thenReturn(ArtifactLayout.defaults());
    }

    @Test
    void versionsNewestFirstWithManifestsAndTheServingOne() throws Exception {
        when(store.versions()).thenReturn(List.of(TinyModel.VERSION, OLDER));
        when(store.read("models/" + TinyModel.VERSION + "/manifest.json"))
                .thenReturn(ContractsJson.write(TinyModel.build().manifest()));
        when(store.read("models/" + OLDER + "/manifest.json"))
                .thenThrow(NoSuchKeyException.builder().build());
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
    void anUnexpectedFailureIsAGeneric500ProblemWithoutInternals() throws Exception {
        when(store.versions()).thenThrow(new IllegalStateException("secret internals"));
        when(store.read(anyString())).thenThrow(new IllegalStateException("secret internals"));
        mvc.perform(get("/api/models"))
                .andExpect(status().isInternalServerError())
                .andExpect(content().contentType(MediaType.APPLICATION_PROBLEM_JSON))
                .andExpect(jsonPath("$.title").value("Internal error"))
                .andExpect(content().string(not(containsString("secret"))))
                .andExpect(content().string(not(containsString("at org."))));
    }
}
