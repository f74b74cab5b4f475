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
 * Writes a {@link UserHistory} as the contracts' {@code UserProfileView} JSON with Jackson's
 * streaming generator, straight from the state's arrays into one reused buffer: no view record, no
 * list copies, no data binding per flush. A plain Jackson generator writes the same bytes as the
 * contracts' mapper ({@code ProfileViewJsonTest} checks it), so readers cannot tell the writers
 * apart. One writer per operator instance (not thread-safe).
 */
public final class ProfileViewWriter {
    private static final JsonFactory JSON = new JsonFactory();

    // Field names and order of the contracts' UserProfileView, RecentInteraction and
    // InteractionCounts; pre-encoded once.
    private static final SerializableString USER_ID = new SerializedString("user_id");
    private static final SerializableString RECENT = new SerializedString("recent");
    private static final SerializableString EVENT_ID = new SerializedString("event_id");
    private static final SerializableString TRACK_ID = new SerializedString("track_id");
    private static final SerializableString TYPE = new SerializedString("interaction_type");
    private static final SerializableString TIMESTAMP = new SerializedString("timestamp");
    private static final SerializableString LIKED = new SerializedString("liked_tracks");
    private static final SerializableString COUNTS = new SerializedString("counts");
    private static final SerializableString PLAY = new SerializedString("play");
    private static final SerializableString LIKE = new SerializedString("like");
    private static final SerializableString SKIP = new SerializedString("skip");
    private static final SerializableString UPDATED_AT = new SerializedString("updated_at");
    private static final SerializableString[] WIRE_TYPES = wireTypes();

    private final ByteArrayBuilder buffer;

    public ProfileViewWriter(int initialCapacity) {
        buffer = new ByteArrayBuilder(initialCapacity);
    }

    /** This user's view as contracts JSON (a new array; the buffer is kept for the next view). */
    public byte[] write(String userId, UserHistory user) {
        buffer.reset();
        try (JsonGenerator json = JSON.createGenerator(buffer)) {
            writeView(userId, user, json);
        } catch (IOException e) {
            // Only the in-memory buffer is written to, so this cannot happen.
            throw new UncheckedIOException(e);
        }
        return buffer.toByteArray();
    }

    private static void writeView(String userId, UserHistory user, JsonGenerator json)
            throws IOException {
        json.writeStartObject();
        json.writeFieldName(USER_ID);
        json.writeString(userId);
        json.writeFieldName(RECENT);
        json.writeStartArray();
        for (int i = 0; i < user.size; i++) {
            json.writeStartObject();
            json.writeFieldName(EVENT_ID);
            json.writeString(user.eventIds[i]);
            json.writeFieldName(TRACK_ID);
            json.writeString(user.trackIds[i]);
            json.writeFieldName(TYPE);
            json.writeString(WIRE_TYPES[user.types[i]]);
            json.writeFieldName(TIMESTAMP);
            json.writeNumber(user.timestamps[i]);
            json.writeEndObject();
        }
        json.writeEndArray();
        json.writeFieldName(LIKED);
        json.writeStartArray();
        for (int i = 0; i < user.likedCount; i++) {
            json.writeString(user.liked[i]);
        }
        json.writeEndArray();
        json.writeFieldName(COUNTS);
        json.writeStartObject();
        json.writeFieldName(PLAY);
        json.writeNumber(user.plays);
        json.writeFieldName(LIKE);
        json.writeNumber(user.likes);
        json.writeFieldName(SKIP);
        json.writeNumber(user.skips);
        json.writeEndObject();
        json.writeFieldName(UPDATED_AT);
        json.writeNumber(user.updatedAt);
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
