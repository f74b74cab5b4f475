package org.lambdamusic.speed.profile;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.time.Duration;
import java.util.List;
import org.apache.flink.api.common.serialization.SerializerConfigImpl;
import org.apache.flink.api.common.typeinfo.TypeInformation;
import org.apache.flink.api.common.typeinfo.Types;
import org.apache.flink.api.java.typeutils.PojoTypeInfo;
import org.apache.flink.runtime.checkpoint.OperatorSubtaskState;
import org.apache.flink.streaming.api.operators.KeyedProcessOperator;
import org.apache.flink.streaming.util.KeyedOneInputStreamOperatorTestHarness;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.lambdamusic.contracts.ContractsJson;
import org.lambdamusic.contracts.interaction.InteractionEvent;
import org.lambdamusic.contracts.interaction.InteractionType;
import org.lambdamusic.contracts.view.InteractionCounts;
import org.lambdamusic.contracts.view.RecentInteraction;
import org.lambdamusic.contracts.view.UserProfileView;

class UserProfileFunctionTest {
    private KeyedOneInputStreamOperatorTestHarness<String, InteractionEvent, ProfileUpdate> harness;

    @AfterEach
    void close() throws Exception {
        if (harness != null) {
            harness.close();
        }
    }

    @Test
    void publishesTheWholeProfileOnEveryChangeWhenNotBatching() throws Exception {
        harness = open(new UserProfileFunction(3, Duration.ZERO, Duration.ofDays(1)));

        harness.processElement(event("e1", "u1", "t1", InteractionType.PLAY, 100), 100);
        harness.processElement(event("e2", "u1", "t2", InteractionType.LIKE, 200), 200);
        harness.processElement(event("e3", "u2", "t1", InteractionType.SKIP, 150), 150);

        List<UserProfileView> views = views(harness);
        assertThat(views).hasSize(3);
        UserProfileView u1 = views.get(1);
        assertThat(u1.userId()).isEqualTo("u1");
        assertThat(u1.recent())
                .containsExactly(
                        new RecentInteraction("e2", "t2", "like", 200),
                        new RecentInteraction("e1", "t1", "play", 100));
        assertThat(u1.likedTracks()).containsExactly("t2");
        assertThat(u1.counts()).isEqualTo(new InteractionCounts(1, 1, 0));
        assertThat(u1.updatedAt()).isEqualTo(200);
        assertThat(views.get(2).counts()).isEqualTo(new InteractionCounts(0, 0, 1));
    }

    @Test
    void keepsTheNewestNByEventTimeLikedTracksOnceAndIgnoresRedeliveries() throws Exception {
        harness = open(new UserProfileFunction(3, Duration.ZERO, Duration.ofDays(1)));

        harness.processElement(event("e1", "u1", "t1", InteractionType.LIKE, 100), 100);
        harness.processElement(event("e2", "u1", "t2", InteractionType.PLAY, 400), 400);
        harness.processElement(event("e3", "u1", "t1", InteractionType.LIKE, 300), 300);
        harness.processElement(event("e2", "u1", "t2", InteractionType.PLAY, 400), 400);
        harness.processElement(event("e4", "u1", "t3", InteractionType.SKIP, 200), 200);
        harness.processElement(event("e5", "u1", "t4", InteractionType.PLAY, 50), 50);

        List<UserProfileView> views = views(harness);
        assertThat(views).hasSize(5); // the redelivered e2 changes nothing and publishes nothing
        UserProfileView last = views.get(views.size() - 1);
        assertThat(last.recent())
                .extracting(RecentInteraction::eventId)
                .containsExactly("e2", "e3", "e4");
        assertThat(last.likedTracks()).containsExactly("t1");
        assertThat(last.counts()).isEqualTo(new InteractionCounts(2, 2, 1));
        assertThat(last.updatedAt()).isEqualTo(400);
        assertThat(harness.getSideOutput(UserProfileFunction.ACCEPTED_EVENTS))
                .extracting(record -> record.getValue().eventId())
                .containsExactly("e1", "e2", "e3", "e4", "e5");
    }

    @Test
    void coalescesAUsersChangesWithinTheFlushInterval() throws Exception {
        harness = open(new UserProfileFunction(50, Duration.ofMillis(200), Duration.ofDays(1)));
        harness.setProcessingTime(1_000);

        harness.processElement(event("e1", "u1", "t1", InteractionType.PLAY, 10), 10);
        harness.processElement(event("e2", "u1", "t2", InteractionType.PLAY, 20), 20);
        harness.processElement(event("e3", "u2", "t2", InteractionType.PLAY, 20), 20);
        assertThat(views(harness)).isEmpty();

        harness.setProcessingTime(1_200);
        List<UserProfileView> views = views(harness);
        assertThat(views).extracting(UserProfileView::userId).containsExactlyInAnyOrder("u1", "u2");
        assertThat(views)
                .filteredOn(v -> v.userId().equals("u1"))
                .singleElement()
                .extracting(v -> v.counts().play())
                .isEqualTo(2L);

        harness.setProcessingTime(5_000); // nothing changed since: nothing more published
        assertThat(views(harness)).hasSize(2);
    }

    @Test
    void aLateEventsViewWaitsLongerUpToTheMaximumAndCoalescesMore() throws Exception {
        harness =
                open(
                        new UserProfileFunction(
                                50,
                                Duration.ofMillis(200),
                                Duration.ofSeconds(2),
                                Duration.ofDays(1)));
        long now = 100_000;
        harness.setProcessingTime(now);

        // Live (event time = now): the base interval.
        harness.processElement(event("e1", "live", "t1", InteractionType.PLAY, now), now);
        // 5 s late: waits 500 ms (a tenth of its lateness).
        harness.processElement(event("e2", "late", "t1", InteractionType.PLAY, now - 5_000), 0);
        // 60 s late (catching up on a backlog): waits the 2 s maximum; every further change of
        // that user until then joins the same view.
        for (int i = 0; i < 100; i++) {
            harness.processElement(
                    event("b" + i, "backlog", "t" + i, InteractionType.PLAY, now - 60_000 + i), 0);
        }
        assertThat(harness.numProcessingTimeTimers()).isEqualTo(3);

        harness.setProcessingTime(now + 200);
        assertThat(views(harness)).extracting(UserProfileView::userId).containsExactly("live");
        harness.setProcessingTime(now + 499);
        assertThat(views(harness)).hasSize(1);
        harness.setProcessingTime(now + 500);
        assertThat(views(harness))
                .extracting(UserProfileView::userId)
                .containsExactly("live", "late");
        harness.setProcessingTime(now + 1_999);
        assertThat(views(harness)).hasSize(2);
        harness.setProcessingTime(now + 2_000);
        List<UserProfileView> views = views(harness);
        assertThat(views).hasSize(3);
        assertThat(views.get(2).userId()).isEqualTo("backlog");
        assertThat(views.get(2).counts().play()).isEqualTo(100);
        assertThat(harness.numProcessingTimeTimers()).isZero();

        // The next change starts a new interval (one timer again), published once.
        harness.processElement(event("e3", "live", "t2", InteractionType.LIKE, now + 2_000), 0);
        harness.processElement(event("e4", "live", "t3", InteractionType.LIKE, now + 2_000), 0);
        assertThat(harness.numProcessingTimeTimers()).isEqualTo(1);
        harness.setProcessingTime(now + 2_200);
        assertThat(views(harness)).hasSize(4);
        assertThat(views(harness).get(3).likedTracks()).containsExactly("t2", "t3");
    }

    @Test
    void flushDelayIsTheIntervalForLiveEventsAndBoundedForLateOnes() {
        UserProfileFunction f =
                new UserProfileFunction(
                        50, Duration.ofMillis(200), Duration.ofSeconds(2), Duration.ofDays(1));
        assertThat(f.flushDelay(-10_000)).isEqualTo(200); // clock skew: never below the interval
        assertThat(f.flushDelay(30)).isEqualTo(200);
        assertThat(f.flushDelay(3_000)).isEqualTo(300);
        assertThat(f.flushDelay(3_600_000)).isEqualTo(2_000);
        UserProfileFunction fixed =
                new UserProfileFunction(50, Duration.ofMillis(200), Duration.ofDays(1));
        assertThat(fixed.flushDelay(3_600_000)).isEqualTo(200);
    }

    @Test
    void stateSurvivesASnapshotAndRestore() throws Exception {
        harness = open(new UserProfileFunction(50, Duration.ZERO, Duration.ofDays(1)));
        harness.processElement(event("e1", "u1", "t1", InteractionType.LIKE, 100), 100);
        OperatorSubtaskState snapshot = harness.snapshot(1L, 1L);
        harness.close();

        harness = createHarness(new UserProfileFunction(50, Duration.ZERO, Duration.ofDays(1)));
        harness.initializeState(snapshot);
        harness.open();
        harness.processElement(event("e1", "u1", "t1", InteractionType.LIKE, 100), 100);
        harness.processElement(event("e2", "u1", "t2", InteractionType.LIKE, 200), 200);

        List<UserProfileView> views = views(harness);
        assertThat(views).hasSize(1);
        assertThat(views.get(0).likedTracks()).containsExactly("t1", "t2");
        assertThat(views.get(0).counts()).isEqualTo(new InteractionCounts(0, 2, 0));
    }

    @Test
    void stateUsesItsOwnSerializerNotKryo() {
        assertThat(
                        TypeInformation.of(UserHistory.class)
                                .createSerializer(new SerializerConfigImpl()))
                .isInstanceOf(UserHistorySerializer.class);
        assertThat(TypeInformation.of(InteractionEvent.class)).isInstanceOf(PojoTypeInfo.class);
        assertThat(TypeInformation.of(ProfileUpdate.class)).isInstanceOf(PojoTypeInfo.class);
    }

    /** The JSON each update carries, read back with the contracts' mapper. */
    static List<UserProfileView> views(
            KeyedOneInputStreamOperatorTestHarness<String, InteractionEvent, ProfileUpdate> h) {
        return h.extractOutputValues().stream()
                .map(
                        update -> {
                            try {
                                UserProfileView view =
                                        ContractsJson.read(update.json(), UserProfileView.class);
                                assertThat(view.userId()).isEqualTo(update.userId());
                                return view;
                            } catch (IOException e) {
                                throw new UncheckedIOException(e);
                            }
                        })
                .toList();
    }

    private static KeyedOneInputStreamOperatorTestHarness<String, InteractionEvent, ProfileUpdate>
            createHarness(UserProfileFunction function) throws Exception {
        return new KeyedOneInputStreamOperatorTestHarness<>(
                new KeyedProcessOperator<>(function), InteractionEvent::userId, Types.STRING);
    }

    private static KeyedOneInputStreamOperatorTestHarness<String, InteractionEvent, ProfileUpdate>
            open(UserProfileFunction function) throws Exception {
        var h = createHarness(function);
        h.open();
        return h;
    }

    static InteractionEvent event(
            String id, String user, String track, InteractionType type, long ts) {
        return new InteractionEvent(id, user, track, type, ts);
    }
}
