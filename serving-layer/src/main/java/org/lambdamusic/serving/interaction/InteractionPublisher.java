package org.lambdamusic.serving.interaction;

import java.nio.charset.StandardCharsets;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.lambdamusic.contracts.Topics;
import org.lambdamusic.contracts.interaction.InteractionEvent;
import org.lambdamusic.contracts.interaction.InteractionEventCodec;
import org.lambdamusic.contracts.trace.TraceParent;
import org.lambdamusic.serving.kafka.BrokerConnection;
import org.lambdamusic.serving.kafka.KafkaClients;
import org.lambdamusic.serving.trace.RequestTrace;
import org.springframework.beans.factory.DisposableBean;
import org.springframework.stereotype.Component;

/**
 * Produces interaction events to {@code user-interactions}, keyed by user id (so one user's events
 * stay in order on one partition), and waits for the broker's acknowledgement: a 202 means the
 * event is durably on the topic.
 */
@Component
public class InteractionPublisher implements DisposableBean {
    private final KafkaProducer<String, byte[]> producer;
    private final BrokerConnection connection;
    private final long waitMs;

    public InteractionPublisher(KafkaClients clients, BrokerConnection connection) {
        this.connection = connection;
        // Past the producer's own block and delivery timeouts, so the producer reports first.
        this.waitMs = clients.properties().sendTimeout().toMillis() + 1000L;
        this.producer = clients.producer("interactions");
    }

    /**
     * @throws KafkaUnavailableException when Kafka is known to be down or does not acknowledge
     */
    public void publish(InteractionEvent event) {
        if (!connection.isConnected()) {
            throw new KafkaUnavailableException(
                    "Kafka is not reachable at the moment; the interaction was not recorded. Try"
                            + " again later.",
                    event.eventId(),
                    connection.status(),
                    null);
        }
        try {
            ProducerRecord<String, byte[]> record =
                    new ProducerRecord<>(
                            Topics.USER_INTERACTIONS,
                            event.userId(),
                            InteractionEventCodec.toJson(event));
            // The request's trace goes on with the event: the speed layer logs it and puts it in
            // a dead letter (contracts TraceParent).
            TraceParent trace = RequestTrace.current().orElseGet(TraceParent::start).child();
            record.headers()
                    .add(TraceParent.HEADER, trace.header().getBytes(StandardCharsets.US_ASCII));
            producer.send(record).get(waitMs, TimeUnit.MILLISECONDS);
        } catch (ExecutionException | TimeoutException | org.apache.kafka.common.KafkaException e) {
            Throwable cause = e instanceof ExecutionException ? e.getCause() : e;
            connection.reportFailure(cause);
            // A send that timed out may still have reached the log (the broker wrote it, the
            // answer was lost): only a retry with the same event_id is sure to count once.
            throw new KafkaUnavailableException(
                    "Kafka did not acknowledge the interaction ("
                            + cause.getClass().getSimpleName()
                            + "); it may or may not be recorded. Retry later with the same"
                            + " event_id, so it counts once.",
                    event.eventId(),
                    connection.status(),
                    cause);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new KafkaUnavailableException(
                    "Interrupted while waiting for Kafka; the interaction may or may not be"
                            + " recorded. Retry with the same event_id, so it counts once.",
                    event.eventId(),
                    connection.status(),
                    e);
        }
    }

    @Override
    public void destroy() {
        producer.close(java.time.Duration.ofSeconds(2));
    }
}
