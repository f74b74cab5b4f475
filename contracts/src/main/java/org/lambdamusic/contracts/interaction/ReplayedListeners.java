package org.lambdamusic.contracts.interaction;

/**
 * Listeners whose events were replayed from a public listening dataset ({@code ./pipeline replay
 * lastfm}) rather than sent by a live client: their user ids start with {@link #PREFIX}. A layer
 * that must tell the two apart (the batch layer holding replayed listeners out by artist to measure
 * recommendation quality) asks here, so the prefix is written once.
 */
public final class ReplayedListeners {
    /** The user id of Last.fm listener {@code 2} is {@code lastfm-2}. */
    public static final String PREFIX = "lastfm-";

    private ReplayedListeners() {}

    public static boolean isReplayed(String userId) {
        return userId != null && userId.startsWith(PREFIX);
    }

    /** The user id of a dataset listener. */
    public static String userId(long datasetUserId) {
        return PREFIX + datasetUserId;
    }
}
