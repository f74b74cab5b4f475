package org.lambdamusic.speed.profile;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.util.List;
import org.apache.flink.api.common.typeinfo.TypeInformation;
import org.apache.flink.api.common.typeinfo.Types;
import org.apache.flink.api.java.typeutils.PojoTypeInfo;
import org.apache.flink.runtime.checkpoint.OperatorSubtaskState;
import org.apache.flink.streaming.api.operators.KeyedProcessOperator;
import org.apache.flink.streaming.util.KeyedOneInputStreamOperatorTestHarness;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.lambdamusic.contracts.interaction.InteractionEvent;
import org.lambdamusic.contracts.interaction.InteractionType;
import org.lambdamusic.contracts.view.InteractionCounts;
import org.lambdamusic.contracts.view.RecentInteraction;
import org.lambdamusic.contracts.view.UserProfileView;

class UserProfileFunctionTest {
    private KeyedOneInputStreamOperatorTestHarness<String, InteractionEvent, UserProfileView>
            harness;

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

        List<UserProfileView> views = harness.extractOutputValues();
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

        List<UserProfileView> views = harness.extractOutputValues();
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
        assertThat(harness.extractOutputValues()).isEmpty();

        harness.setProcessingTime(1_200);
        List<UserProfileView> views = harness.extractOutputValues();
        assertThat(views).extracting(UserProfileView::userId).containsExactlyInAnyOrder("u1", "u2");
        assertThat(views)
                .filteredOn(v -> v.userId().equals("u1"))
                .singleElement()
                .extracting(v -> v.counts().play())
                .isEqualTo(2L);

        harness.setProcessingTime(5_000); // nothing changed since: nothing more published
        assertThat(harness.extractOutputValues()).hasSize(2);
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

        List<UserProfileView> views = harness.extractOutputValues();
        assertThat(views).hasSize(1);
        assertThat(views.get(0).likedTracks()).containsExactly("t1", "t2");
        assertThat(views.get(0).counts()).isEqualTo(new InteractionCounts(0, 2, 0));
    }

    @Test
    void stateUsesFlinkSerializersNotKryo() {
        TypeInformation<UserHistory> type = TypeInformation.of(UserHistory.class);
        assertThat(type).isInstanceOf(PojoTypeInfo.class);
        PojoTypeInfo<UserHistory> pojo = (PojoTypeInfo<UserHistory>) type;
        assertThat(pojo.getTypeAt("liked")).isEqualTo(Types.LIST(Types.STRING));
        assertThat(TypeInformation.of(RecentInteraction.class)).isInstanceOf(PojoTypeInfo.class);
        assertThat(TypeInformation.of(InteractionEvent.class)).isInstanceOf(PojoTypeInfo.class);
    }

    private static KeyedOneInputStreamOperatorTestHarness<String, InteractionEvent, UserProfileView>
            createHarness(UserProfileFunction function) throws Exception {
        return new KeyedOneInputStreamOperatorTestHarness<>(
                new KeyedProcessOperator<>(function), InteractionEvent::userId, Types.STRING);
    }

    private static KeyedOneInputStreamOperatorTestHarness<String, InteractionEvent, UserProfileView>
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
