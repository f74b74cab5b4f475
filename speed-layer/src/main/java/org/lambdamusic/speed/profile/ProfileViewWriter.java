package org.lambdamusic.speed.profile;

import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonGenerator;
import com.fasterxml.jackson.core.SerializableString;
import com.fasterxml.jackson.core.io.SerializedString;
import com.fasterxml.jackson.core.util.ByteArrayBuilder;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import org.lambdamusic.contracts.interaction.InteractionType;

/**
 * Writes a {@link UserEventLog} as the contracts' {@code UserProfileView} JSON with Jackson's
 * streaming generator, straight from the state into one reused buffer: no view record, no list
 * copies, no data binding per flush. Each event's JSON is written once and kept in the log (its
 * entries never change and appear in every later view), so a view is the header, one array copy of
 * the cached events and the footer. A plain Jackson generator writes the same bytes as the
 * contracts' mapper ({@code ProfileViewJsonTest} checks it), so readers cannot tell the writers
 * apart. One writer per operator instance (not thread-safe).
 */
public final class ProfileViewWriter {
    private static final JsonFactory JSON = new JsonFactory();

    // Field names and order of the contracts' UserProfileView and RecentInteraction; pre-encoded.
    private static final SerializableString USER_ID = new SerializedString("user_id");
    private static final SerializableString PARTITION = new SerializedString("partition");
    private static final SerializableString EVENTS = new SerializedString("events");
    private static final SerializableString EVENT_ID = new SerializedString("event_id");
    private static final SerializableString TRACK_ID = new SerializedString("track_id");
    private static final SerializableString TYPE = new SerializedString("interaction_type");
    private static final SerializableString TIMESTAMP = new SerializedString("timestamp");
    private static final SerializableString OFFSET = new SerializedString("offset");
    private static final SerializableString LOG_FLOOR = new SerializedString("log_floor");
    private static final SerializableString UPDATED_AT = new SerializedString("updated_at");
    private static final SerializableString[] WIRE_TYPES = wireTypes();

    /** Room reserved per event in a log's cached JSON (a UUID event id needs ~160 bytes). */
    private static final int ENTRY_BYTES = 176;

    private final ByteArrayBuilder buffer;
    private final EntryBytes entry = new EntryBytes();

    public ProfileViewWriter(int initialCapacity) {
        buffer = new ByteArrayBuilder(initialCapacity);
    }

    /** This user's view as contracts JSON (a new array; the buffer is kept for the next view). */
    public byte[] write(String userId, UserEventLog log) {
        cacheEvents(log);
        buffer.reset();
        try (JsonGenerator json = JSON.createGenerator(buffer)) {
            json.writeStartObject();
            json.writeFieldName(USER_ID);
            json.writeString(userId);
            json.writeFieldName(PARTITION);
            json.writeNumber(log.partition);
            json.writeFieldName(EVENTS);
            json.writeStartArray();
            // The entries' JSON straight from the log's cache: the generator's own output goes
            // to the buffer first, then the cached bytes, then the generator carries on.
            json.flush();
            buffer.write(log.json, log.jsonStart, log.jsonEnd - log.jsonStart);
            json.writeEndArray();
            json.writeFieldName(LOG_FLOOR);
            json.writeNumber(log.logFloor);
            json.writeFieldName(UPDATED_AT);
            json.writeNumber(log.updatedAt);
            json.writeEndObject();
        } catch (IOException e) {
            // Only the in-memory buffer is written to, so this cannot happen.
            throw new UncheckedIOException(e);
        }
        return buffer.toByteArray();
    }

    /**
     * Brings the log's cached entry JSON up to date: the entries added since the last view are
     * written once each (by the generator, into the scratch buffer) and appended; the whole log
     * only after a restore or a removal other than the oldest entries.
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
            entry.reset();
            try (JsonGenerator json = JSON.createGenerator(entry)) {
                writeEntry(log, i, json);
            } catch (IOException e) {
                throw new UncheckedIOException(e); // in memory only
            }
            int comma = i > 0 ? 1 : 0;
            if (log.jsonEnd + comma + entry.size() > log.json.length) {
                reallocate(log, comma + entry.size() + (log.size - i) * ENTRY_BYTES);
            }
            if (comma == 1) {
                log.json[log.jsonEnd++] = ',';
            }
            System.arraycopy(entry.bytes(), 0, log.json, log.jsonEnd, entry.size());
            log.jsonEnd += entry.size();
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

    private static SerializableString[] wireTypes() {
        InteractionType[] types = InteractionType.values();
        SerializableString[] names = new SerializableString[types.length];
        for (InteractionType type : types) {
            names[type.ordinal()] = new SerializedString(type.wireName());
        }
        return names;
    }
}
