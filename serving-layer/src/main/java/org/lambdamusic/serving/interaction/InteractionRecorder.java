package org.lambdamusic.serving.interaction;

import io.micrometer.core.instrument.MeterRegistry;
import java.time.Clock;
import java.util.UUID;
import org.lambdamusic.contracts.interaction.InteractionEvent;
import org.lambdamusic.contracts.interaction.InteractionType;
import org.lambdamusic.serving.catalog.UnknownTrackException;
import org.lambdamusic.serving.model.CurrentModel;
import org.lambdamusic.serving.model.SimilarityModel;
import org.springframework.stereotype.Component;

/**
 * Turns a valid request into an interaction event (the client's event_id, else a fresh one; the
 * server's clock) and hands it to Kafka. Every track of the served version's catalogue is accepted
 * (also one outside a sample model's sample: listeners hear the whole catalogue); an id the
 * catalogue does not know is a 404.
 */
@Component
public class InteractionRecorder {
    private final CurrentModel current;
    private final InteractionPublisher publisher;
    private final MeterRegistry meters;
    private final Clock clock;

    public InteractionRecorder(
            CurrentModel current, InteractionPublisher publisher, MeterRegistry meters) {
        this.current = current;
        this.publisher = publisher;
        this.meters = meters;
        this.clock = Clock.systemUTC();
    }

    public InteractAccepted record(InteractRequest request) {
        InteractionType type =
                InteractionType.fromWire(request.interactionType())
                        .orElseThrow(
                                () ->
                                        new UnknownInteractionTypeException(
                                                request.interactionType()));
        SimilarityModel model = current.require();
        if (model.catalog().rowOf(request.trackId()) < 0) {
            throw new UnknownTrackException(request.trackId(), model.version());
        }
        InteractionEvent event =
                new InteractionEvent(
                        request.eventId() != null
                                ? request.eventId()
                                : UUID.randomUUID().toString(),
                        request.userId(),
                        request.trackId(),
                        type,
                        clock.millis());
        publisher.publish(event);
        meters.counter("serving.interactions.produced", "type", type.wireName()).increment();
        return new InteractAccepted("accepted", event.eventId(), event.timestamp());
    }
}
