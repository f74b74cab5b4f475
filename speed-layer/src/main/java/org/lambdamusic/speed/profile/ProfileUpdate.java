package org.lambdamusic.speed.profile;

/**
 * One user's {@code UserProfileView}, already written as contracts JSON, on its way to the
 * compacted {@code user-profiles} topic (key = user id). The history operator writes the JSON
 * straight from its state, so no view record, list copies or data binding are made per flush.
 * {@code json} null is a tombstone: the listener left (no event for the state TTL and nothing after
 * the watermark), and compaction forgets the key.
 */
public record ProfileUpdate(String userId, byte[] json) {}
