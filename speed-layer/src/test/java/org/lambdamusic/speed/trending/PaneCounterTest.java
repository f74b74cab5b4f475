package org.lambdamusic.speed.trending;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.ArrayList;
import java.util.List;
import org.apache.flink.streaming.api.watermark.Watermark;
import org.apache.flink.streaming.runtime.streamrecord.StreamRecord;
import org.apache.flink.streaming.util.OneInputStreamOperatorTestHarness;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.lambdamusic.contracts.interaction.InteractionEvent;
import org.lambdamusic.contracts.interaction.InteractionType;

/** Slide 10: panes are [0, 10), [10, 20), ... */
class PaneCounterTest {
    private OneInputStreamOperatorTestHarness<InteractionEvent, TrackPaneCount> harness;
    private int next;

    @BeforeEach
    void open() throws Exception {
        harness = new OneInputStreamOperatorTestHarness<>(new PaneCounter(10));
        harness.open();
    }

    @AfterEach
    void close() throws Exception {
        harness.close();
    }

    @Test
    void sendsOneCountPerTrackAndPaneJustBeforeTheNextWatermark() throws Exception {
        event("t1", InteractionType.PLAY, 1);
        event("t1", InteractionType.PLAY, 4);
        event("t1", InteractionType.LIKE, 9);
        event("t1", InteractionType.SKIP, 12); // the next pane
        event("t2", InteractionType.PLAY, 3);
        assertThat(harness.getOutput()).isEmpty();

        harness.processWatermark(new Watermark(5));

        List<Object> out = new ArrayList<>(harness.getOutput());
        assertThat(out).hasSize(4);
        List<Object> counts =
                out.subList(0, 3).stream()
                        .map(o -> (Object) ((StreamRecord<?>) o).getValue())
                        .toList();
        assertThat(counts)
                .containsExactlyInAnyOrder(
                        new TrackPaneCount("t1", 0, 2, 1, 0),
                        new TrackPaneCount("t1", 1, 0, 0, 1),
                        new TrackPaneCount("t2", 0, 1, 0, 0));
        assertThat(out.get(3)).isEqualTo(new Watermark(5)); // the counts come before it

        event("t2", InteractionType.SKIP, 7); // late or not, TrendingPanes decides
        harness.processWatermark(new Watermark(6));
        assertThat(harness.extractOutputValues())
                .last()
                .isEqualTo(new TrackPaneCount("t2", 0, 0, 0, 1));
    }

    @Test
    void sendsWhatItCountedBeforeACheckpointBarrierSoItKeepsNoState() throws Exception {
        event("t1", InteractionType.PLAY, 1);
        harness.prepareSnapshotPreBarrier(1L);

        assertThat(harness.extractOutputValues())
                .containsExactly(new TrackPaneCount("t1", 0, 1, 0, 0));
    }

    private void event(String track, InteractionType type, long ts) throws Exception {
        harness.processElement(new InteractionEvent("e" + next++, "u", track, type, ts), ts);
    }
}
