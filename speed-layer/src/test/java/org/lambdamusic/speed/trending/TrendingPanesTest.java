package org.lambdamusic.speed.trending;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.tuple;

import org.apache.flink.api.common.typeinfo.TypeInformation;
import org.apache.flink.api.common.typeinfo.Types;
import org.apache.flink.api.java.typeutils.PojoTypeInfo;
import org.apache.flink.streaming.util.KeyedOneInputStreamOperatorTestHarness;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.lambdamusic.contracts.interaction.InteractionType;

/** Window 30, slide 10: three panes per window; windows end at multiples of 10. */
class TrendingPanesTest {
    private KeyedOneInputStreamOperatorTestHarness<String, TrackPaneCount, WindowedTrackScore>
            harness;

    @BeforeEach
    void open() throws Exception {
        harness = harness(50);
        harness.open();
    }

    /** The operator under test, keeping each subtask's {@code topN} tracks per window. */
    private static KeyedOneInputStreamOperatorTestHarness<
                    String, TrackPaneCount, WindowedTrackScore>
            harness(int topN) throws Exception {
        return new KeyedOneInputStreamOperatorTestHarness<>(
                new TrendingPanes(30, 10, topN, new TrendingWeights(1, 3, -1)),
                TrackPaneCount::trackId,
                Types.STRING);
    }

    @AfterEach
    void close() throws Exception {
        harness.close();
    }

    @Test
    void publishesEachTracksSumPerSlidingWindowAsTheWatermarkPassesItsEnd() throws Exception {
        play("e1", "t1", InteractionType.PLAY, 5);
        play("e2", "t1", InteractionType.LIKE, 15);
        play("e3", "t2", InteractionType.SKIP, 25);

        harness.processWatermark(8);
        assertThat(harness.extractOutputValues()).isEmpty();

        harness.processWatermark(9);
        assertThat(harness.extractOutputValues())
                .containsExactly(new WindowedTrackScore(-20, 10, "t1", 1, 0, 0));

        harness.processWatermark(59);
        // Each window's tracks come best first.
        assertThat(harness.extractOutputValues())
                .containsExactlyInAnyOrder(
                        new WindowedTrackScore(-20, 10, "t1", 1, 0, 0),
                        new WindowedTrackScore(-10, 20, "t1", 1, 1, 0),
                        new WindowedTrackScore(0, 30, "t1", 1, 1, 0),
                        new WindowedTrackScore(0, 30, "t2", 0, 0, 1),
                        new WindowedTrackScore(10, 40, "t1", 0, 1, 0),
                        new WindowedTrackScore(10, 40, "t2", 0, 0, 1),
                        new WindowedTrackScore(20, 50, "t2", 0, 0, 1));
    }

    @Test
    void anEventWhoseWindowsWereAllPublishedIsLateAndIgnored() throws Exception {
        play("e1", "t1", InteractionType.PLAY, 45);
        harness.processWatermark(59); // windows up to the one ending at 60 are published
        int published = harness.extractOutputValues().size();

        play("late", "t2", InteractionType.PLAY, 25); // last window with it ended at 50
        play("on-time", "t3", InteractionType.PLAY, 45); // still in the window ending at 70
        harness.processWatermark(100);

        assertThat(
                        harness.extractOutputValues()
                                .subList(published, harness.extractOutputValues().size()))
                .extracting(WindowedTrackScore::trackId, WindowedTrackScore::windowEnd)
                .containsExactly(tuple("t1", 70L), tuple("t3", 70L));
    }

    @Test
    void sendsOnlyThisSubtasksBestTracksOfEachWindow() throws Exception {
        harness.close();
        harness = harness(2);
        harness.open();
        play("e1", "t1", InteractionType.PLAY, 5); // 1
        play("e2", "t2", InteractionType.LIKE, 5); // 3
        play("e3", "t3", InteractionType.SKIP, 5); // -1
        play("e4", "t4", InteractionType.PLAY, 6); // 1, ties with t1: the track id decides

        harness.processWatermark(9);

        assertThat(harness.extractOutputValues())
                .containsExactly(
                        new WindowedTrackScore(-20, 10, "t2", 0, 1, 0),
                        new WindowedTrackScore(-20, 10, "t1", 1, 0, 0));
    }

    @Test
    void forgetsATrackOnceNoWindowHoldsItsPanes() throws Exception {
        play("e1", "t1", InteractionType.PLAY, 5);
        harness.processWatermark(100);
        int published = harness.extractOutputValues().size();

        harness.processWatermark(200);

        assertThat(harness.extractOutputValues()).hasSize(published);
        assertThat(harness.numKeyedStateEntries()).isZero();
    }

    @Test
    void anEventDecadesOldVisitsOnlyTheWindowsThatHoldCounts() throws Exception {
        // With slide 10 the span between these two is 10^11 slides: stepping through every one of
        // them (as this operator once did) would not finish.
        long now = 1_000_000_000_000L;
        play("old", "t1", InteractionType.PLAY, 15);
        play("new", "t2", InteractionType.LIKE, now + 5);

        harness.processWatermark(now + 9);

        assertThat(harness.extractOutputValues())
                .extracting(WindowedTrackScore::trackId, WindowedTrackScore::windowEnd)
                .containsExactly(
                        tuple("t1", 20L),
                        tuple("t1", 30L),
                        tuple("t1", 40L),
                        tuple("t2", now + 10));
    }

    @Test
    void aRestoredOperatorPublishesEachWindowOnce() throws Exception {
        play("e1", "t1", InteractionType.PLAY, 5);
        play("e2", "t2", InteractionType.PLAY, 25);
        harness.processWatermark(19); // windows ending at 10 and 20 published
        var snapshot = harness.snapshot(1, 1);
        int before = harness.extractOutputValues().size();
        harness.close();

        harness = harness(50);
        harness.setup();
        harness.initializeState(snapshot);
        harness.open();
        harness.processWatermark(100);

        assertThat(before).isEqualTo(2);
        assertThat(harness.extractOutputValues())
                .extracting(WindowedTrackScore::trackId, WindowedTrackScore::windowEnd)
                .containsExactly(
                        tuple("t1", 30L), tuple("t2", 30L), tuple("t2", 40L), tuple("t2", 50L));
    }

    @Test
    void paneStateIsAFlinkPojo() {
        assertThat(TypeInformation.of(TrackPanes.class)).isInstanceOf(PojoTypeInfo.class);
        assertThat(TypeInformation.of(WindowedTrackScore.class)).isInstanceOf(PojoTypeInfo.class);
    }

    /** One event, as the pane counter upstream sends it when it counted one in its pane. */
    private void play(String id, String track, InteractionType type, long ts) throws Exception {
        harness.processElement(
                new TrackPaneCount(
                        track,
                        Math.floorDiv(ts, 10),
                        type == InteractionType.PLAY ? 1 : 0,
                        type == InteractionType.LIKE ? 1 : 0,
                        type == InteractionType.SKIP ? 1 : 0),
                ts);
    }
}
