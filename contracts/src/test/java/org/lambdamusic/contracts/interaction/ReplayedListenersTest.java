package org.lambdamusic.contracts.interaction;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

class ReplayedListenersTest {

    @Test
    void aReplayedListenerIsTheDatasetIdUnderThePrefix() {
        assertThat(ReplayedListeners.userId(2)).isEqualTo("lastfm-2");
        assertThat(ReplayedListeners.isReplayed("lastfm-2")).isTrue();
    }

    @Test
    void liveListenersAreNotReplayed() {
        assertThat(ReplayedListeners.isReplayed("ada")).isFalse();
        assertThat(ReplayedListeners.isReplayed("LASTFM-2")).isFalse();
        assertThat(ReplayedListeners.isReplayed("my-lastfm-2")).isFalse();
        assertThat(ReplayedListeners.isReplayed(null)).isFalse();
    }
}
