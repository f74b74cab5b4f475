package org.lambdamusic.serving.interaction;

import io.swagger.v3.oas.annotations.Operation;
import jakarta.validation.Valid;
import org.lambdamusic.serving.trace.RequestTrace;
import org.springframework.http.HttpStatus;
import org.springframework.http.MediaType;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.ResponseStatus;
import org.springframework.web.bind.annotation.RestController;

/** POST /api/interact. */
@RestController
public class InteractionController {
    private final InteractionRecorder recorder;

    public InteractionController(InteractionRecorder recorder) {
        this.recorder = recorder;
    }

    @Operation(
            summary = "Record a play, like or skip",
            description = "Produced to user-interactions keyed by user id; 503 when Kafka is down.")
    @PostMapping(value = "/api/interact", consumes = MediaType.APPLICATION_JSON_VALUE)
    @ResponseStatus(HttpStatus.ACCEPTED)
    public InteractAccepted interact(@Valid @RequestBody InteractRequest request) {
        RequestTrace.listener(request.userId());
        return recorder.record(request);
    }
}
