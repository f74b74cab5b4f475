package org.lambdamusic.speed.profile;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;
import org.lambdamusic.contracts.ContractsJson;
import org.lambdamusic.contracts.interaction.InteractionEvent;
import org.lambdamusic.contracts.interaction.InteractionType;

/** The hand-written view JSON is byte for byte what the contracts' Jackson mapper writes. */
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
        JsonBytes out = new JsonBytes(4); // small on purpose: growing must work
        history.writeView(userId, out);
        String expected =
                new String(ContractsJson.write(history.toView(userId)), StandardCharsets.UTF_8);
        assertThat(new String(out.toByteArray(), StandardCharsets.UTF_8)).isEqualTo(expected);
        out.reset();
        history.writeView(userId, out);
        assertThat(out.toByteArray()).isEqualTo(ContractsJson.write(history.toView(userId)));
    }
}
