package org.lambdamusic.contracts.listener;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonProperty;
import java.util.Map;

/**
 * The {@code interactions} object of a model manifest: which archived interactions the version's
 * batch views cover and what was made of them.
 *
 * @param source the archive read (URI), or null when none was read
 * @param topic the topic whose offsets the watermark counts
 * @param watermark per partition, the last offset covered: the views hold exactly the accepted
 *     events with {@code offset <= watermark[partition]}
 * @param linesRead archive lines read (events, rejection markers, repeated copies, beyond W)
 * @param events distinct accepted events the views hold (this is what the counts add up to)
 * @param duplicates events dropped as redeliveries (an event id seen at an earlier offset) or as a
 *     second copy of the same offset
 * @param rejected rejection markers up to the watermark (events that went to the dead-letter topic)
 * @param beyondWatermark lines after the watermark: left to the speed layer until the next run
 * @param unpositioned lines without partition and offset (archived by an older speed layer): cannot
 *     be placed against a watermark, so not counted
 * @param eventTimeMin earliest event time among the events, epoch ms, null when none
 * @param eventTimeMax latest event time among the events, epoch ms, null when none
 * @param listeners listener views in the version
 * @param tracks track scores in the version
 * @param weights play, like and skip weights the scores were computed with
 * @param historySize recent interactions kept per listener
 */
@JsonInclude(JsonInclude.Include.NON_NULL)
public record InteractionsInfo(
        @JsonProperty("source") String source,
        @JsonProperty("topic") String topic,
        @JsonProperty("watermark") Watermark watermark,
        @JsonProperty("lines_read") long linesRead,
        @JsonProperty("events") long events,
        @JsonProperty("duplicates") long duplicates,
        @JsonProperty("rejected") long rejected,
        @JsonProperty("beyond_watermark") long beyondWatermark,
        @JsonProperty("unpositioned") long unpositioned,
        @JsonProperty("event_time_min") Long eventTimeMin,
        @JsonProperty("event_time_max") Long eventTimeMax,
        @JsonProperty("listeners") long listeners,
        @JsonProperty("tracks") long tracks,
        @JsonProperty("weights") Map<String, Integer> weights,
        @JsonProperty("history_size") int historySize) {

    public InteractionsInfo {
        watermark = watermark == null ? Watermark.NONE : watermark;
        weights =
                weights == null
                        ? Map.of()
                        : java.util.Collections.unmodifiableMap(new java.util.TreeMap<>(weights));
    }
}
