package org.lambdamusic.speed.archive;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

class EventDateBucketsTest {
    @Test
    void bucketsByTheUtcDateOfTheEvent() {
        assertThat(EventDateBuckets.bucketOf(0)).isEqualTo("date=1970-01-01");
        // 2025-11-23T23:59:59.999Z and one millisecond later
        assertThat(EventDateBuckets.bucketOf(1_763_942_399_999L)).isEqualTo("date=2025-11-23");
        assertThat(EventDateBuckets.bucketOf(1_763_942_400_000L)).isEqualTo("date=2025-11-24");
    }
}
