package org.lambdamusic.batch.interactions;

import java.io.Serializable;

/**
 * What one Spark task of the listener fold returns ({@link ListenerFolding}): a listener view (its
 * JSON), one track's partial counts, or the task's totals. One bean for the three so the fold is
 * one Spark stage with one collect. A Spark bean: public, mutable, no-argument constructor.
 */
public final class FoldPart implements Serializable {
    private static final long serialVersionUID = 1L;

    static final String LISTENER = "listener";
    static final String TRACK = "track";
    static final String TOTALS = "totals";

    private String kind;
    private String id;
    private byte[] json;
    private long plays;
    private long likes;
    private long skips;
    private long events;
    private long redeliveries;
    private long timeMin;
    private long timeMax;

    public FoldPart() {}

    static FoldPart listener(String userId, byte[] json) {
        FoldPart p = new FoldPart();
        p.kind = LISTENER;
        p.id = userId;
        p.json = json;
        return p;
    }

    static FoldPart track(String trackId, long[] counts) {
        FoldPart p = new FoldPart();
        p.kind = TRACK;
        p.id = trackId;
        p.plays = counts[0];
        p.likes = counts[1];
        p.skips = counts[2];
        return p;
    }

    static FoldPart totals(long events, long redeliveries, long timeMin, long timeMax) {
        FoldPart p = new FoldPart();
        p.kind = TOTALS;
        p.events = events;
        p.redeliveries = redeliveries;
        p.timeMin = timeMin;
        p.timeMax = timeMax;
        return p;
    }

    public String getKind() {
        return kind;
    }

    public void setKind(String kind) {
        this.kind = kind;
    }

    public String getId() {
        return id;
    }

    public void setId(String id) {
        this.id = id;
    }

    public byte[] getJson() {
        return json;
    }

    public void setJson(byte[] json) {
        this.json = json;
    }

    public long getPlays() {
        return plays;
    }

    public void setPlays(long plays) {
        this.plays = plays;
    }

    public long getLikes() {
        return likes;
    }

    public void setLikes(long likes) {
        this.likes = likes;
    }

    public long getSkips() {
        return skips;
    }

    public void setSkips(long skips) {
        this.skips = skips;
    }

    public long getEvents() {
        return events;
    }

    public void setEvents(long events) {
        this.events = events;
    }

    public long getRedeliveries() {
        return redeliveries;
    }

    public void setRedeliveries(long redeliveries) {
        this.redeliveries = redeliveries;
    }

    public long getTimeMin() {
        return timeMin;
    }

    public void setTimeMin(long timeMin) {
        this.timeMin = timeMin;
    }

    public long getTimeMax() {
        return timeMax;
    }

    public void setTimeMax(long timeMax) {
        this.timeMax = timeMax;
    }
}
