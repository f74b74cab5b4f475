package org.lambdamusic.contracts.listener;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Random;
import org.junit.jupiter.api.Test;
import org.lambdamusic.contracts.view.RecentInteraction;
import org.lambdamusic.contracts.view.UserProfileView;

class ListenerMergeTest {
    private static final String[] TYPES = {"play", "play", "like", "skip"};

    /** A listener's events in partition 2, offsets with gaps (other users share the partition). */
    static List<RecentInteraction> history(Random random, int count) {
        List<RecentInteraction> events = new ArrayList<>();
        long offset = random.nextInt(5);
        for (int i = 0; i < count; i++) {
            offset += 1 + random.nextInt(4);
            long time = 1_000L * i + random.nextInt(5_000) - 2_500; // some arrive late
            events.add(
                    new RecentInteraction(
                            "e" + offset,
                            "t" + random.nextInt(6),
                            TYPES[random.nextInt(TYPES.length)],
                            time,
                            offset));
        }
        return events;
    }

    static ListenerView fold(List<RecentInteraction> events, int historySize) {
        ListenerFold fold = new ListenerFold("u", 2, historySize);
        events.forEach(fold::apply);
        return fold.view();
    }

    @Test
    void batchPlusSpeedEqualsOneFoldOverEverythingWhereverTheWatermarkFalls() {
        Random random = new Random(7);
        for (int round = 0; round < 200; round++) {
            List<RecentInteraction> events = history(random, 1 + random.nextInt(40));
            int historySize = 1 + random.nextInt(8);
            ListenerView expected = fold(events, historySize);
            long last = events.get(events.size() - 1).offset();
            for (long w = -1; w <= last; w++) {
                long covered = w;
                List<RecentInteraction> batchPart =
                        events.stream().filter(e -> e.offset() <= covered).toList();
                ListenerView batch = batchPart.isEmpty() ? null : fold(batchPart, historySize);
                // The speed layer still holds a tail of the events, reaching below the watermark.
                int from = random.nextInt(batchPart.size() + 1);
                UserProfileView speed =
                        new UserProfileView("u", 2, events.subList(from, events.size()), -1, last);

                ListenerMerge.Merged merged =
                        ListenerMerge.merge(
                                "u", batch, speed, new Watermark(Map.of(2, w)), historySize);

                assertThat(merged.view()).as("round %d, W %d", round, w).isEqualTo(expected);
                assertThat(merged.speedEvents()).isEqualTo(events.size() - batchPart.size());
                assertThat(merged.gap()).isFalse();
            }
        }
    }

    @Test
    void aWatermarkOfAnotherPartitionCoversNothingHere() {
        List<RecentInteraction> events = history(new Random(1), 10);
        UserProfileView speed = new UserProfileView("u", 2, events, -1, 0);

        ListenerMerge.Merged merged =
                ListenerMerge.merge("u", null, speed, new Watermark(Map.of(0, 1_000L)), 50);

        assertThat(merged.view()).isEqualTo(fold(events, 50));
    }

    @Test
    void speedEventsDroppedAfterTheWatermarkAreReportedAsAGap() {
        List<RecentInteraction> events = history(new Random(3), 10);
        long dropped = events.get(4).offset();
        ListenerView batch = fold(events.subList(0, 3), 50);
        UserProfileView speed = new UserProfileView("u", 2, events.subList(5, 10), dropped, 0);

        ListenerMerge.Merged merged =
                ListenerMerge.merge(
                        "u", batch, speed, new Watermark(Map.of(2, events.get(2).offset())), 50);

        assertThat(merged.gap()).isTrue();
        assertThat(merged.view().counts().total()).isEqualTo(8);
    }

    @Test
    void aRetriedEventStoredOnBothSidesOfTheWatermarkCountsOnce() {
        // "e2" was stored at offset 2 (Kafka did not acknowledge in time, the client saw a 503)
        // and again at offset 4 when the client retried with the same event_id; W = 2; the speed
        // layer started after W (a reset), so it holds the second copy without the first.
        List<RecentInteraction> stored =
                List.of(
                        new RecentInteraction("e1", "t1", "play", 1_000, 1),
                        new RecentInteraction("e2", "t2", "like", 2_000, 2));
        RecentInteraction retry = new RecentInteraction("e2", "t2", "like", 7_000, 4);
        RecentInteraction later = new RecentInteraction("e5", "t3", "play", 8_000, 5);
        ListenerView batch = fold(stored, 50);
        UserProfileView speed = new UserProfileView("u", 2, List.of(retry, later), -1, 8_000);

        ListenerMerge.Merged merged =
                ListenerMerge.merge("u", batch, speed, new Watermark(Map.of(2, 2L)), 50);

        List<RecentInteraction> once = new java.util.ArrayList<>(stored);
        once.add(later);
        assertThat(merged.view()).isEqualTo(fold(once, 50));
        assertThat(merged.view().counts().like()).isEqualTo(1);
        assertThat(merged.speedEvents()).isEqualTo(1);
    }

    @Test
    void unknownListenerIsNull() {
        assertThat(ListenerMerge.merge("u", null, null, Watermark.NONE, 5)).isNull();
    }
}
