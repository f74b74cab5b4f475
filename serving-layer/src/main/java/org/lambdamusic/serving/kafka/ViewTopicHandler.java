package org.lambdamusic.serving.kafka;

import java.io.IOException;

/**
 * A feature that keeps one of the speed layer's compacted view topics in memory. {@link ViewTopics}
 * feeds it every record of its topic, from the beginning at start, then live.
 */
public interface ViewTopicHandler {

    /** The topic this handler owns ({@code org.lambdamusic.contracts.Topics}). */
    String topic();

    /**
     * Applies one record: the latest view for its key.
     *
     * @param value null for a tombstone (the key's view was deleted)
     * @param live true once the start-up replay of every view topic has caught up
     * @throws IOException when the record cannot be read; it is counted, logged and skipped
     */
    void apply(String key, byte[] value, boolean live) throws IOException;
}
