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

/**
 * The view JSON the history operator writes from its state ({@link ProfileViewWriter}) is byte for
 * byte what the contracts' Jackson mapper writes for the same view, and reads back as that view.
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

    @Test
    void matchesJacksonForAwkwardStrings() {
        int n = 0;
        for (String s : AWKWARD) {
            UserHistory history = new UserHistory();
            history.apply(
                    new InteractionEvent("e-" + s, s, "t-" + s, InteractionType.LIKE, n++), 50);
            history.apply(new InteractionEvent(s, "u", s, InteractionType.SKIP, -5), 50);
            assertSameJson(history, "user " + s);
        }
    }

    @Test
    void matchesJacksonForRandomHistories() {
        SplittableRandom random = new SplittableRandom(3);
        InteractionType[] types = InteractionType.values();
        for (int user = 0; user < 200; user++) {
            UserHistory history = new UserHistory();
            int events = random.nextInt(120);
            for (int i = 0; i < events; i++) {
                history.apply(
                        new InteractionEvent(
                                "ev-" + random.nextInt(200),
                                "u" + user,
                                "track-" + random.nextInt(30),
                                types[random.nextInt(types.length)],
                                random.nextLong(-1_000, 2_000_000_000_000L)),
                        random.nextInt(1, 60));
            }
            assertSameJson(history, "u" + user);
        }
    }

    @Test
    void writesLongExtremes() {
        UserHistory history = new UserHistory();
        history.apply(new InteractionEvent("a", "u", "t", InteractionType.PLAY, Long.MAX_VALUE), 5);
        history.apply(new InteractionEvent("b", "u", "t", InteractionType.PLAY, Long.MIN_VALUE), 5);
        history.apply(new InteractionEvent("c", "u", "t", InteractionType.PLAY, 0), 5);
        assertSameJson(history, "u");
        assertSameJson(new UserHistory(), "nobody");
    }

    private static void assertSameJson(UserHistory history, String userId) {
        ProfileViewWriter writer = new ProfileViewWriter(4); // small on purpose: growing must work
        UserProfileView expected = history.toView(userId);
        byte[] first = writer.write(userId, history);
        assertThat(new String(first, StandardCharsets.UTF_8))
                .isEqualTo(new String(ContractsJson.write(expected), StandardCharsets.UTF_8));
        assertThat(first).isEqualTo(ContractsJson.write(expected));
        // The buffer is reused: a second view from the same writer is not polluted by the first.
        assertThat(writer.write(userId, history)).isEqualTo(first);
        try {
            assertThat(ContractsJson.read(first, UserProfileView.class)).isEqualTo(expected);
        } catch (IOException e) {
            throw new AssertionError("view JSON does not read back: " + e, e);
        }
    }
}
