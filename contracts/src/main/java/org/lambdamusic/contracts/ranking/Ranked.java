package org.lambdamusic.contracts.ranking;

/**
 * A ranking's top entries, best first: each row with its final score (boost included), the boost
 * applied, the signal that weighed most, and the three unweighted signals in [0, 1] (zero when a
 * signal does not apply), so an answer can say why each track is there.
 */
public record Ranked(
        int count,
        int[] rows,
        double[] scores,
        double[] boosts,
        Signal[] signals,
        float[] cf,
        float[] content,
        float[] popularity) {

    static Ranked ofCapacity(int capacity) {
        return new Ranked(
                0,
                new int[capacity],
                new double[capacity],
                new double[capacity],
                new Signal[capacity],
                new float[capacity],
                new float[capacity],
                new float[capacity]);
    }

    Ranked withCount(int count) {
        return new Ranked(count, rows, scores, boosts, signals, cf, content, popularity);
    }
}
