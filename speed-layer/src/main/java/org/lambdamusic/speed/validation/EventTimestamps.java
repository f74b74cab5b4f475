package org.lambdamusic.speed.validation;

import org.apache.flink.api.common.eventtime.SerializableTimestampAssigner;

/**
 * The event time of a consumed record, in the Kafka source, so that watermarks are generated per
 * partition (a replay reads partitions at different speeds; a per-partition watermark keeps that
 * from making events late). The record was decoded once already ({@link ConsumedRecord}), so this
 * is the event's own {@code timestamp}. A rejected record gets {@link #NO_EVENT_TIME}, which the
 * watermark ignores: falling back to the Kafka timestamp (publish time) would push the partition's
 * event time ahead of a replay, and a payload that is not an event must not move event time.
 */
public final class EventTimestamps implements SerializableTimestampAssigner<ConsumedRecord> {
    private static final long serialVersionUID = 1L;

    /** The timestamp given to a record that is not a valid event. */
    public static final long NO_EVENT_TIME = Long.MIN_VALUE;

    @Override
    public long extractTimestamp(ConsumedRecord record, long kafkaTimestamp) {
        return record.event() == null ? NO_EVENT_TIME : record.event().timestamp();
    }
}
