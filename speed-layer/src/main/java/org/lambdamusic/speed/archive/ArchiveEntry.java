package org.lambdamusic.speed.archive;

import org.lambdamusic.contracts.interaction.ArchivedRecord;

/**
 * One line on its way to the archive: the contracts' {@link ArchivedRecord} (an accepted event or a
 * rejection marker, with its partition and offset) and the instant whose UTC date names its {@code
 * date=YYYY-MM-DD} folder: the event time for an event, the Kafka record timestamp for a marker.
 * Both come from the record itself, so a replay writes every line under the same folder again.
 */
public record ArchiveEntry(long dateMillis, ArchivedRecord record) {}
