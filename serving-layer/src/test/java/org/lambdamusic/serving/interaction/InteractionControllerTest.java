package org.lambdamusic.serving.interaction;

import static org.assertj.core.api.Assertions.assertThat;
import static org.hamcrest.Matchers.containsString;
import static org.mockito.ArgumentMatchers.any;
import static org.mockito.Mockito.doThrow;
import static org.mockito.Mockito.never;
import static org.mockito.Mockito.verify;
import static org.springframework.test.web.servlet.request.MockMvcRequestBuilders.post;
import static org.springframework.test.web.servlet.result.MockMvcResultMatchers.content;
import static org.springframework.test.web.servlet.result.MockMvcResultMatchers.header;
import static org.springframework.test.web.servlet.result.MockMvcResultMatchers.jsonPath;
import static org.springframework.test.web.servlet.result.MockMvcResultMatchers.status;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.util.UUID;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.lambdamusic.contracts.interaction.InteractionEvent;
import org.lambdamusic.contracts.interaction.InteractionType;
import org.lambdamusic.serving.kafka.BrokerStatus;
import org.lambdamusic.serving.model.CurrentModel;
import org.lambdamusic.serving.model.TinyModel;
import org.lambdamusic.serving.system.InMemoryServing;
import org.mockito.ArgumentCaptor;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.autoconfigure.web.servlet.WebMvcTest;
import org.springframework.context.annotation.Import;
import org.springframework.http.MediaType;
import org.springframework.test.context.bean.override.mockito.MockitoBean;
import org.springframework.test.web.servlet.MockMvc;
import org.springframework.test.web.servlet.ResultActions;

/** The Kafka producer is the only stand-in; validation and event stamping are the real code. */
@WebMvcTest(InteractionController.class)
@Import({InMemoryServing.class, InteractionRecorder.class})
class InteractionControllerTest {
    @Autowired MockMvc mvc;
    @Autowired CurrentModel current;
    @Autowired ObjectMapper json;
    @MockitoBean InteractionPublisher publisher;

    @BeforeEach
    void loadTinyModel() {
        current.swap(TinyModel.build());
    }

    private ResultActions interact(String body) throws Exception {
        return mvc.perform(
                post("/api/interact").contentType(MediaType.APPLICATION_JSON).content(body));
    }

    @Test
    void acceptedEventIsStampedAndPublishedKeyedByUser() throws Exception {
        long before = System.currentTimeMillis();
        String body =
                interact("{\"user_id\":\"ana\",\"track_id\":\"t2\",\"interaction_type\":\"like\"}")
                        .andExpect(status().isAccepted())
                        .andExpect(jsonPath("$.status").value("accepted"))
                        .andReturn()
                        .getResponse()
                        .getContentAsString();
        JsonNode answer = json.readTree(body);
        ArgumentCaptor<InteractionEvent> event = ArgumentCaptor.forClass(InteractionEvent.class);
        verify(publisher).publish(event.capture());
        assertThat(event.getValue().eventId()).isEqualTo(answer.get("event_id").asText());
        assertThat(UUID.fromString(event.getValue().eventId())).isNotNull();
        assertThat(event.getValue().userId()).isEqualTo("ana");
        assertThat(event.getValue().trackId()).isEqualTo("t2");
        assertThat(event.getValue().type()).isEqualTo(InteractionType.LIKE);
        assertThat(event.getValue().timestamp())
                .isEqualTo(answer.get("timestamp").asLong())
                .isGreaterThanOrEqualTo(before);
    }

    @Test
    void aClientEventIdIsTheEventsIdSoARetryCountsOnce() throws Exception {
        String id = "c0ffee00-retry-1";
        for (int attempt = 0; attempt < 2; attempt++) {
            interact(
                            "{\"user_id\":\"ana\",\"track_id\":\"t2\",\"interaction_type\":\"like\","
                                    + "\"event_id\":\""
                                    + id
                                    + "\"}")
                    .andExpect(status().isAccepted())
                    .andExpect(jsonPath("$.event_id").value(id));
        }
        ArgumentCaptor<InteractionEvent> event = ArgumentCaptor.forClass(InteractionEvent.class);
        verify(publisher, org.mockito.Mockito.times(2)).publish(event.capture());
        assertThat(event.getAllValues()).extracting(InteractionEvent::eventId).containsOnly(id);
    }

    @Test
    void aMalformedClientEventIdIs400Problem() throws Exception {
        for (String id :
                new String[] {"short", "x".repeat(65), "has space-1234", "\\u00e9t\\u00e9-1234"}) {
            interact(
                            "{\"user_id\":\"ana\",\"track_id\":\"t2\",\"interaction_type\":\"like\","
                                    + "\"event_id\":\""
                                    + id
                                    + "\"}")
                    .andExpect(status().isBadRequest())
                    .andExpect(content().contentType(MediaType.APPLICATION_PROBLEM_JSON));
        }
        verify(publisher, never()).publish(any());
    }

    @Test
    void unknownInteractionTypeIs400Problem() throws Exception {
        interact("{\"user_id\":\"ana\",\"track_id\":\"t2\",\"interaction_type\":\"love\"}")
                .andExpect(status().isBadRequest())
                .andExpect(content().contentType(MediaType.APPLICATION_PROBLEM_JSON))
                .andExpect(jsonPath("$.title").value("Unknown interaction type"))
                .andExpect(jsonPath("$.detail").value(containsString("play, like, skip")));
        verify(publisher, never()).publish(any());
    }

    @Test
    void aCatalogueTrackOutsideTheSampleIsAccepted() throws Exception {
        interact("{\"user_id\":\"ana\",\"track_id\":\"u6\",\"interaction_type\":\"play\"}")
                .andExpect(status().isAccepted());
        ArgumentCaptor<InteractionEvent> event = ArgumentCaptor.forClass(InteractionEvent.class);
        verify(publisher).publish(event.capture());
        assertThat(event.getValue().trackId()).isEqualTo("u6");
    }

    @Test
    void unknownTrackIs404Problem() throws Exception {
        interact("{\"user_id\":\"ana\",\"track_id\":\"nope\",\"interaction_type\":\"play\"}")
                .andExpect(status().isNotFound())
                .andExpect(content().contentType(MediaType.APPLICATION_PROBLEM_JSON));
        verify(publisher, never()).publish(any());
    }

    @Test
    void missingBlankOrOverlongFieldsAre400Problems() throws Exception {
        for (String body :
                new String[] {
                    "{\"track_id\":\"t2\",\"interaction_type\":\"play\"}",
                    "{\"user_id\":\"  \",\"track_id\":\"t2\",\"interaction_type\":\"play\"}",
                    "{\"user_id\":\"ana\",\"interaction_type\":\"play\"}",
                    "{\"user_id\":\"ana\",\"track_id\":\"t2\"}",
                    "{\"user_id\":\""
                            + "u".repeat(129)
                            + "\",\"track_id\":\"t2\",\"interaction_type\":\"play\"}",
                    "[1,2]",
                    "not json"
                }) {
            interact(body)
                    .andExpect(status().isBadRequest())
                    .andExpect(content().contentType(MediaType.APPLICATION_PROBLEM_JSON));
        }
        verify(publisher, never()).publish(any());
    }

    @Test
    void kafkaDownIs503Problem() throws Exception {
        doThrow(
                        new KafkaUnavailableException(
                                "Kafka is not reachable at the moment.",
                                "evt-0001-retry-me",
                                new BrokerStatus(false, true, 10),
                                null))
                .when(publisher)
                .publish(any());
        interact("{\"user_id\":\"ana\",\"track_id\":\"t2\",\"interaction_type\":\"skip\"}")
                .andExpect(status().isServiceUnavailable())
                .andExpect(content().contentType(MediaType.APPLICATION_PROBLEM_JSON))
                .andExpect(header().string("Retry-After", "5"))
                .andExpect(jsonPath("$.title").value("Kafka unavailable"))
                .andExpect(jsonPath("$.event_id").value("evt-0001-retry-me"))
                .andExpect(jsonPath("$.kafka.connected").value(false))
                .andExpect(jsonPath("$.kafka.in_cooldown").value(true))
                .andExpect(jsonPath("$.kafka.retry_count").value(10));
    }
}
