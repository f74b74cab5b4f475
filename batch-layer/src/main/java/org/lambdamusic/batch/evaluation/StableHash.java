package org.lambdamusic.batch.evaluation;

import java.nio.charset.StandardCharsets;

/**
 * A hash of a string that every JVM and every run computes alike (FNV-1a over the UTF-8 bytes, then
 * SplitMix64's finaliser to spread it), for choices that must be deterministic but unrelated to how
 * ids are numbered: {@code lastfm-1}, {@code lastfm-2}, … must not all fall on the same side.
 */
final class StableHash {
    private StableHash() {}

    static long of(String text) {
        long h = 0xcbf29ce484222325L;
        for (byte b : text.getBytes(StandardCharsets.UTF_8)) {
            h ^= b & 0xff;
            h *= 0x100000001b3L;
        }
        h ^= h >>> 30;
        h *= 0xbf58476d1ce4e5b9L;
        h ^= h >>> 27;
        h *= 0x94d049bb133111ebL;
        return h ^ (h >>> 31);
    }

    /** The hash as a number in [0, 1). */
    static double unit(String text) {
        return (of(text) >>> 11) * 0x1.0p-53;
    }
}
