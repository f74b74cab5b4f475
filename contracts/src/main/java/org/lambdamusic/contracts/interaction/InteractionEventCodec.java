package org.lambdamusic.contracts.interaction;

import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonGenerator;
import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonToken;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;

/**
 * The one JSON mapping of {@link InteractionEvent}: {@code {"event_id", "user_id", "track_id",
 * "interaction_type", "timestamp"}}, timestamp in epoch milliseconds.
 *
 * <p>Streaming parser and generator rather than data binding: this runs once per event on the speed
 * layer's hot path, and a reason for every rejection is needed for the dead-letter record. Unknown
 * fields are ignored so producers can add fields without breaking consumers.
 */
public final class InteractionEventCodec {
    public static final String EVENT_ID = "event_id";
    public static final String USER_ID = "user_id";
    public static final String TRACK_ID = "track_id";
    public static final String INTERACTION_TYPE = "interaction_type";
    public static final String TIMESTAMP = "timestamp";

    private static final JsonFactory JSON = new JsonFactory();

    private InteractionEventCodec() {}

    public static byte[] toJson(InteractionEvent event) {
        ByteArrayOutputStream out = new ByteArrayOutputStream(160);
        try (JsonGenerator gen = JSON.createGenerator(out)) {
            gen.writeStartObject();
            gen.writeStringField(EVENT_ID, event.eventId());
            gen.writeStringField(USER_ID, event.userId());
            gen.writeStringField(TRACK_ID, event.trackId());
            gen.writeStringField(INTERACTION_TYPE, event.type().wireName());
            gen.writeNumberField(TIMESTAMP, event.timestamp());
            gen.writeEndObject();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return out.toByteArray();
    }

    /**
     * Parses and checks the structure of one event.
     *
     * @throws InvalidEventException with a one-line reason when the bytes are not a valid event
     */
    public static InteractionEvent fromJson(byte[] json) throws InvalidEventException {
        return toEvent(readFields(json));
    }

    /** Every field of an event or archive line, as read; validation happens in {@link #toEvent}. */
    static final class Fields {
        String eventId;
        String userId;
        String trackId;
        String type;
        Long timestamp;
        Long partition;
        Long offset;
        String rejected;
    }

    static Fields readFields(byte[] json) throws InvalidEventException {
        if (json == null || json.length == 0) {
            throw new InvalidEventException("empty payload");
        }
        Fields f = new Fields();
        try (JsonParser p = JSON.createParser(json)) {
            if (p.nextToken() != JsonToken.START_OBJECT) {
                throw new InvalidEventException("malformed JSON: not an object");
            }
            JsonToken token;
            while ((token = p.nextToken()) == JsonToken.FIELD_NAME) {
                String field = p.currentName();
                JsonToken value = p.nextToken();
                switch (field) {
                    case EVENT_ID -> f.eventId = text(p, value, field);
                    case USER_ID -> f.userId = text(p, value, field);
                    case TRACK_ID -> f.trackId = text(p, value, field);
                    case INTERACTION_TYPE -> f.type = text(p, value, field);
                    case TIMESTAMP -> f.timestamp = integer(p, value, field);
                    case ArchiveCodec.PARTITION -> f.partition = integer(p, value, field);
                    case ArchiveCodec.OFFSET -> f.offset = integer(p, value, field);
                    case ArchiveCodec.REJECTED -> f.rejected = text(p, value, field);
                    default -> p.skipChildren();
                }
            }
            if (token != JsonToken.END_OBJECT) {
                throw new InvalidEventException("malformed JSON: unexpected " + token);
            }
            if (p.nextToken() != null) {
                throw new InvalidEventException("malformed JSON: trailing content");
            }
        } catch (IOException e) {
            throw new InvalidEventException("malformed JSON: " + firstLine(e.getMessage()));
        }
        return f;
    }

    static InteractionEvent toEvent(Fields f) throws InvalidEventException {
        requireId(f.eventId, EVENT_ID);
        requireId(f.userId, USER_ID);
        requireId(f.trackId, TRACK_ID);
        if (f.type == null) {
            throw new InvalidEventException("missing field: " + INTERACTION_TYPE);
        }
        InteractionType parsedType = InteractionType.fromWire(f.type).orElse(null);
        if (parsedType == null) {
            throw new InvalidEventException("unknown interaction_type: " + abbreviate(f.type));
        }
        if (f.timestamp == null) {
            throw new InvalidEventException("missing field: " + TIMESTAMP);
        }
        return new InteractionEvent(f.eventId, f.userId, f.trackId, parsedType, f.timestamp);
    }

    private static String text(JsonParser p, JsonToken value, String field)
            throws IOException, InvalidEventException {
        if (value == JsonToken.VALUE_NULL) {
            return null;
        }
        if (value != JsonToken.VALUE_STRING) {
            p.skipChildren();
            throw new InvalidEventException("field " + field + " must be a string");
        }
        return p.getText();
    }

    private static Long integer(JsonParser p, JsonToken value, String field)
            throws IOException, InvalidEventException {
        if (value == JsonToken.VALUE_NULL) {
            return null;
        }
        if (value != JsonToken.VALUE_NUMBER_INT) {
            p.skipChildren();
            throw new InvalidEventException(
                    TIMESTAMP.equals(field)
                            ? "field timestamp must be an integer (epoch ms)"
                            : "field " + field + " must be an integer");
        }
        return p.getLongValue();
    }

    private static void requireId(String value, String field) throws InvalidEventException {
        if (value == null) {
            throw new InvalidEventException("missing field: " + field);
        }
        if (value.isBlank()) {
            throw new InvalidEventException("blank field: " + field);
        }
    }

    private static String abbreviate(String s) {
        return s.length() <= 40 ? "'" + s + "'" : "'" + s.substring(0, 40) + "…'";
    }

    private static String firstLine(String message) {
        if (message == null) {
            return "unreadable";
        }
        int nl = message.indexOf('\n');
        return nl < 0 ? message : message.substring(0, nl);
    }
}
