package org.lambdamusic.speed.profile;

import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonGenerator;
import com.fasterxml.jackson.core.SerializableString;
import com.fasterxml.jackson.core.io.SerializedString;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import org.lambdamusic.contracts.interaction.InteractionType;

/**
 * Writes the contracts' {@code UserProfileView} JSON of a {@link UserEventLog}, and the JSON of
 * each event when it joins a log. Jackson's streaming generator (one long-lived one per writer)
 * writes every string: each event's entry once ({@link #entry}; the log keeps it, an entry never
 * changes and appears in every later view) and each listener's {@code {"user_id":…,"partition":…}}
 * prefix once. A view is then that prefix, one copy of the log's entries and the three numbers
 * around them, assembled into an array of exactly its size: no view record, no data binding, no
 * growing buffer per flush.
 *
 * <p>Why not a generator per view: in the job's profile (JFR, {@code ./pipeline bench speed}) a
 * generator per view and per entry, and the growing buffer's segments and final copy, were a fifth
 * of the task thread, more than parsing the events. A plain Jackson generator writes the same bytes
 * as the contracts' mapper, and the numbers are plain decimals either way ({@code
 * ProfileViewJsonTest} checks the bytes for awkward ids and random logs), so readers cannot tell
 * the writers apart. One writer per operator instance (not thread-safe).
 */
public final class ProfileViewWriter {
    private static final JsonFactory JSON = new JsonFactory();
    private static final ThreadLocal<ProfileViewWriter> PER_THREAD =
            ThreadLocal.withInitial(() -> new ProfileViewWriter(256));

    // Field names and order of the contracts' UserProfileView and RecentInteraction; pre-encoded.
    private static final SerializableString USER_ID = new SerializedString("user_id");
    private static final SerializableString PARTITION = new SerializedString("partition");
    private static final SerializableString EVENT_ID = new SerializedString("event_id");
    private static final SerializableString TRACK_ID = new SerializedString("track_id");
    private static final SerializableString TYPE = new SerializedString("interaction_type");
    private static final SerializableString TIMESTAMP = new SerializedString("timestamp");
    private static final SerializableString OFFSET = new SerializedString("offset");
    private static final SerializableString[] WIRE_TYPES = wireTypes();
    private static final byte[] EVENTS = ascii(",\"events\":[");
    private static final byte[] LOG_FLOOR = ascii("],\"log_floor\":");
    private static final byte[] UPDATED_AT = ascii(",\"updated_at\":");

    /** Room reserved per event in a log's JSON (a UUID event id needs ~160 bytes). */
    static final int ENTRY_BYTES = 176;

    private final EntryBytes scratch = new EntryBytes();
    private final JsonGenerator json;

    public ProfileViewWriter(int initialCapacity) {
        try {
            json = JSON.createGenerator(scratch);
        } catch (IOException e) {
            throw new UncheckedIOException(e); // in memory only
        }
        // Root-level values back to back: the scratch holds one entry (or prefix) at a time.
        json.setRootValueSeparator(null);
    }

    /** A writer for code that folds events outside the job's operator (tests, tools). */
    static ProfileViewWriter ofThisThread() {
        return PER_THREAD.get();
    }

    /** This user's view as contracts JSON (a new array of exactly its size). */
    public byte[] write(String userId, UserEventLog log) {
        byte[] prefix = prefix(userId, log);
        byte[] floor = ascii(Long.toString(log.logFloor));
        byte[] updated = ascii(Long.toString(log.updatedAt));
        int entries = log.size == 0 ? 0 : log.jsonEnd - log.jsonStart;
        byte[] view =
                new byte
                        [prefix.length
                                - 1
                                + EVENTS.length
                                + entries
                                + LOG_FLOOR.length
                                + floor.length
                                + UPDATED_AT.length
                                + updated.length
                                + 1];
        // The prefix is a complete object: drop its closing brace, the rest carries on.
        int at = put(view, 0, prefix, prefix.length - 1);
        at = put(view, at, EVENTS, EVENTS.length);
        if (entries > 0) {
            System.arraycopy(log.json, log.jsonStart, view, at, entries);
            at += entries;
        }
        at = put(view, at, LOG_FLOOR, LOG_FLOOR.length);
        at = put(view, at, floor, floor.length);
        at = put(view, at, UPDATED_AT, UPDATED_AT.length);
        at = put(view, at, updated, updated.length);
        view[at] = '}';
        return view;
    }

    private static int put(byte[] into, int at, byte[] bytes, int length) {
        System.arraycopy(bytes, 0, into, at, length);
        return at + length;
    }

    /** {@code {"user_id":"…","partition":n}}, written once per listener and partition. */
    private byte[] prefix(String userId, UserEventLog log) {
        if (log.viewPrefix == null || log.viewPrefixPartition != log.partition) {
            try {
                scratch.reset();
                json.writeStartObject();
                json.writeFieldName(USER_ID);
                json.writeString(userId);
                json.writeFieldName(PARTITION);
                json.writeNumber(log.partition);
                json.writeEndObject();
                json.flush();
            } catch (IOException e) {
                throw new UncheckedIOException(e); // in memory only
            }
            log.viewPrefix = scratch.toByteArray();
            log.viewPrefixPartition = log.partition;
        }
        return log.viewPrefix;
    }

    /**
     * Writes one event's entry, {@code {"event_id","track_id","interaction_type","timestamp",
     * "offset"}}, into this writer's scratch buffer ({@link #copyEntry} takes it).
     *
     * @return its length in bytes
     */
    int entry(String eventId, String trackId, InteractionType type, long timestamp, long offset) {
        scratch.reset();
        try {
            json.writeStartObject();
            json.writeFieldName(EVENT_ID);
            json.writeString(eventId);
            json.writeFieldName(TRACK_ID);
            json.writeString(trackId);
            json.writeFieldName(TYPE);
            json.writeString(WIRE_TYPES[type.ordinal()]);
            json.writeFieldName(TIMESTAMP);
            json.writeNumber(timestamp);
            json.writeFieldName(OFFSET);
            json.writeNumber(offset);
            json.writeEndObject();
            json.flush();
        } catch (IOException e) {
            throw new UncheckedIOException(e); // in memory only
        }
        return scratch.size();
    }

    /** Copies the entry {@link #entry} wrote to {@code into[at…]}. */
    void copyEntry(byte[] into, int at) {
        System.arraycopy(scratch.bytes(), 0, into, at, scratch.size());
    }

    /** A string as a JSON value, quotes included, escaped as the entries hold it. */
    byte[] quoted(String value) {
        scratch.reset();
        try {
            json.writeString(value);
            json.flush();
        } catch (IOException e) {
            throw new UncheckedIOException(e); // in memory only
        }
        return scratch.toByteArray();
    }

    /** A byte stream whose array is read directly (one entry's JSON at a time). */
    private static final class EntryBytes extends ByteArrayOutputStream {
        EntryBytes() {
            super(256);
        }

        byte[] bytes() {
            return buf;
        }
    }

    private static byte[] ascii(String s) {
        return s.getBytes(StandardCharsets.US_ASCII);
    }

    private static SerializableString[] wireTypes() {
        InteractionType[] types = InteractionType.values();
        SerializableString[] names = new SerializableString[types.length];
        for (InteractionType type : types) {
            names[type.ordinal()] = new SerializedString(type.wireName());
        }
        return names;
    }
}
