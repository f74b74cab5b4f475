package org.lambdamusic.speed.job;

import java.nio.charset.StandardCharsets;
import org.apache.flink.connector.kafka.sink.KafkaRecordSerializationSchema;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.lambdamusic.speed.profile.ProfileUpdate;

/**
 * A user's view as an upsert: key = user id, value = the view JSON the history operator wrote. The
 * Kafka timestamp is left to the producer, as for the other view records ({@link
 * KeyedJsonRecords}).
 */
final class ProfileRecords implements KafkaRecordSerializationSchema<ProfileUpdate> {
    private static final long serialVersionUID = 1L;

    private final String topic;

    ProfileRecords(String topic) {
        this.topic = topic;
    }

    @Override
    public ProducerRecord<byte[], byte[]> serialize(
            ProfileUpdate update, KafkaSinkContext context, Long timestamp) {
        return new ProducerRecord<>(
                topic, null, null, update.userId().getBytes(StandardCharsets.UTF_8), update.json());
    }
}
