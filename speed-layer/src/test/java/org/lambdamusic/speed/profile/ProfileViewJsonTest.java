package org.lambdamusic.speed.profile;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;
import org.lambdamusic.contracts.ContractsJson;
import org.lambdamusic.contracts.interaction.InteractionEvent;
import org.lambdamusic.contracts.interaction.InteractionType;
import org.lambdamusic.contracts.view.UserProfileView;
import org.lambdamusic.speed.validation.PositionedEvent;

/**
 * The view JSON the log operator writes from its state ({@link ProfileViewWriter}) is byte for byte
 * what the contracts' Jackson mapper writes for the same view, and reads back as that view.
 */
class ProfileViewJsonTest {
    private static final String[] AWKWARD = {
        "plain-id",
        "",
        "quote\"and\\backslash",
        "controls\b\t\n\f\r\u0000\u0001\u001f end",
        "del\u007f",
        "é ü ß",
        "日本語",
        "emoji 🎵 pair",
        "lone \ud800 high, lone \udc00 low",
        "/slash</script>",
    };

    private static final long DAY = 86_400_000L;

    @Test
    void matchesJacksonForAwkwardStrings() {
        int n = 0;
        for (String s : AWKWARD) {
            UserEventLog log = new UserEventLog();
            log.apply(
                    positioned(
                            0,
                            n,
                            new InteractionEvent("e-" + s, s, "t-" + s, InteractionType.LIKE, n)),
                    DAY,
                    50);
            n++;
            log.apply(
                    positioned(
                            0, 100 + n, new InteractionEvent(s, "u", s, InteractionType.SKIP, 5)),
                    DAY,
                    50);
            assertSameJson(log, "user " + s);
        }
    }

    /** The log keeps ids only as JSON: a redelivery is still recognised, a look-alike is not. */
    @Test
    void recognisesRedeliveriesOfAwkwardIdsAndNotIdsWithTheSameHash() {
        UserEventLog log = new UserEventLog();
        long offset = 0;
        for (String id : AWKWARD) {
            assertThat(log.apply(positioned(0, offset++, event(id)), DAY, 500)).as(id).isTrue();
            assertThat(log.apply(positioned(0, offset++, event(id)), DAY, 500)).as(id).isFalse();
            assertThat(log.apply(positioned(0, offset++, event(id + "x")), DAY, 500))
                    .as(id + "x")
                    .isTrue();
        }
        assertThat("Aa".hashCode()).isEqualTo("BB".hashCode());
        assertThat(log.apply(positioned(0, offset++, event("Aa")), DAY, 500)).isTrue();
        assertThat(log.apply(positioned(0, offset++, event("BB")), DAY, 500)).isTrue();
        assertThat(log.apply(positioned(0, offset, event("BB")), DAY, 500)).isFalse();
        assertThat(log.toView("u").events()).hasSize(2 * AWKWARD.length + 2);
    }

    private static InteractionEvent event(String id) {
        return new InteractionEvent(id, "u", "t", InteractionType.PLAY, 1);
    }

    @Test
    void matchesJacksonForRandomHistories() {
        SplittableRandom random = new SplittableRandom(3);
        InteractionType[] types = InteractionType.values();
        for (int user = 0; user < 200; user++) {
            UserEventLog log = new UserEventLog();
            int events = random.nextInt(120);
            int partition = random.nextInt(3);
            long offset = random.nextLong(0, 1_000_000_000_000L);
            for (int i = 0; i < events; i++) {
                offset += random.nextInt(1, 5);
                log.apply(
                        positioned(
                                partition,
                                offset,
                                new InteractionEvent(
                                        "ev-" + random.nextInt(200),
                                        "u" + user,
                                        "track-" + random.nextInt(30),
                                        types[random.nextInt(types.length)],
                                        random.nextLong(0, 2_000_000_000_000L))),
                        random.nextLong(1, 2 * DAY),
                        random.nextInt(1, 60));
            }
            assertSameJson(log, "u" + user);
        }
    }

    /**
     * The writer keeps each event's JSON in the log and appends only new ones; the cache must
     * survive pruning (the oldest entries, or late ones in the middle) and checkpoint copies that
     * share it (the copy lives on, the original is the snapshot and must not change).
     */
    @Test
    void matchesJacksonAfterEveryChangeWithPruningAndCheckpointCopies() {
        SplittableRandom random = new SplittableRandom(11);
        InteractionType[] types = InteractionType.values();
        UserEventLogSerializer serializer = new UserEventLogSerializer();
        ProfileViewWriter writer = new ProfileViewWriter(64);
        for (int user = 0; user < 60; user++) {
            String userId = "u" + user;
            UserEventLog log = new UserEventLog();
            UserEventLog snapshot = null;
            byte[] snapshotJson = null;
            long offset = 0;
            long ts = 10_000_000;
            int maxEvents = random.nextInt(1, 40);
            long retention = random.nextLong(5_000, 200_000);
            for (int i = 0; i < 200; i++) {
                offset += random.nextInt(1, 3);
                ts += random.nextLong(-8_000, 10_000); // some events late: removals mid-log
                log.apply(
                        positioned(
                                user % 3,
                                offset,
                                new InteractionEvent(
                                        "ev-" + random.nextInt(500),
                                        userId,
                                        "t-" + random.nextInt(9),
                                        types[random.nextInt(types.length)],
                                        ts)),
                        retention,
                        maxEvents);
                if (random.nextInt(3) == 0) {
                    assertThat(writer.write(userId, log))
                            .as("user %d after event %d", user, i)
                            .isEqualTo(ContractsJson.write(log.toView(userId)));
                }
                if (random.nextInt(12) == 0) {
                    snapshot = log;
                    snapshotJson = ContractsJson.write(log.toView(userId));
                    log = serializer.copy(log);
                }
                if (snapshot != null && random.nextInt(5) == 0) {
                    assertThat(writer.write(userId, snapshot)).isEqualTo(snapshotJson);
                }
            }
            assertThat(writer.write(userId, log))
                    .isEqualTo(ContractsJson.write(log.toView(userId)));
        }
    }

    @Test
    void writesLongExtremes() {
        UserEventLog log = new UserEventLog();
        log.apply(
                positioned(
                        0,
                        Long.MAX_VALUE - 1,
                        new InteractionEvent("a", "u", "t", InteractionType.PLAY, Long.MAX_VALUE)),
                Long.MAX_VALUE,
                5);
        assertSameJson(log, "u");
        UserEventLog zero = new UserEventLog();
        zero.apply(
                positioned(
                        Integer.MAX_VALUE,
                        0,
                        new InteractionEvent("c", "u", "t", InteractionType.PLAY, 0)),
                1,
                5);
        assertSameJson(zero, "u");
        assertSameJson(new UserEventLog(), "nobody");
    }

    private static PositionedEvent positioned(int partition, long offset, InteractionEvent event) {
        return new PositionedEvent(partition, offset, event);
    }

    private static void assertSameJson(UserEventLog log, String userId) {
        ProfileViewWriter writer = new ProfileViewWriter(4); // small on purpose: growing must work
        UserProfileView expected = log.toView(userId);
        byte[] first = writer.write(userId, log);
        assertThat(new String(first, StandardCharsets.UTF_8))
                .isEqualTo(new String(ContractsJson.write(expected), StandardCharsets.UTF_8));
        assertThat(first).isEqualTo(ContractsJson.write(expected));
        // The buffer is reused: a second view from the same writer is not polluted by the first.
        assertThat(writer.write(userId, log)).isEqualTo(first);
        try {
            assertThat(ContractsJson.read(first, UserProfileView.class)).isEqualTo(expected);
        } catch (IOException e) {
            throw new AssertionError("view JSON does not read back: " + e, e);
        }
    }
}
