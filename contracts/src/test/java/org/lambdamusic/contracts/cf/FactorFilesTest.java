package org.lambdamusic.contracts.cf;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.ByteArrayInputStream;
import java.io.IOException;
import org.junit.jupiter.api.Test;

class FactorFilesTest {

    @Test
    void itemFactorsRoundTripExactlyAndRefuseBrokenBytes() {
        ItemFactors items =
                new ItemFactors(3, new int[] {2, 7}, new float[] {0.1f, -2.5f, 1e-7f, 3, 4, 5});

        byte[] bytes = items.encode();
        ItemFactors back = ItemFactors.decode(bytes, 3, 8);

        assertThat(bytes).hasSize(2 * ItemFactors.entryBytes(3));
        assertThat(back.rows()).containsExactly(2, 7);
        assertThat(back.values()).containsExactly(items.values());
        assertThat(back.indexOf(7)).isEqualTo(1);
        assertThat(back.indexOf(3)).isNegative();
        assertThatThrownBy(() -> ItemFactors.decode(bytes, 3, 7))
                .hasMessageContaining("row 7 of a 7-row catalogue");
        assertThatThrownBy(() -> ItemFactors.decode(java.util.Arrays.copyOf(bytes, 20), 3, 8))
                .hasMessageContaining("16-byte entries");
    }

    @Test
    void gramIsYTransposeY() {
        ItemFactors items = new ItemFactors(2, new int[] {0, 1}, new float[] {1, 2, 3, 4});

        // Yᵀ·Y = [[1·1 + 3·3, 1·2 + 3·4], [.., 2·2 + 4·4]] = [[10, 14], [14, 20]]
        assertThat(items.gram()).containsExactly(10, 14, 14, 20);
    }

    @Test
    void listenerFactorsRoundTripExactlyThroughTheCsv() throws IOException {
        ListenerFactors listeners =
                new ListenerFactors(
                        2,
                        new String[] {"alice", "lastfm-2"},
                        new float[] {0.1f, 1f / 3, -7e-9f, 2});

        ListenerFactors back =
                ListenerFactors.decode(new ByteArrayInputStream(listeners.encode()), 2);

        assertThat(back.userIds()).containsExactly("alice", "lastfm-2");
        assertThat(back.values()).containsExactly(listeners.values());
        assertThat(back.of("lastfm-2")).containsExactly(-7e-9f, 2f);
        assertThat(back.of("bob")).isNull();
        assertThatThrownBy(
                        () ->
                                ListenerFactors.decode(
                                        new ByteArrayInputStream(listeners.encode()), 3))
                .isInstanceOf(IOException.class)
                .hasMessageContaining("3 factors");
    }

    @Test
    void listenerIdsMustBeSorted() {
        assertThatThrownBy(
                        () -> new ListenerFactors(1, new String[] {"b", "a"}, new float[] {1, 2}))
                .hasMessageContaining("ascending");
    }
}
