package org.lambdamusic.serving.search;

import static org.springframework.test.web.servlet.request.MockMvcRequestBuilders.get;
import static org.springframework.test.web.servlet.result.MockMvcResultMatchers.content;
import static org.springframework.test.web.servlet.result.MockMvcResultMatchers.jsonPath;
import static org.springframework.test.web.servlet.result.MockMvcResultMatchers.status;

import org.junit.jupiter.api.Test;
import org.lambdamusic.serving.system.InMemoryServing;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.autoconfigure.web.servlet.WebMvcTest;
import org.springframework.context.annotation.Import;
import org.springframework.http.MediaType;
import org.springframework.test.annotation.DirtiesContext;
import org.springframework.test.web.servlet.MockMvc;

/** Before the first model is loaded the model-backed endpoints answer 503 problems. */
@WebMvcTest(TrackController.class)
@Import(InMemoryServing.class)
@DirtiesContext
class NoModelYetTest {
    @Autowired MockMvc mvc;

    @Test
    void searchIs503ProblemUntilAModelIsLoaded() throws Exception {
        mvc.perform(get("/api/tracks").param("q", "a"))
                .andExpect(status().isServiceUnavailable())
                .andExpect(content().contentType(MediaType.APPLICATION_PROBLEM_JSON))
                .andExpect(jsonPath("$.title").value("Model not loaded"));
    }
}
