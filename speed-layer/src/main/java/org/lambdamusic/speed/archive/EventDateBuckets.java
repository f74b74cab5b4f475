package org.lambdamusic.speed.archive;

import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneOffset;
import org.apache.flink.core.io.SimpleVersionedSerializer;
import org.apache.flink.streaming.api.functions.sink.filesystem.BucketAssigner;
import org.apache.flink.streaming.api.functions.sink.filesystem.bucketassigners.SimpleVersionedStringSerializer;

/**
 * Partitions the archive by UTC date ({@code date=YYYY-MM-DD}), Hive style, so a batch job can read
 * one day: an accepted event by its event time, a rejection marker by its Kafka record timestamp
 * (it may have no readable event time), or by the processing date when the record has no Kafka
 * timestamp ({@link ArchiveEntry#dateMillis()}, set by the validator). Both are properties of the
 * record, so a replay writes each line under the same folder as the first time.
 */
public final class EventDateBuckets implements BucketAssigner<ArchiveEntry, String> {
    private static final long serialVersionUID = 1L;

    @Override
    public String getBucketId(ArchiveEntry entry, Context context) {
        return bucketOf(entry.dateMillis());
    }

    static String bucketOf(long epochMillis) {
        return "date=" + LocalDate.ofInstant(Instant.ofEpochMilli(epochMillis), ZoneOffset.UTC);
    }

    @Override
    public SimpleVersionedSerializer<String> getSerializer() {
        return SimpleVersionedStringSerializer.INSTANCE;
    }
}
