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
 * Writes a {@link UserEventLog} as the contracts' {@code UserProfileView} JSON, straight from the
 * state: no view record, no list copies, no data binding per flush. Jackson's streaming generator
 * writes every string (one long-lived generator per writer): each event's JSON once, when it joins
 * the log (an entry never changes and appears in every later view), and each listener's {@code
 * {"user_id":"…","partition":n} prefix once. A view is then that prefix, one copy of the cached
 * entries, and the three numbers around them, assembled into an array of exactly its size.
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

    /** Room reserved per event in a log's cached JSON (a UUID event id needs ~160 bytes). */
    private static final int ENTRY_BYTES = 176;

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

    /** This user's view as contracts JSON (a new array of exactly its size). */
    public byte[] write(String userId, UserEventLog log) {
        cacheEvents(log);
        byte[] prefix = prefix(userId, log);
        byte[] floor = ascii(Long.toString(log.logFloor));
        byte[] updated = ascii(Long.toString(log.updatedAt));
        int entries = log.jsonEnd - log.jsonStart;
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
        System.arraycopy(log.json, log.jsonStart, view, at, entries);
        at += entries;
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
     * Brings the log's cached entry JSON up to date: the entries added since the last view are
     * written once each and appended; the whole log only after a restore or a removal other than
     * the oldest entries.
     */
    private void cacheEvents(UserEventLog log) {
        if (log.json != null && log.jsonEntries == log.size) {
            return;
        }
        if (log.json == null) {
            log.json = new byte[Math.max(256, log.size * ENTRY_BYTES)];
            log.jsonStart = 0;
            log.jsonEnd = 0;
            log.jsonEntries = 0;
            log.jsonOwned = true;
        } else if (!log.jsonOwned) {
            // Shared with a copy (a checkpoint's): append to a buffer of our own.
            reallocate(log, (log.size - log.jsonEntries) * ENTRY_BYTES);
        }
        for (int i = log.jsonEntries; i < log.size; i++) {
            scratch.reset();
            try {
                writeEntry(log, i, json);
                json.flush();
            } catch (IOException e) {
                throw new UncheckedIOException(e); // in memory only
            }
            int comma = log.jsonEnd > log.jsonStart ? 1 : 0;
            if (log.jsonEnd + comma + scratch.size() > log.json.length) {
                reallocate(log, comma + scratch.size() + (log.size - i) * ENTRY_BYTES);
            }
            if (comma == 1) {
                log.json[log.jsonEnd++] = ',';
            }
            System.arraycopy(scratch.bytes(), 0, log.json, log.jsonEnd, scratch.size());
            log.jsonEnd += scratch.size();
            log.jsonEntryEnd[i] = log.jsonEnd;
            log.jsonEntries = i + 1;
        }
    }

    /**
     * Moves the cached bytes to a new array of their own with room for {@code extra} more (never in
     * place: a copy of the log may share the old array and still read it).
     */
    private static void reallocate(UserEventLog log, int extra) {
        int length = log.jsonEnd - log.jsonStart;
        byte[] own = new byte[Math.max(256, Math.max(2 * length, length + extra))];
        System.arraycopy(log.json, log.jsonStart, own, 0, length);
        for (int k = 0; k < log.jsonEntries; k++) {
            log.jsonEntryEnd[k] -= log.jsonStart;
        }
        log.json = own;
        log.jsonStart = 0;
        log.jsonEnd = length;
        log.jsonOwned = true;
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

    private static void writeEntry(UserEventLog log, int i, JsonGenerator json) throws IOException {
        json.writeStartObject();
        json.writeFieldName(EVENT_ID);
        json.writeString(log.eventIds[i]);
        json.writeFieldName(TRACK_ID);
        json.writeString(log.trackIds[i]);
        json.writeFieldName(TYPE);
        json.writeString(WIRE_TYPES[log.types[i]]);
        json.writeFieldName(TIMESTAMP);
        json.writeNumber(log.timestamps[i]);
        json.writeFieldName(OFFSET);
        json.writeNumber(log.offsets[i]);
        json.writeEndObject();
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
