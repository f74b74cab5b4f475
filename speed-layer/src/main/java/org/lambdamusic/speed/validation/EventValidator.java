package org.lambdamusic.speed.validation;

import org.apache.flink.api.common.typeinfo.TypeInformation;
import org.apache.flink.metrics.Counter;
import org.apache.flink.streaming.api.functions.ProcessFunction;
import org.apache.flink.util.Collector;
import org.apache.flink.util.OutputTag;
import org.lambdamusic.contracts.interaction.ArchivedRecord;
import org.lambdamusic.contracts.interaction.DeadLetter;
import org.lambdamusic.speed.archive.ArchiveEntry;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Routes the decoded records ({@link ConsumedRecord}, decoded once in the source): valid events on
 * as {@link PositionedEvent}s; anything else (what the contracts codec rejects, payloads over the
 * size limit, timestamps too far in the future or negative) to the {@link #DEAD_LETTERS} side
 * output with the reason; the job never fails on bad input. With the archive on, every record also
 * goes to the {@link #ARCHIVE} side output: the event with its position, or a rejection marker with
 * the same reason as the dead letter, so every consumed offset has an archive line. A rejection is
 * logged (INFO) with the record's trace, and the dead letter carries it; an accepted event is
 * logged at DEBUG with its trace ({@code org.lambdamusic.speed.validation}).
 */
public final class EventValidator extends ProcessFunction<ConsumedRecord, PositionedEvent> {
    private static final long serialVersionUID = 1L;
    private static final Logger LOG = LoggerFactory.getLogger(EventValidator.class);

    public static final OutputTag<DeadLetter> DEAD_LETTERS =
            new OutputTag<>("dead-letters") {
                private static final long serialVersionUID = 1L;
            };

    /** Every consumed record as an archive line (only emitted when the archive is on). */
    public static final OutputTag<ArchiveEntry> ARCHIVE =
            new OutputTag<>("archive", TypeInformation.of(ArchiveEntry.class));

    private final boolean archive;
    private transient Counter rejected;

    public EventValidator(boolean archive) {
        this.archive = archive;
    }

    @Override
    public void open(org.apache.flink.api.common.functions.OpenContext openContext) {
        rejected = getRuntimeContext().getMetricGroup().counter("eventsRejected");
    }

    @Override
    public void processElement(ConsumedRecord record, Context ctx, Collector<PositionedEvent> out) {
        if (record.event() == null) {
            reject(ctx, record);
            return;
        }
        if (LOG.isDebugEnabled()) {
            LOG.debug(
                    "speed layer event partition={} offset={} event_id={} user_id={} type={} trace_id={}",
                    record.partition(),
                    record.offset(),
                    record.event().eventId(),
                    record.event().userId(),
                    record.event().type(),
                    record.traceId());
        }
        out.collect(new PositionedEvent(record.partition(), record.offset(), record.event()));
        if (archive) {
            ctx.output(
                    ARCHIVE,
                    new ArchiveEntry(
                            record.event().timestamp(),
                            ArchivedRecord.accepted(
                                    record.partition(), record.offset(), record.event())));
        }
    }

    private void reject(Context ctx, ConsumedRecord record) {
        long now = ctx.timerService().currentProcessingTime();
        if (rejected != null) {
            rejected.inc();
        }
        // One line per rejection: with the trace, an operator follows a request to its reason.
        LOG.info(
                "speed layer rejected partition={} offset={} trace_id={} error={}",
                record.partition(),
                record.offset(),
                record.traceId(),
                record.rejection());
        ctx.output(
                DEAD_LETTERS,
                new DeadLetter(record.original(), record.rejection(), now, record.traceId()));
        if (archive) {
            long date = record.kafkaTimestamp() >= 0 ? record.kafkaTimestamp() : now;
            ctx.output(
                    ARCHIVE,
                    new ArchiveEntry(
                            date,
                            ArchivedRecord.rejected(
                                    record.partition(), record.offset(), record.rejection())));
        }
    }
}
