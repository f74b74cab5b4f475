package org.lambdamusic.localstack.replay;

import java.time.Duration;
import java.util.Map;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.AtomicReference;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.Producer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.KafkaException;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.apache.kafka.common.serialization.StringSerializer;
import org.lambdamusic.contracts.Topics;
import org.lambdamusic.contracts.interaction.InteractionEvent;
import org.lambdamusic.contracts.interaction.InteractionEventCodec;

/**
 * Sends replayed events through the real ingest path: {@code user-interactions}, keyed by user id
 * and encoded by contracts' {@link InteractionEventCodec}, as the serving layer's {@code
 * InteractionPublisher} does, so the speed layer and the archive see them like any other. Acks from
 * every in-sync replica and an idempotent producer (its own retries write no duplicate); sends are
 * asynchronous, acknowledgements counted as they come, the first failure kept and reported.
 *
 * <p>The record carries no timestamp of its own: the producer stamps the send time. The event time
 * (in the JSON) lies in 2011, and the topic's time-based retention (7 days) would delete records
 * stamped with it as soon as their segment rolls.
 */
public final class ReplaySender implements AutoCloseable {
    private final Producer<String, byte[]> producer;
    private final AtomicLong acknowledged = new AtomicLong();
    private final AtomicReference<Exception> failure = new AtomicReference<>();

    public ReplaySender(String bootstrapServers) {
        this.producer =
                new KafkaProducer<>(
                        Map.of(
                                ProducerConfig.BOOTSTRAP_SERVERS_CONFIG,
                                bootstrapServers,
                                ProducerConfig.CLIENT_ID_CONFIG,
                                "lastfm-replay",
                                ProducerConfig.ACKS_CONFIG,
                                "all",
                                ProducerConfig.ENABLE_IDEMPOTENCE_CONFIG,
                                true,
                                ProducerConfig.LINGER_MS_CONFIG,
                                5,
                                // A broker that does not answer fails the replay in half a minute.
                                ProducerConfig.MAX_BLOCK_MS_CONFIG,
                                30_000),
                        new StringSerializer(),
                        new ByteArraySerializer());
    }

    /**
     * Hands one event to the producer.
     *
     * @throws IllegalStateException when an earlier send failed or Kafka cannot be reached
     */
    public void send(InteractionEvent event) {
        failIfFailed();
        try {
            producer.send(
                    new ProducerRecord<>(
                            Topics.USER_INTERACTIONS,
                            event.userId(),
                            InteractionEventCodec.toJson(event)),
                    (metadata, e) -> {
                        if (e == null) {
                            acknowledged.incrementAndGet();
                        } else {
                            failure.compareAndSet(null, e);
                        }
                    });
        } catch (KafkaException e) {
            throw new IllegalStateException(
                    "Kafka refused event " + event.eventId() + ": " + e.getMessage(), e);
        }
    }

    /** Events the broker has acknowledged so far. */
    public long acknowledged() {
        return acknowledged.get();
    }

    /**
     * Waits until every event sent is acknowledged.
     *
     * @throws IllegalStateException when one was not
     */
    public void flush() {
        producer.flush();
        failIfFailed();
    }

    private void failIfFailed() {
        Exception e = failure.get();
        if (e != null) {
            throw new IllegalStateException(
                    "Kafka did not acknowledge an event ("
                            + e.getClass().getSimpleName()
                            + ": "
                            + e.getMessage()
                            + "); run the replay again: its event ids are stable, so what was"
                            + " recorded counts once",
                    e);
        }
    }

    @Override
    public void close() {
        producer.close(Duration.ofSeconds(10));
    }
}
