package org.lambdamusic.speed.validation;

import java.nio.charset.StandardCharsets;
import org.apache.flink.metrics.Counter;
import org.apache.flink.streaming.api.functions.ProcessFunction;
import org.apache.flink.util.Collector;
import org.apache.flink.util.OutputTag;
import org.lambdamusic.contracts.interaction.DeadLetter;
import org.lambdamusic.contracts.interaction.InteractionEvent;
import org.lambdamusic.contracts.interaction.InteractionEventCodec;
import org.lambdamusic.contracts.interaction.InvalidEventException;

/**
 * Turns raw payloads into {@link InteractionEvent}s. Anything that is not a valid event (what the
 * contracts codec rejects, payloads over the size limit, timestamps too far in the future) goes to
 * the {@link #DEAD_LETTERS} side output with the reason; the job never fails on bad input.
 */
public final class EventValidator extends ProcessFunction<byte[], InteractionEvent> {
    private static final long serialVersionUID = 1L;

    public static final OutputTag<DeadLetter> DEAD_LETTERS =
            new OutputTag<>("dead-letters") {
                private static final long serialVersionUID = 1L;
            };

    /**
     * Beyond this, the DLQ copy of an oversized payload is cut so the dead letter fits in Kafka.
     */
    static final int MAX_DEAD_LETTER_PAYLOAD_CHARS = 64 * 1024;

    private final int maxEventBytes;
    private final long maxFutureSkewMs;
    private transient Counter rejected;

    public EventValidator(int maxEventBytes, long maxFutureSkewMs) {
        this.maxEventBytes = maxEventBytes;
        this.maxFutureSkewMs = maxFutureSkewMs;
    }

    @Override
    public void open(org.apache.flink.api.common.functions.OpenContext openContext) {
        rejected = getRuntimeContext().getMetricGroup().counter("eventsRejected");
    }

    @Override
    public void processElement(byte[] payload, Context ctx, Collector<InteractionEvent> out) {
        long now = ctx.timerService().currentProcessingTime();
        if (payload.length > maxEventBytes) {
            reject(
                    ctx,
                    payload,
                    "oversized payload: " + payload.length + " bytes > limit " + maxEventBytes,
                    now);
            return;
        }
        InteractionEvent event;
        try {
            event = InteractionEventCodec.fromJson(payload);
        } catch (InvalidEventException e) {
            reject(ctx, payload, e.getMessage(), now);
            return;
        }
        if (event.timestamp() > now + maxFutureSkewMs) {
            reject(
                    ctx,
                    payload,
                    "timestamp too far in the future: "
                            + (event.timestamp() - now)
                            + " ms ahead, limit "
                            + maxFutureSkewMs
                            + " ms",
                    now);
            return;
        }
        if (event.timestamp() < 0) {
            reject(ctx, payload, "negative timestamp: " + event.timestamp(), now);
            return;
        }
        out.collect(event);
    }

    private void reject(Context ctx, byte[] payload, String reason, long now) {
        if (rejected != null) {
            rejected.inc();
        }
        ctx.output(DEAD_LETTERS, new DeadLetter(original(payload), reason, now));
    }

    private static String original(byte[] payload) {
        String text = new String(payload, StandardCharsets.UTF_8);
        return text.length() <= MAX_DEAD_LETTER_PAYLOAD_CHARS
                ? text
                : text.substring(0, MAX_DEAD_LETTER_PAYLOAD_CHARS) + "…(truncated)";
    }
}
