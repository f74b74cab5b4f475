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

    private static final long DAY_MS = 86_400_000L;

    // The day of the last line and its folder name: lines come in runs of the same day, and
    // formatting a LocalDate per line showed in the job's profile.
    private transient long dayStart;
    private transient String dayBucket;

    @Override
    public String getBucketId(ArchiveEntry entry, Context context) {
        long millis = entry.dateMillis();
        // dayBucket is null in a fresh copy (the assigner reaches its task serialized).
        if (dayBucket == null || millis < dayStart || millis >= dayStart + DAY_MS) {
            dayStart = Math.floorDiv(millis, DAY_MS) * DAY_MS;
            dayBucket = bucketOf(millis);
        }
        return dayBucket;
    }

    static String bucketOf(long epochMillis) {
        return "date=" + LocalDate.ofInstant(Instant.ofEpochMilli(epochMillis), ZoneOffset.UTC);
    }

    @Override
    public SimpleVersionedSerializer<String> getSerializer() {
        return SimpleVersionedStringSerializer.INSTANCE;
    }
}
