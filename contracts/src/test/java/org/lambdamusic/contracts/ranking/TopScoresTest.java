package org.lambdamusic.contracts.ranking;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

class TopScoresTest {

    @Test
    void keepsTheBestBestFirstWithLowerRowWinningTies() {
        TopScores top = new TopScores(3);
        double[] scores = {0.1, 0.9, 0.5, 0.9, 0.7, -0.2, 0.5};
        for (int row = 0; row < scores.length; row++) {
            top.offer(scores[row], row, 100 + row);
        }
        double[] outScores = new double[3];
        int[] outRows = new int[3];
        int[] outRefs = new int[3];
        int count = top.drainBestFirst(outScores, outRows, outRefs);

        assertThat(count).isEqualTo(3);
        assertThat(outRows).containsExactly(1, 3, 4);
        assertThat(outScores).containsExactly(0.9, 0.9, 0.7);
        assertThat(outRefs).containsExactly(101, 103, 104);
    }

    @Test
    void fewerEntriesThanCapacity() {
        TopScores top = new TopScores(5);
        top.offer(0.2, 7, 0);
        top.offer(0.4, 3, 1);
        double[] s = new double[5];
        int[] r = new int[5];
        int[] f = new int[5];
        assertThat(top.drainBestFirst(s, r, f)).isEqualTo(2);
        assertThat(r[0]).isEqualTo(3);
        assertThat(r[1]).isEqualTo(7);
    }

    @Test
    void zeroCapacityIgnoresEverything() {
        TopScores top = new TopScores(0);
        top.offer(1, 1, 1);
        assertThat(top.size()).isZero();
    }
}
