package org.lambdamusic.contracts.interaction;

/**
 * One line of the interaction archive ({@code s3://<bucket>/interactions/}): the Kafka record at
 * {@code partition}/{@code offset} of {@code user-interactions}, either as the valid event it held
 * or as a marker that it was rejected (and went to the dead-letter topic).
 *
 * <p>Markers are what make the batch layer's watermark exact: every offset the speed layer consumed
 * has a line, so the archive of a partition is gap-free up to the last offset whose file was
 * committed, and "every event with offset &le; W[p]" can be checked, not assumed.
 *
 * @param partition Kafka partition of {@code user-interactions}, or -1 for a line archived before
 *     records carried their position (such a line cannot be placed against a watermark)
 * @param offset Kafka offset within the partition, or -1 as above
 * @param event the valid event, or null for a rejected record
 * @param rejected why the record was rejected, or null for a valid event
 */
public record ArchivedRecord(int partition, long offset, InteractionEvent event, String rejected) {

    public static ArchivedRecord accepted(int partition, long offset, InteractionEvent event) {
        return new ArchivedRecord(partition, offset, event, null);
    }

    public static ArchivedRecord rejected(int partition, long offset, String reason) {
        return new ArchivedRecord(partition, offset, null, reason);
    }

    public boolean isEvent() {
        return event != null;
    }

    /** Written before archive lines carried partition and offset. */
    public boolean isPositioned() {
        return partition >= 0 && offset >= 0;
    }
}
