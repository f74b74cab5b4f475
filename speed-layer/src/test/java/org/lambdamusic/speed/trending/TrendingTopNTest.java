package org.lambdamusic.speed.trending;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import org.apache.flink.api.common.typeinfo.Types;
import org.apache.flink.streaming.api.operators.KeyedProcessOperator;
import org.apache.flink.streaming.util.KeyedOneInputStreamOperatorTestHarness;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.lambdamusic.contracts.config.FeedbackSettings;
import org.lambdamusic.contracts.view.TrendingTrack;
import org.lambdamusic.contracts.view.TrendingView;

class TrendingTopNTest {
    private static final TrendingWeights DEFAULT_WEIGHTS =
            TrendingWeights.of(FeedbackSettings.DEFAULTS);

    private KeyedOneInputStreamOperatorTestHarness<Long, WindowedTrackScore, TrendingView> harness;

    @BeforeEach
    void open() throws Exception {
        harness =
                new KeyedOneInputStreamOperatorTestHarness<>(
                        new KeyedProcessOperator<>(new TrendingTopN(2, DEFAULT_WEIGHTS)),
                        WindowedTrackScore::windowEnd,
                        Types.LONG);
        harness.open();
    }

    @AfterEach
    void close() throws Exception {
        harness.close();
    }

    @Test
    void publishesTheTopTracksOfAWindowOnceTheWatermarkPassesItsEnd() throws Exception {
        // Scores: a = 2 plays = 2, b = 1 like = 3, c = 3 plays - 1 skip = 2 (ties with a: a first).
        harness.processElement(new WindowedTrackScore(0, 60, "c", 3, 0, 1), 59);
        harness.processElement(new WindowedTrackScore(0, 60, "a", 2, 0, 0), 59);
        harness.processElement(new WindowedTrackScore(0, 60, "b", 0, 1, 0), 59);
        harness.processElement(new WindowedTrackScore(30, 90, "a", 9, 0, 0), 89);

        harness.processWatermark(58);
        assertThat(harness.extractOutputValues()).isEmpty();

        harness.processWatermark(59);
        assertThat(harness.extractOutputValues())
                .containsExactly(
                        new TrendingView(
                                0,
                                60,
                                List.of(
                                        new TrendingTrack("b", 3, 0, 1, 0),
                                        new TrendingTrack("a", 2, 2, 0, 0))));

        harness.processWatermark(100);
        List<TrendingView> views = harness.extractOutputValues();
        assertThat(views).hasSize(2);
        assertThat(views.get(1))
                .isEqualTo(new TrendingView(30, 90, List.of(new TrendingTrack("a", 9, 9, 0, 0))));
    }

    @Test
    void rankingWeighsPlaysLikesAndSkips() {
        var scores =
                List.of(
                        new WindowedTrackScore(0, 1, "skipped", 1, 0, 5),
                        new WindowedTrackScore(0, 1, "liked", 0, 2, 0),
                        new WindowedTrackScore(0, 1, "played", 5, 0, 0));

        assertThat(TrendingRanking.top(scores, 10, DEFAULT_WEIGHTS))
                .extracting(TrendingTrack::trackId, TrendingTrack::score)
                .containsExactly(
                        org.assertj.core.groups.Tuple.tuple("liked", 6L),
                        org.assertj.core.groups.Tuple.tuple("played", 5L),
                        org.assertj.core.groups.Tuple.tuple("skipped", -4L));
    }

    @Test
    void theWeightsComeFromTheFeedbackSettings() throws Exception {
        // Plays 2, likes 1, skips -5 (FEEDBACK_*_WEIGHT, read by SpeedSettings as the job does).
        TrendingWeights weights =
                TrendingWeights.of(
                        org.lambdamusic.speed.job.SpeedSettings.from(
                                        java.util.Map.of(
                                                "FEEDBACK_PLAY_WEIGHT", "2",
                                                "FEEDBACK_LIKE_WEIGHT", "1",
                                                "FEEDBACK_SKIP_WEIGHT", "-5"))
                                .feedback());
        assertThat(weights).isEqualTo(new TrendingWeights(2, 1, -5));

        harness.close();
        harness =
                new KeyedOneInputStreamOperatorTestHarness<>(
                        new KeyedProcessOperator<>(new TrendingTopN(3, weights)),
                        WindowedTrackScore::windowEnd,
                        Types.LONG);
        harness.open();
        harness.processElement(new WindowedTrackScore(0, 60, "skipped", 4, 0, 1), 59);
        harness.processElement(new WindowedTrackScore(0, 60, "liked", 0, 3, 0), 59);
        harness.processElement(new WindowedTrackScore(0, 60, "played", 2, 0, 0), 59);
        harness.processWatermark(59);

        assertThat(harness.extractOutputValues())
                .singleElement()
                .extracting(TrendingView::tracks)
                .isEqualTo(
                        List.of(
                                new TrendingTrack("played", 4, 2, 0, 0),
                                new TrendingTrack("liked", 3, 0, 3, 0),
                                new TrendingTrack("skipped", 3, 4, 0, 1)));
    }
}
