package org.lambdamusic.speed.job;

import java.util.Collection;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import org.apache.flink.connector.kafka.source.enumerator.initializer.OffsetsInitializer;
import org.apache.kafka.clients.consumer.OffsetResetStrategy;
import org.apache.kafka.common.TopicPartition;
import org.lambdamusic.contracts.listener.Watermark;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Starts each partition right after the batch watermark: offset {@code W[p] + 1}, where the served
 * version's batch views stop, and the earliest retained offset for a partition the watermark does
 * not name. Not {@code OffsetsInitializer.offsets(map, EARLIEST)}: that one looks up the consumer
 * group's committed offsets for partitions missing from the map, and after a reset those are the
 * old job's position, beyond events the views need. Logs the offset it chose for each partition.
 *
 * <p>When {@code W[p] + 1} is no longer retained (the topic's retention is shorter than the time
 * since that batch run), the partition starts at its earliest offset and a warning says events were
 * lost to both layers; when it is beyond the partition's end (the topic was recreated), at its
 * earliest offset too.
 */
public final class WatermarkOffsets implements OffsetsInitializer {
    private static final long serialVersionUID = 1L;
    private static final Logger LOG = LoggerFactory.getLogger(WatermarkOffsets.class);

    private final HashMap<Integer, Long> watermark;

    public WatermarkOffsets(Watermark watermark) {
        this.watermark = new HashMap<>(watermark.offsets());
    }

    @Override
    public Map<TopicPartition, Long> getPartitionOffsets(
            Collection<TopicPartition> partitions, PartitionOffsetsRetriever retriever) {
        List<TopicPartition> all = List.copyOf(partitions);
        Map<TopicPartition, Long> earliest = retriever.beginningOffsets(all);
        Map<TopicPartition, Long> end = retriever.endOffsets(all);
        Map<TopicPartition, Long> start = new HashMap<>();
        Map<String, String> described = new TreeMap<>();
        for (TopicPartition tp : all) {
            long first = earliest.getOrDefault(tp, 0L);
            Long covered = watermark.get(tp.partition());
            long offset;
            String why;
            if (covered == null) {
                offset = first;
                why = "earliest, no watermark";
            } else if (covered + 1 < first) {
                offset = first;
                why = "earliest; offsets " + (covered + 1) + ".." + (first - 1) + " LOST";
                LOG.warn(
                        "speed layer: {} offsets {}..{} after the watermark are no longer retained:"
                                + " neither layer holds them (retention shorter than the time"
                                + " since the batch run)",
                        tp,
                        covered + 1,
                        first - 1);
            } else if (covered + 1 > end.getOrDefault(tp, Long.MAX_VALUE)) {
                offset = first;
                why = "earliest; watermark " + covered + " beyond the end " + end.get(tp);
                LOG.warn(
                        "speed layer: watermark {} of {} is beyond the partition's end {} (topic"
                                + " recreated?); reading it from the earliest offset",
                        covered,
                        tp,
                        end.get(tp));
            } else {
                offset = covered + 1;
                why = "watermark " + covered + " + 1";
            }
            start.put(tp, offset);
            described.put(tp.toString(), offset + " (" + why + ")");
        }
        LOG.info("speed layer start offsets {}", described);
        return start;
    }

    @Override
    public OffsetResetStrategy getAutoOffsetResetStrategy() {
        return OffsetResetStrategy.EARLIEST;
    }
}
