package org.lambdamusic.contracts.interaction;

import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonGenerator;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.io.UncheckedIOException;

/**
 * The one JSON-lines mapping of the interaction archive ({@link ArchivedRecord}). An accepted
 * record is the event's own JSON plus its position, so the archive stays readable as events:
 *
 * <pre>
 * {"event_id":"…","user_id":"…","track_id":"…","interaction_type":"like","timestamp":1764,"partition":0,"offset":41}
 * {"partition":0,"offset":42,"rejected":"unknown interaction_type: 'hum'"}
 * </pre>
 *
 * A line without partition and offset (archived before they were recorded) parses as an event at
 * partition -1.
 */
public final class ArchiveCodec {
    public static final String PARTITION = "partition";
    public static final String OFFSET = "offset";
    public static final String REJECTED = "rejected";

    private static final JsonFactory JSON = new JsonFactory();

    private ArchiveCodec() {}

    /** One line, without the trailing newline. */
    public static byte[] toJson(ArchivedRecord record) {
        ByteArrayOutputStream out = new ByteArrayOutputStream(200);
        try (JsonGenerator gen = JSON.createGenerator(out)) {
            write(record, gen);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return out.toByteArray();
    }

    private static void write(ArchivedRecord record, JsonGenerator gen) throws IOException {
        gen.writeStartObject();
        InteractionEvent event = record.event();
        if (event != null) {
            gen.writeStringField(InteractionEventCodec.EVENT_ID, event.eventId());
            gen.writeStringField(InteractionEventCodec.USER_ID, event.userId());
            gen.writeStringField(InteractionEventCodec.TRACK_ID, event.trackId());
            gen.writeStringField(InteractionEventCodec.INTERACTION_TYPE, event.type().wireName());
            gen.writeNumberField(InteractionEventCodec.TIMESTAMP, event.timestamp());
        }
        gen.writeNumberField(PARTITION, record.partition());
        gen.writeNumberField(OFFSET, record.offset());
        if (event == null) {
            gen.writeStringField(REJECTED, record.rejected());
        }
        gen.writeEndObject();
    }

    /**
     * Writes lines, each with its newline, through one generator and one buffer kept for the
     * writer's life: the same bytes as {@link #toJson} plus {@code '\n'}. The speed layer writes
     * every consumed record with it; a generator, its contexts and two byte arrays per line were a
     * tenth of the bytes that job allocated and an eighth of its task thread's samples (JFR,
     * BENCHMARKS.md). Not thread-safe: one per writing thread.
     */
    public static final class LineWriter {
        private final Buffer buffer = new Buffer();
        private final JsonGenerator gen;

        public LineWriter() {
            try {
                gen = JSON.createGenerator(buffer);
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
            gen.setRootValueSeparator(null); // lines end with our newline, nothing between
        }

        public void write(ArchivedRecord record, OutputStream out) throws IOException {
            ArchiveCodec.write(record, gen);
            gen.writeRaw('\n');
            gen.flush();
            buffer.drainTo(out);
        }
    }

    /** A byte buffer that hands its bytes on and starts again. */
    private static final class Buffer extends ByteArrayOutputStream {
        Buffer() {
            super(256);
        }

        void drainTo(OutputStream out) throws IOException {
            out.write(buf, 0, count);
            count = 0;
        }
    }

    /**
     * @throws InvalidEventException when the line is neither a positioned rejection marker nor a
     *     valid event (the archive holds only lines this class wrote, so this means damage)
     */
    public static ArchivedRecord fromJson(byte[] line) throws InvalidEventException {
        InteractionEventCodec.Fields f = InteractionEventCodec.readFields(line);
        boolean positioned = f.partition != null && f.offset != null;
        if (positioned && (f.partition < 0 || f.partition > Integer.MAX_VALUE || f.offset < 0)) {
            throw new InvalidEventException(
                    "archive line has partition " + f.partition + " offset " + f.offset);
        }
        int partition = positioned ? f.partition.intValue() : -1;
        long offset = positioned ? f.offset : -1;
        if (f.rejected != null) {
            if (!positioned) {
                throw new InvalidEventException("rejection marker without partition and offset");
            }
            return ArchivedRecord.rejected(partition, offset, f.rejected);
        }
        return new ArchivedRecord(partition, offset, InteractionEventCodec.toEvent(f), null);
    }
}
