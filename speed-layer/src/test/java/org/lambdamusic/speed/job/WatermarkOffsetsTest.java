package org.lambdamusic.speed.job;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.Collection;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;
import org.apache.flink.connector.kafka.source.enumerator.initializer.OffsetsInitializer;
import org.apache.kafka.clients.consumer.OffsetAndTimestamp;
import org.apache.kafka.clients.consumer.OffsetResetStrategy;
import org.apache.kafka.common.TopicPartition;
import org.junit.jupiter.api.Test;
import org.lambdamusic.contracts.listener.Watermark;

class WatermarkOffsetsTest {
    private static final String TOPIC = "user-interactions";

    @Test
    void startsEachPartitionAfterItsWatermarkAndTheOthersAtTheirEarliestOffset() {
        // Partition 0: W=41 -> 42. 1: W=-1 (nothing covered) -> 0. 2: no W -> earliest (5), not
        // the group's committed offset. 3: W+1 no longer retained -> earliest (100). 4: W beyond
        // the end (topic recreated) -> earliest (0).
        WatermarkOffsets offsets =
                new WatermarkOffsets(new Watermark(Map.of(0, 41L, 1, -1L, 3, 10L, 4, 900L)));
        Map<TopicPartition, Long> start =
                offsets.getPartitionOffsets(
                        List.of(tp(0), tp(1), tp(2), tp(3), tp(4)),
                        new Retriever(
                                Map.of(0, 0L, 1, 0L, 2, 5L, 3, 100L, 4, 0L),
                                Map.of(0, 60L, 1, 7L, 2, 9L, 3, 200L, 4, 50L)));

        assertThat(start)
                .containsExactlyInAnyOrderEntriesOf(
                        Map.of(tp(0), 42L, tp(1), 0L, tp(2), 5L, tp(3), 100L, tp(4), 0L));
        assertThat(offsets.getAutoOffsetResetStrategy()).isEqualTo(OffsetResetStrategy.EARLIEST);
    }

    @Test
    void aWatermarkAtThePartitionsEndStartsAtTheEnd() {
        Map<TopicPartition, Long> start =
                new WatermarkOffsets(new Watermark(Map.of(0, 59L)))
                        .getPartitionOffsets(
                                List.of(tp(0)), new Retriever(Map.of(0, 0L), Map.of(0, 60L)));

        assertThat(start).containsExactly(Map.entry(tp(0), 60L));
    }

    private static TopicPartition tp(int partition) {
        return new TopicPartition(TOPIC, partition);
    }

    /** Beginning and end offsets per partition; committed offsets must never be asked for. */
    private record Retriever(Map<Integer, Long> beginning, Map<Integer, Long> end)
            implements OffsetsInitializer.PartitionOffsetsRetriever {
        @Override
        public Map<TopicPartition, Long> committedOffsets(Collection<TopicPartition> partitions) {
            throw new AssertionError("committed offsets must not decide where the job starts");
        }

        @Override
        public Map<TopicPartition, Long> endOffsets(Collection<TopicPartition> partitions) {
            return pick(end, partitions);
        }

        @Override
        public Map<TopicPartition, Long> beginningOffsets(Collection<TopicPartition> partitions) {
            return pick(beginning, partitions);
        }

        @Override
        public Map<TopicPartition, OffsetAndTimestamp> offsetsForTimes(
                Map<TopicPartition, Long> timestamps) {
            throw new UnsupportedOperationException();
        }

        private static Map<TopicPartition, Long> pick(
                Map<Integer, Long> values, Collection<TopicPartition> partitions) {
            return partitions.stream()
                    .collect(Collectors.toMap(tp -> tp, tp -> values.get(tp.partition())));
        }
    }
}
