package org.lambdamusic.contracts.view;

import com.fasterxml.jackson.annotation.JsonProperty;

/** How many plays, likes and skips a user has made since the speed layer first saw them. */
public record InteractionCounts(
        @JsonProperty("play") long play,
        @JsonProperty("like") long like,
        @JsonProperty("skip") long skip) {

    public static final InteractionCounts ZERO = new InteractionCounts(0, 0, 0);

    public long total() {
        return play + like + skip;
    }
}
