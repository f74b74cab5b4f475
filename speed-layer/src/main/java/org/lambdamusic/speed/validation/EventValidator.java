package org.lambdamusic.speed.validation;

import java.nio.charset.StandardCharsets;
import org.apache.flink.api.common.typeinfo.TypeInformation;
import org.apache.flink.metrics.Counter;
import org.apache.flink.streaming.api.functions.ProcessFunction;
import org.apache.flink.util.Collector;
import org.apache.flink.util.OutputTag;
import org.lambdamusic.contracts.interaction.ArchivedRecord;
import org.lambdamusic.contracts.interaction.DeadLetter;
import org.lambdamusic.contracts.interaction.InteractionEvent;
import org.lambdamusic.contracts.interaction.InteractionEventCodec;
import org.lambdamusic.contracts.interaction.InvalidEventException;
import org.lambdamusic.speed.archive.ArchiveEntry;

/**
 * Turns positioned raw payloads into {@link PositionedEvent}s. Anything that is not a valid event
 * (what the contracts codec rejects, payloads over the size limit, timestamps too far in the future
 * or negative) goes to the {@link #DEAD_LETTERS} side output with the reason; the job never fails
 * on bad input. With the archive on, every record also goes to the {@link #ARCHIVE} side output:
 * the event with its position, or a rejection marker with the same reason as the dead letter, so
 * every consumed offset has an archive line.
 */
public final class EventValidator extends ProcessFunction<PositionedPayload, PositionedEvent> {
    private static final long serialVersionUID = 1L;

    public static final OutputTag<DeadLetter> DEAD_LETTERS =
            new OutputTag<>("dead-letters") {
                private static final long serialVersionUID = 1L;
            };

    /** Every consumed record as an archive line (only emitted when the archive is on). */
    public static final OutputTag<ArchiveEntry> ARCHIVE =
            new OutputTag<>("archive", TypeInformation.of(ArchiveEntry.class));

    /**
     * Beyond this, the DLQ copy of an oversized payload is cut so the dead letter fits in Kafka.
     */
    static final int MAX_DEAD_LETTER_PAYLOAD_CHARS = 64 * 1024;

    private final int maxEventBytes;
    private final long maxFutureSkewMs;
    private final boolean archive;
    private transient Counter rejected;

    public EventValidator(int maxEventBytes, long maxFutureSkewMs, boolean archive) {
        this.maxEventBytes = maxEventBytes;
        this.maxFutureSkewMs = maxFutureSkewMs;
        this.archive = archive;
    }

    @Override
    public void open(org.apache.flink.api.common.functions.OpenContext openContext) {
        rejected = getRuntimeContext().getMetricGroup().counter("eventsRejected");
    }

    @Override
    public void processElement(
            PositionedPayload record, Context ctx, Collector<PositionedEvent> out) {
        long now = ctx.timerService().currentProcessingTime();
        byte[] payload = record.payload();
        if (payload.length > maxEventBytes) {
            reject(
                    ctx,
                    record,
                    "oversized payload: " + payload.length + " bytes > limit " + maxEventBytes,
                    now);
            return;
        }
        InteractionEvent event;
        try {
            event = InteractionEventCodec.fromJson(payload);
        } catch (InvalidEventException e) {
            reject(ctx, record, e.getMessage(), now);
            return;
        }
        if (event.timestamp() > now + maxFutureSkewMs) {
            reject(
                    ctx,
                    record,
                    "timestamp too far in the future: "
                            + (event.timestamp() - now)
                            + " ms ahead, limit "
                            + maxFutureSkewMs
                            + " ms",
                    now);
            return;
        }
        if (event.timestamp() < 0) {
            reject(ctx, record, "negative timestamp: " + event.timestamp(), now);
            return;
        }
        out.collect(new PositionedEvent(record.partition(), record.offset(), event));
        if (archive) {
            ctx.output(
                    ARCHIVE,
                    new ArchiveEntry(
                            event.timestamp(),
                            ArchivedRecord.accepted(record.partition(), record.offset(), event)));
        }
    }

    private void reject(Context ctx, PositionedPayload record, String reason, long now) {
        if (rejected != null) {
            rejected.inc();
        }
        ctx.output(DEAD_LETTERS, new DeadLetter(original(record.payload()), reason, now));
        if (archive) {
            long date = record.kafkaTimestamp() >= 0 ? record.kafkaTimestamp() : now;
            ctx.output(
                    ARCHIVE,
                    new ArchiveEntry(
                            date,
                            ArchivedRecord.rejected(record.partition(), record.offset(), reason)));
        }
    }

    private static String original(byte[] payload) {
        String text = new String(payload, StandardCharsets.UTF_8);
        return text.length() <= MAX_DEAD_LETTER_PAYLOAD_CHARS
                ? text
                : text.substring(0, MAX_DEAD_LETTER_PAYLOAD_CHARS) + "…(truncated)";
    }
}
