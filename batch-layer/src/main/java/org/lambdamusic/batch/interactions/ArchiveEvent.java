package org.lambdamusic.batch.interactions;

import java.io.Serializable;
import org.lambdamusic.contracts.interaction.ArchivedRecord;
import org.lambdamusic.contracts.interaction.InteractionEvent;
import org.lambdamusic.contracts.view.RecentInteraction;

/**
 * An accepted archived event at its Kafka position, as it travels through the shuffle by user
 * ({@link BatchViewBuilder}). A Spark bean: public, mutable, no-argument constructor.
 */
public final class ArchiveEvent implements Serializable {
    private static final long serialVersionUID = 1L;

    private String userId;
    private int partition;
    private long offset;
    private String eventId;
    private String trackId;
    private String type;
    private long timestamp;

    public ArchiveEvent() {}

    static ArchiveEvent of(ArchivedRecord record) {
        InteractionEvent e = record.event();
        ArchiveEvent a = new ArchiveEvent();
        a.userId = e.userId();
        a.partition = record.partition();
        a.offset = record.offset();
        a.eventId = e.eventId();
        a.trackId = e.trackId();
        a.type = e.type().wireName();
        a.timestamp = e.timestamp();
        return a;
    }

    RecentInteraction toRecent() {
        return new RecentInteraction(eventId, trackId, type, timestamp, offset);
    }

    public String getUserId() {
        return userId;
    }

    public void setUserId(String userId) {
        this.userId = userId;
    }

    public int getPartition() {
        return partition;
    }

    public void setPartition(int partition) {
        this.partition = partition;
    }

    public long getOffset() {
        return offset;
    }

    public void setOffset(long offset) {
        this.offset = offset;
    }

    public String getEventId() {
        return eventId;
    }

    public void setEventId(String eventId) {
        this.eventId = eventId;
    }

    public String getTrackId() {
        return trackId;
    }

    public void setTrackId(String trackId) {
        this.trackId = trackId;
    }

    public String getType() {
        return type;
    }

    public void setType(String type) {
        this.type = type;
    }

    public long getTimestamp() {
        return timestamp;
    }

    public void setTimestamp(long timestamp) {
        this.timestamp = timestamp;
    }
}
