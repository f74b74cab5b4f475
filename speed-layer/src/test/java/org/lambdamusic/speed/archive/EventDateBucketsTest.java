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

    /** The assigner remembers the last day; a fresh one (as its task gets it) starts empty. */
    @Test
    void theAssignerGivesEachLineTheFolderOfItsOwnDayWhateverCameBefore() throws Exception {
        EventDateBuckets buckets =
                org.apache.flink.util.InstantiationUtil.clone(new EventDateBuckets());
        long[] times = {0, 86_399_999, 1_763_942_399_999L, 86_400_000, 1_763_942_400_000L, 5};
        for (long millis : times) {
            assertThat(buckets.getBucketId(entry(millis), null))
                    .as("%d", millis)
                    .isEqualTo(EventDateBuckets.bucketOf(millis));
        }
    }

    private static ArchiveEntry entry(long millis) {
        return new ArchiveEntry(
                millis,
                org.lambdamusic.contracts.interaction.ArchivedRecord.rejected(0, 0, "test"));
    }
}
