package org.lambdamusic.contracts.listener;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.List;
import org.junit.jupiter.api.Test;
import org.lambdamusic.contracts.view.InteractionCounts;
import org.lambdamusic.contracts.view.RecentInteraction;

class ListenerFoldTest {

    static RecentInteraction event(long offset, String track, String type, long timestamp) {
        return new RecentInteraction("e" + offset, track, type, timestamp, offset);
    }

    @Test
    void countsEveryEventAndTheLaterOfLikeAndSkipDecides() {
        ListenerFold fold = new ListenerFold("u", 1, 10);
        fold.apply(event(3, "a", "like", 100));
        fold.apply(event(5, "b", "like", 110));
        fold.apply(event(6, "a", "skip", 120)); // went off a
        fold.apply(event(9, "c", "play", 130));
        fold.apply(event(12, "a", "like", 140)); // back on a: now after b
        fold.apply(event(13, "b", "like", 150)); // already liked: stays where it is
        fold.apply(event(14, "d", "skip", 160)); // skip of a track never liked

        ListenerView view = fold.view();

        assertThat(view.counts()).isEqualTo(new InteractionCounts(1, 4, 2));
        assertThat(view.likedTracks()).containsExactly("b", "a");
        assertThat(view.skippedTracks()).containsExactly("d"); // a was skipped, then liked again
        assertThat(view.playedTracks()).containsExactly("c");
        assertThat(view.lastOffset()).isEqualTo(14);
        assertThat(view.partition()).isEqualTo(1);
        assertThat(view.recent())
                .extracting(RecentInteraction::offset)
                .containsExactly(14L, 13L, 12L, 9L, 6L, 5L, 3L);
    }

    @Test
    void recentHistoryIsTheNewestByEventTimeWithinTheHistorySize() {
        ListenerFold fold = new ListenerFold("u", 0, 3);
        fold.apply(event(1, "a", "play", 100));
        fold.apply(event(2, "b", "play", 300));
        fold.apply(event(3, "c", "play", 200)); // late: lands between a and b
        fold.apply(event(4, "d", "play", 50)); // older than the three kept: not kept
        fold.apply(event(5, "e", "play", 300)); // same time as b: later offset first

        assertThat(fold.view().recent())
                .extracting(RecentInteraction::trackId)
                .containsExactly("e", "b", "c");
        assertThat(fold.view().counts().play()).isEqualTo(5);
    }

    @Test
    void continuesFromAViewAsIfItsEventsHadBeenFoldedHere() {
        List<RecentInteraction> events =
                List.of(
                        event(0, "a", "like", 10),
                        event(1, "b", "play", 20),
                        event(2, "a", "skip", 30),
                        event(3, "c", "like", 40));
        ListenerFold whole = new ListenerFold("u", 0, 2);
        events.forEach(whole::apply);
        ListenerFold first = new ListenerFold("u", 0, 2);
        events.subList(0, 2).forEach(first::apply);
        ListenerFold rest = new ListenerFold(first.view(), 2);
        events.subList(2, 4).forEach(rest::apply);

        assertThat(rest.view()).isEqualTo(whole.view());
    }

    @Test
    void offsetsMustMoveForward() {
        ListenerFold fold = new ListenerFold("u", 0, 5);
        fold.apply(event(4, "a", "play", 1));

        assertThatThrownBy(() -> fold.apply(event(4, "b", "play", 2)))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("not after 4");
        assertThatThrownBy(() -> fold.apply(new RecentInteraction("x", "a", "hum", 3, 9)))
                .hasMessageContaining("hum");
    }
}
