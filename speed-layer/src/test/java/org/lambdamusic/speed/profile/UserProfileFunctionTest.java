package org.lambdamusic.speed.profile;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.apache.flink.api.common.serialization.SerializerConfigImpl;
import org.apache.flink.api.common.typeinfo.TypeInformation;
import org.apache.flink.api.common.typeinfo.Types;
import org.apache.flink.api.java.typeutils.PojoTypeInfo;
import org.apache.flink.runtime.checkpoint.OperatorSubtaskState;
import org.apache.flink.streaming.api.operators.KeyedProcessOperator;
import org.apache.flink.streaming.util.KeyedOneInputStreamOperatorTestHarness;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.lambdamusic.contracts.ContractsJson;
import org.lambdamusic.contracts.interaction.InteractionEvent;
import org.lambdamusic.contracts.interaction.InteractionType;
import org.lambdamusic.contracts.listener.Watermark;
import org.lambdamusic.contracts.view.RecentInteraction;
import org.lambdamusic.contracts.view.UserProfileView;
import org.lambdamusic.speed.job.ModelFixtures;
import org.lambdamusic.speed.served.ServedVersionFollower;
import org.lambdamusic.speed.validation.ConsumedRecord;
import org.lambdamusic.speed.validation.PositionedEvent;

class UserProfileFunctionTest {
    private static final Duration DAY = Duration.ofDays(1);
    private static final Duration TTL = Duration.ofDays(30);

    private KeyedOneInputStreamOperatorTestHarness<String, PositionedEvent, ProfileUpdate> harness;

    @AfterEach
    void close() throws Exception {
        if (harness != null) {
            harness.close();
        }
    }

    @Test
    void publishesTheUsersLogWithOffsetsOnEveryChangeWhenNotBatching() throws Exception {
        harness = open(new UserProfileFunction(DAY, 100, Duration.ZERO, TTL));

        harness.processElement(event(1, 10, "e1", "u1", "t1", InteractionType.PLAY, 100), 100);
        harness.processElement(event(1, 12, "e2", "u1", "t2", InteractionType.LIKE, 90), 90);
        harness.processElement(event(0, 5, "e3", "u2", "t1", InteractionType.SKIP, 150), 150);

        List<UserProfileView> views = views(harness);
        assertThat(views).hasSize(3);
        // Offset order, not event-time order; updated_at is the newest event time.
        assertThat(views.get(1))
                .isEqualTo(
                        new UserProfileView(
                                "u1",
                                1,
                                List.of(
                                        new RecentInteraction("e1", "t1", "play", 100, 10),
                                        new RecentInteraction("e2", "t2", "like", 90, 12)),
                                -1,
                                100));
        assertThat(views.get(2))
                .isEqualTo(
                        new UserProfileView(
                                "u2",
                                0,
                                List.of(new RecentInteraction("e3", "t1", "skip", 150, 5)),
                                -1,
                                150));
    }

    @Test
    void dropsRedeliveriesAndRecordsAlreadyFoldedInEverywhere() throws Exception {
        harness = open(new UserProfileFunction(DAY, 100, Duration.ZERO, TTL));

        harness.processElement(event(0, 1, "e1", "u1", "t1", InteractionType.LIKE, 100), 100);
        harness.processElement(event(0, 2, "e2", "u1", "t2", InteractionType.PLAY, 200), 200);
        // The producer sent e1 again: a new offset, the same event id.
        harness.processElement(event(0, 3, "e1", "u1", "t1", InteractionType.LIKE, 100), 100);
        // The same record read twice (offset already folded in).
        harness.processElement(event(0, 2, "e2", "u1", "t2", InteractionType.PLAY, 200), 200);
        harness.processElement(event(0, 4, "e4", "u1", "t3", InteractionType.SKIP, 300), 300);

        List<UserProfileView> views = views(harness);
        assertThat(views).hasSize(3); // the two repeats change nothing and publish nothing
        assertThat(views.get(2).events())
                .extracting(RecentInteraction::eventId, RecentInteraction::offset)
                .containsExactly(
                        org.assertj.core.groups.Tuple.tuple("e1", 1L),
                        org.assertj.core.groups.Tuple.tuple("e2", 2L),
                        org.assertj.core.groups.Tuple.tuple("e4", 4L));
        assertThat(harness.getSideOutput(UserProfileFunction.ACCEPTED_EVENTS))
                .extracting(record -> record.getValue().eventId())
                .containsExactly("e1", "e2", "e4");
    }

    @Test
    void retentionDropsEventsOlderThanTheNewestMinusRetentionAndRaisesTheFloor() throws Exception {
        long hour = 3_600_000;
        harness = open(new UserProfileFunction(Duration.ofHours(48), 100, Duration.ZERO, TTL));

        harness.processElement(event(0, 10, "a", "u", "t", InteractionType.PLAY, 0), 0);
        harness.processElement(event(0, 11, "b", "u", "t", InteractionType.PLAY, 10 * hour), 0);
        // Late by event time, but a later offset: it stays in offset order.
        harness.processElement(event(0, 12, "c", "u", "t", InteractionType.PLAY, 5 * hour), 0);
        harness.processElement(event(0, 13, "d", "u", "t", InteractionType.PLAY, 48 * hour), 0);
        assertThat(last(harness).events()).hasSize(4); // a is exactly 48 h older: kept
        assertThat(last(harness).logFloor()).isEqualTo(-1);

        // Newest 54 h: a (0 h) and c (5 h) are older than 6 h; c has the higher offset.
        harness.processElement(event(0, 14, "e", "u", "t", InteractionType.PLAY, 54 * hour), 0);
        UserProfileView view = last(harness);
        assertThat(view.events())
                .extracting(RecentInteraction::eventId)
                .containsExactly("b", "d", "e");
        assertThat(view.logFloor()).isEqualTo(12);
        assertThat(view.updatedAt()).isEqualTo(54 * hour);

        // An event older than the retention when it arrives is accepted and dropped at once.
        harness.processElement(event(0, 15, "f", "u", "t", InteractionType.PLAY, hour), 0);
        view = last(harness);
        assertThat(view.events())
                .extracting(RecentInteraction::eventId)
                .containsExactly("b", "d", "e");
        assertThat(view.logFloor()).isEqualTo(15);
        assertThat(harness.getSideOutput(UserProfileFunction.ACCEPTED_EVENTS)).hasSize(6);
    }

    @Test
    void maxEventsDropsTheOldestByOffsetAndRaisesTheFloor() throws Exception {
        harness = open(new UserProfileFunction(DAY, 3, Duration.ZERO, TTL));

        for (int i = 0; i < 5; i++) {
            // Event times out of offset order: the cap goes by offset.
            harness.processElement(
                    event(2, 100 + i, "e" + i, "u", "t", InteractionType.PLAY, 1_000 - i), 0);
        }

        UserProfileView view = last(harness);
        assertThat(view.events())
                .extracting(RecentInteraction::offset)
                .containsExactly(102L, 103L, 104L);
        assertThat(view.logFloor()).isEqualTo(101);
        assertThat(view.partition()).isEqualTo(2);
        assertThat(view.updatedAt()).isEqualTo(1_000);
    }

    @Test
    void coalescesAUsersChangesWithinTheFlushInterval() throws Exception {
        harness = open(new UserProfileFunction(DAY, 100, Duration.ofMillis(200), TTL));
        harness.setProcessingTime(1_000);

        harness.processElement(event(0, 1, "e1", "u1", "t1", InteractionType.PLAY, 10), 10);
        harness.processElement(event(0, 2, "e2", "u1", "t2", InteractionType.PLAY, 20), 20);
        harness.processElement(event(0, 3, "e3", "u2", "t2", InteractionType.PLAY, 20), 20);
        assertThat(views(harness)).isEmpty();

        harness.setProcessingTime(1_200);
        List<UserProfileView> views = views(harness);
        assertThat(views).extracting(UserProfileView::userId).containsExactlyInAnyOrder("u1", "u2");
        assertThat(views)
                .filteredOn(v -> v.userId().equals("u1"))
                .singleElement()
                .extracting(v -> v.events().size())
                .isEqualTo(2);

        harness.setProcessingTime(5_000); // nothing changed since: nothing more published
        assertThat(views(harness)).hasSize(2);
    }

    @Test
    void aLateEventsViewWaitsLongerUpToTheMaximumAndCoalescesMore() throws Exception {
        harness =
                open(
                        new UserProfileFunction(
                                DAY, 1_000, Duration.ofMillis(200), Duration.ofSeconds(2), TTL));
        long now = 100_000;
        harness.setProcessingTime(now);

        // Live (event time = now): the base interval.
        harness.processElement(event(0, 1, "e1", "live", "t1", InteractionType.PLAY, now), now);
        // 5 s late: waits 500 ms (a tenth of its lateness).
        harness.processElement(
                event(0, 2, "e2", "late", "t1", InteractionType.PLAY, now - 5_000), 0);
        // 60 s late (catching up on a backlog): waits the 2 s maximum; every further change of
        // that user until then joins the same view.
        for (int i = 0; i < 100; i++) {
            harness.processElement(
                    event(
                            0,
                            10 + i,
                            "b" + i,
                            "backlog",
                            "t" + i,
                            InteractionType.PLAY,
                            now - 60_000 + i),
                    0);
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
        assertThat(views.get(2).events()).hasSize(100);
        assertThat(harness.numProcessingTimeTimers()).isZero();

        // The next change starts a new interval (one timer again), published once.
        harness.processElement(
                event(0, 200, "e3", "live", "t2", InteractionType.LIKE, now + 2_000), 0);
        harness.processElement(
                event(0, 201, "e4", "live", "t3", InteractionType.LIKE, now + 2_000), 0);
        assertThat(harness.numProcessingTimeTimers()).isEqualTo(1);
        harness.setProcessingTime(now + 2_200);
        assertThat(views(harness)).hasSize(4);
        assertThat(views(harness).get(3).events())
                .extracting(RecentInteraction::trackId)
                .containsExactly("t1", "t2", "t3");
    }

    @Test
    void flushDelayIsTheIntervalForLiveEventsAndBoundedForLateOnes() {
        UserProfileFunction f =
                new UserProfileFunction(
                        DAY, 100, Duration.ofMillis(200), Duration.ofSeconds(2), TTL);
        assertThat(f.flushDelay(-10_000)).isEqualTo(200); // clock skew: never below the interval
        assertThat(f.flushDelay(30)).isEqualTo(200);
        assertThat(f.flushDelay(3_000)).isEqualTo(300);
        assertThat(f.flushDelay(3_600_000)).isEqualTo(2_000);
        UserProfileFunction fixed = new UserProfileFunction(DAY, 100, Duration.ofMillis(200), TTL);
        assertThat(fixed.flushDelay(3_600_000)).isEqualTo(200);
    }

    @Test
    void stateSurvivesASnapshotAndRestore() throws Exception {
        harness = open(new UserProfileFunction(DAY, 100, Duration.ZERO, TTL));
        harness.processElement(event(0, 1, "e1", "u1", "t1", InteractionType.LIKE, 100), 100);
        OperatorSubtaskState snapshot = harness.snapshot(1L, 1L);
        harness.close();

        harness = createHarness(new UserProfileFunction(DAY, 100, Duration.ZERO, TTL));
        harness.initializeState(snapshot);
        harness.open();
        harness.processElement(event(0, 5, "e1", "u1", "t1", InteractionType.LIKE, 100), 100);
        harness.processElement(event(0, 6, "e2", "u1", "t2", InteractionType.LIKE, 200), 200);

        List<UserProfileView> views = views(harness);
        assertThat(views).hasSize(1);
        assertThat(views.get(0).events())
                .extracting(RecentInteraction::eventId)
                .containsExactly("e1", "e2");
    }

    @Test
    void aNewerServedVersionTrimsEveryListenerOneVersionBehindAndPublishesTheSmallerViews()
            throws Exception {
        harness = openFollowing(new UserProfileFunction(DAY, 100, Duration.ZERO, TTL));
        publish("20261201T000000Z-0000000a", Map.of(0, 5L));
        harness.setProcessingTime(1); // first poll: one version known, nothing to trim yet
        harness.processElement(event(0, 3, "a3", "u1", "t1", InteractionType.PLAY, 100), 100);
        harness.processElement(event(0, 4, "b4", "u2", "t1", InteractionType.LIKE, 100), 100);
        harness.processElement(event(0, 7, "a7", "u1", "t2", InteractionType.LIKE, 200), 200);
        harness.processElement(event(1, 2, "c2", "u3", "t3", InteractionType.SKIP, 200), 200);
        harness.processElement(event(0, 12, "a12", "u1", "t3", InteractionType.PLAY, 300), 300);
        int before = views(harness).size();

        // Version 2 covers partition 0 up to 10 and partition 1 up to 1: instances still serving
        // version 1 need everything after 5 in partition 0, and after nothing in partition 1.
        publish("20261201T010000Z-0000000b", Map.of(0, 10L, 1, 1L));
        harness.setProcessingTime(1 + POLL);
        List<UserProfileView> trimmed = views(harness).subList(before, views(harness).size());
        assertThat(trimmed)
                .containsExactlyInAnyOrder(
                        new UserProfileView(
                                "u1",
                                0,
                                List.of(
                                        new RecentInteraction("a7", "t2", "like", 200, 7),
                                        new RecentInteraction("a12", "t3", "play", 300, 12)),
                                3,
                                300),
                        new UserProfileView("u2", 0, List.of(), 4, 100));

        // Polls that find the same version change nothing.
        harness.setProcessingTime(1 + 2 * POLL);
        assertThat(views(harness)).hasSize(before + 2);

        // Version 3: now every reader serves version 2 or 3, so what version 2 covers goes (u3's
        // event at offset 2 of partition 1 is after version 2's watermark there: it stays).
        publish("20261201T020000Z-0000000c", Map.of(0, 20L, 1, 3L));
        harness.setProcessingTime(1 + 3 * POLL);
        assertThat(views(harness).subList(before + 2, views(harness).size()))
                .containsExactly(
                        new UserProfileView(
                                "u1",
                                0,
                                List.of(new RecentInteraction("a12", "t3", "play", 300, 12)),
                                7,
                                300));
    }

    @Test
    void anEventAtOrBelowTheTrimPointCountsInTrendingButIsNotKept() throws Exception {
        harness = openFollowing(new UserProfileFunction(DAY, 100, Duration.ZERO, TTL));
        publish("20261201T000000Z-0000000a", Map.of(0, 5L));
        harness.setProcessingTime(1);
        publish("20261201T010000Z-0000000b", Map.of(0, 9L));
        harness.setProcessingTime(1 + POLL); // trim point 5

        // A job started before the batch run caught up reads offsets the batch views hold.
        harness.processElement(event(0, 4, "e4", "u", "t1", InteractionType.LIKE, 100), 100);
        harness.processElement(event(0, 6, "e6", "u", "t2", InteractionType.PLAY, 100), 100);

        assertThat(last(harness))
                .isEqualTo(
                        new UserProfileView(
                                "u",
                                0,
                                List.of(new RecentInteraction("e6", "t2", "play", 100, 6)),
                                4,
                                100));
        assertThat(harness.getSideOutput(UserProfileFunction.ACCEPTED_EVENTS))
                .extracting(record -> record.getValue().eventId())
                .containsExactly("e4", "e6");
    }

    @Test
    void theServedVersionsSurviveASnapshotSoTheNextOneTrimsAtOnce() throws Exception {
        harness = openFollowing(new UserProfileFunction(DAY, 100, Duration.ZERO, TTL));
        publish("20261201T000000Z-0000000a", Map.of(0, 5L));
        harness.setProcessingTime(1);
        harness.processElement(event(0, 8, "e8", "u", "t1", InteractionType.PLAY, 100), 100);
        harness.processElement(event(0, 11, "e11", "u", "t1", InteractionType.PLAY, 100), 100);
        publish("20261201T010000Z-0000000b", Map.of(0, 9L));
        harness.setProcessingTime(1 + POLL);
        OperatorSubtaskState snapshot = harness.snapshot(1L, 1L);
        harness.close();

        harness = createFollowing(new UserProfileFunction(DAY, 100, Duration.ZERO, TTL));
        harness.initializeState(snapshot);
        harness.open();
        publish("20261201T020000Z-0000000c", Map.of(0, 30L));
        harness.setProcessingTime(1 + 2 * POLL);

        // Versions b and c are the two newest: trimmed through 9, e8 goes.
        assertThat(last(harness).events())
                .extracting(RecentInteraction::eventId)
                .containsExactly("e11");
        assertThat(last(harness).logFloor()).isEqualTo(8);
    }

    @Test
    void expiresListenersWithoutAnEventForTheTtlAndDeletesTheViewsOfEmptyOnes() throws Exception {
        Duration ttl = Duration.ofSeconds(100); // swept every 10 s
        harness = openFollowing(new UserProfileFunction(DAY, 100, Duration.ZERO, ttl));
        publish("20261201T000000Z-0000000a", Map.of(0, -1L));
        harness.setProcessingTime(1);
        harness.processElement(event(0, 3, "e3", "emptied", "t", InteractionType.PLAY, 1), 1);
        harness.processElement(event(0, 8, "e8", "kept", "t", InteractionType.PLAY, 1), 1);
        publish("20261201T010000Z-0000000b", Map.of(0, 5L));
        harness.setProcessingTime(1 + POLL);
        publish("20261201T020000Z-0000000c", Map.of(0, 6L)); // trims through 5: "emptied" is
        harness.setProcessingTime(1 + 2 * POLL);
        assertThat(last(harness)).isEqualTo(new UserProfileView("emptied", 0, List.of(), 3, 1));
        harness.setProcessingTime(60_000);
        harness.processElement(event(0, 9, "e9", "kept", "t", InteractionType.LIKE, 2), 2);

        harness.setProcessingTime(120_000); // "emptied" last seen at 1: expired; "kept" not yet
        assertThat(harness.extractOutputValues())
                .filteredOn(update -> update.json() == null)
                .extracting(ProfileUpdate::userId)
                .containsExactly("emptied");
        harness.setProcessingTime(170_000); // "kept" (last seen at 60 s) expires; views stay
        assertThat(harness.extractOutputValues()).filteredOn(u -> u.json() == null).hasSize(1);
        harness.processElement(event(0, 12, "e12", "kept", "t", InteractionType.PLAY, 3), 3);
        assertThat(last(harness).events())
                .extracting(RecentInteraction::eventId)
                .containsExactly("e12");
    }

    @Test
    void streamAndStateTypesUseTheirOwnSerializersNotKryoOrPojo() {
        assertThat(
                        TypeInformation.of(UserEventLog.class)
                                .createSerializer(new SerializerConfigImpl()))
                .isInstanceOf(UserEventLogSerializer.class);
        assertThat(
                        TypeInformation.of(PositionedEvent.class)
                                .createSerializer(new SerializerConfigImpl()))
                .isInstanceOf(PositionedEvent.Serializer.class);
        assertThat(
                        TypeInformation.of(ConsumedRecord.class)
                                .createSerializer(new SerializerConfigImpl()))
                .isInstanceOf(ConsumedRecord.Serializer.class);
        assertThat(TypeInformation.of(InteractionEvent.class)).isInstanceOf(PojoTypeInfo.class);
        assertThat(TypeInformation.of(ProfileUpdate.class)).isInstanceOf(PojoTypeInfo.class);
    }

    private static UserProfileView last(
            KeyedOneInputStreamOperatorTestHarness<String, PositionedEvent, ProfileUpdate> h) {
        List<UserProfileView> views = views(h);
        return views.get(views.size() - 1);
    }

    /** The JSON each update carries, read back with the contracts' mapper. */
    static List<UserProfileView> views(
            KeyedOneInputStreamOperatorTestHarness<String, PositionedEvent, ProfileUpdate> h) {
        return h.extractOutputValues().stream()
                .filter(update -> update.json() != null) // tombstones: see expiresListeners...
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

    private static KeyedOneInputStreamOperatorTestHarness<String, PositionedEvent, ProfileUpdate>
            createHarness(UserProfileFunction function) throws Exception {
        return new KeyedOneInputStreamOperatorTestHarness<>(
                new KeyedProcessOperator<>(function), e -> e.event().userId(), Types.STRING);
    }

    private static final long POLL = 1_000;

    @TempDir Path models;

    private void publish(String version, Map<Integer, Long> watermark) throws IOException {
        ModelFixtures.publish(models, version, new Watermark(watermark));
    }

    /** The job's operator: the function plus following the served version (read inline). */
    private KeyedOneInputStreamOperatorTestHarness<String, PositionedEvent, ProfileUpdate>
            createFollowing(UserProfileFunction function) throws Exception {
        return new KeyedOneInputStreamOperatorTestHarness<>(
                new UserProfileOperator(
                        function,
                        models.toUri().toString(),
                        Duration.ofMillis(POLL),
                        ServedVersionFollower.Reads.INLINE),
                e -> e.event().userId(),
                Types.STRING);
    }

    private KeyedOneInputStreamOperatorTestHarness<String, PositionedEvent, ProfileUpdate>
            openFollowing(UserProfileFunction function) throws Exception {
        var h = createFollowing(function);
        h.open();
        return h;
    }

    private static KeyedOneInputStreamOperatorTestHarness<String, PositionedEvent, ProfileUpdate>
            open(UserProfileFunction function) throws Exception {
        var h = createHarness(function);
        h.open();
        return h;
    }

    static PositionedEvent event(
            int partition,
            long offset,
            String id,
            String user,
            String track,
            InteractionType type,
            long ts) {
        return new PositionedEvent(
                partition, offset, new InteractionEvent(id, user, track, type, ts));
    }
}
