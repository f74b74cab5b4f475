package org.lambdamusic.speed.archive;

import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneOffset;
import org.apache.flink.core.io.SimpleVersionedSerializer;
import org.apache.flink.streaming.api.functions.sink.filesystem.BucketAssigner;
import org.apache.flink.streaming.api.functions.sink.filesystem.bucketassigners.SimpleVersionedStringSerializer;
import org.lambdamusic.contracts.interaction.InteractionEvent;

/**
 * Partitions the archive by the event's UTC date ({@code date=YYYY-MM-DD}), Hive style, so a batch
 * job can read one day, and so a replay writes each event under the same folder as the first time.
 */
public final class EventDateBuckets implements BucketAssigner<InteractionEvent, String> {
    private static final long serialVersionUID = 1L;

    @Override
    public String getBucketId(InteractionEvent event, Context context) {
        return bucketOf(event.timestamp());
    }

    static String bucketOf(long epochMillis) {
        return "date=" + LocalDate.ofInstant(Instant.ofEpochMilli(epochMillis), ZoneOffset.UTC);
    }

    @Override
    public SimpleVersionedSerializer<String> getSerializer() {
        return SimpleVersionedStringSerializer.INSTANCE;
    }
}
