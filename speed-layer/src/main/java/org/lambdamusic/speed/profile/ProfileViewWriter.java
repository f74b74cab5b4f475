package org.lambdamusic.speed.profile;

import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonGenerator;
import com.fasterxml.jackson.core.SerializableString;
import com.fasterxml.jackson.core.io.SerializedString;
import com.fasterxml.jackson.core.util.ByteArrayBuilder;
import java.io.IOException;
import java.io.UncheckedIOException;
import org.lambdamusic.contracts.interaction.InteractionType;

/**
 * Writes a {@link UserEventLog} as the contracts' {@code UserProfileView} JSON with Jackson's
 * streaming generator, straight from the state's arrays into one reused buffer: no view record, no
 * list copies, no data binding per flush. A plain Jackson generator writes the same bytes as the
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

    private final ByteArrayBuilder buffer;

    public ProfileViewWriter(int initialCapacity) {
        buffer = new ByteArrayBuilder(initialCapacity);
    }

    /** This user's view as contracts JSON (a new array; the buffer is kept for the next view). */
    public byte[] write(String userId, UserEventLog log) {
        buffer.reset();
        try (JsonGenerator json = JSON.createGenerator(buffer)) {
            writeView(userId, log, json);
        } catch (IOException e) {
            // Only the in-memory buffer is written to, so this cannot happen.
            throw new UncheckedIOException(e);
        }
        return buffer.toByteArray();
    }

    private static void writeView(String userId, UserEventLog log, JsonGenerator json)
            throws IOException {
        json.writeStartObject();
        json.writeFieldName(USER_ID);
        json.writeString(userId);
        json.writeFieldName(PARTITION);
        json.writeNumber(log.partition);
        json.writeFieldName(EVENTS);
        json.writeStartArray();
        for (int i = 0; i < log.size; i++) {
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
        json.writeEndArray();
        json.writeFieldName(LOG_FLOOR);
        json.writeNumber(log.logFloor);
        json.writeFieldName(UPDATED_AT);
        json.writeNumber(log.updatedAt);
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
