package org.lambdamusic.batch.interactions;

import static org.assertj.core.api.Assertions.assertThat;
import static org.lambdamusic.batch.interactions.ArchiveFixture.DAY1;
import static org.lambdamusic.batch.interactions.ArchiveFixture.DAY2;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.apache.spark.sql.SparkSession;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.lambdamusic.batch.SparkSessions;
import org.lambdamusic.contracts.config.FeedbackSettings;
import org.lambdamusic.contracts.listener.BatchViewFiles;
import org.lambdamusic.contracts.listener.BatchViews;
import org.lambdamusic.contracts.listener.InteractionsInfo;
import org.lambdamusic.contracts.listener.ListenerFold;
import org.lambdamusic.contracts.listener.ListenerView;
import org.lambdamusic.contracts.listener.TrackScore;
import org.lambdamusic.contracts.view.InteractionCounts;
import org.lambdamusic.contracts.view.RecentInteraction;

/**
 * The batch views of {@link ArchiveFixture} with real Spark (local[2]), against hand-worked values.
 */
class BatchViewBuilderTest {
    /** A history of 3, so ann's fourth event falls out of her recent list. */
    static final FeedbackSettings FEEDBACK = new FeedbackSettings(1, 3, -1, 1.2, 3);

    @TempDir static Path temp;
    private static SparkSession spark;
    private static ArchiveSource archive;

    @BeforeAll
    static void start() throws IOException {
        archive =
                ArchiveSource.parse(
                        ArchiveFixture.writeTo(temp.resolve("interactions")).toString());
        spark = SparkSessions.start("local[2]");
    }

    @AfterAll
    static void stop() {
        if (spark != null) {
            spark.stop();
        }
    }

    @Test
    void watermarkCountsAndInfoAreTheHandWorkedOnes() {
        BatchViews views = BatchViewBuilder.build(spark, archive, FEEDBACK).views();
        InteractionsInfo info = views.info();

        assertThat(info.source()).isEqualTo(archive.uri()).startsWith("file:/");
        assertThat(info.topic()).isEqualTo("user-interactions");
        // p0: 0-7 gap-free; p1: 10-12, then 13 missing; p2: 0-3.
        assertThat(info.watermark().offsets()).isEqualTo(Map.of(0, 7L, 1, 12L, 2, 3L));
        assertThat(info.linesRead()).isEqualTo(21); // the hidden in-progress file is not read
        assertThat(info.unpositioned()).isEqualTo(2); // the legacy line, the non-JSON line
        assertThat(info.beyondWatermark()).isEqualTo(2); // p1 offsets 14 and 15
        assertThat(info.rejected()).isEqualTo(2); // p0 offset 3, p1 offset 12 (twice: one counts)
        // the second copies of p0 offset 2 and p1 offset 12, and the redelivered e02
        assertThat(info.duplicates()).isEqualTo(3);
        assertThat(info.events()).isEqualTo(12);
        assertThat(
                        info.events()
                                + info.duplicates()
                                + info.rejected()
                                + info.beyondWatermark()
                                + info.unpositioned())
                .isEqualTo(info.linesRead());
        assertThat(info.eventTimeMin()).isEqualTo(DAY1 + 500); // ann's late like
        assertThat(info.eventTimeMax()).isEqualTo(DAY2 + 3000);
        assertThat(info.listeners()).isEqualTo(5);
        assertThat(info.tracks()).isEqualTo(3);
        assertThat(info.weights()).isEqualTo(Map.of("play", 1, "like", 3, "skip", -1));
        assertThat(info.historySize()).isEqualTo(3);
        assertThat(BatchViewFiles.problem(views)).isNull();
    }

    @Test
    void listenersAndTracksAreTheHandWorkedOnes() {
        BatchViews views = BatchViewBuilder.build(spark, archive, FEEDBACK).views();
        Map<String, ListenerView> byUser = new LinkedHashMap<>();
        views.listeners().forEach(l -> byUser.put(l.userId(), l));

        assertThat(byUser.keySet()).containsExactly("ann", "bob", "cat", "dan", "eve");

        ListenerView ann = byUser.get("ann");
        assertThat(ann.partition()).isZero();
        assertThat(ann.counts()).isEqualTo(new InteractionCounts(1, 2, 1));
        assertThat(ann.likedTracks()).containsExactly("t3"); // t1 liked, then skipped
        // newest event time first; the late like (DAY1 + 500) is the oldest: beyond history 3
        assertThat(ann.recent())
                .containsExactly(
                        new RecentInteraction("e04", "t1", "skip", DAY2 + 1000, 4),
                        new RecentInteraction("e02", "t2", "play", DAY1 + 2000, 1),
                        new RecentInteraction("e01", "t1", "like", DAY1 + 1000, 0));
        assertThat(ann.lastOffset()).isEqualTo(6);

        ListenerView bob = byUser.get("bob");
        assertThat(bob.counts()).isEqualTo(new InteractionCounts(1, 1, 0));
        assertThat(bob.likedTracks()).containsExactly("t2");
        assertThat(bob.lastOffset()).isEqualTo(11); // 14 is beyond the watermark

        ListenerView cat = byUser.get("cat");
        assertThat(cat.partition()).isEqualTo(2);
        assertThat(cat.counts()).isEqualTo(new InteractionCounts(1, 1, 1));
        assertThat(cat.likedTracks()).containsExactly("t3"); // skipped, then liked again
        assertThat(cat.recent().stream().map(RecentInteraction::offset).toList())
                .containsExactly(1L, 0L, 3L); // the like at offset 3 happened first

        assertThat(byUser.get("dan").counts()).isEqualTo(new InteractionCounts(1, 1, 0));
        assertThat(byUser.get("dan").recent()).hasSize(2); // its offset 2 once, not twice
        assertThat(byUser.get("eve").likedTracks()).containsExactly("t1");

        assertThat(views.tracks())
                .containsExactly(
                        new TrackScore("t1", 1, 2, 1, 6),
                        new TrackScore("t2", 2, 2, 0, 8),
                        new TrackScore("t3", 1, 2, 1, 6));
    }

    @Test
    void viewsEqualAPlainFoldOverTheAcceptedEventsUpToTheWatermark() {
        // The accepted events with offset <= W, each offset once, redeliveries dropped, per user in
        // offset order: listed by hand from the fixture.
        Map<String, List<RecentInteraction>> accepted = new LinkedHashMap<>();
        accepted.put(
                "ann",
                List.of(
                        new RecentInteraction("e01", "t1", "like", DAY1 + 1000, 0),
                        new RecentInteraction("e02", "t2", "play", DAY1 + 2000, 1),
                        new RecentInteraction("e04", "t1", "skip", DAY2 + 1000, 4),
                        new RecentInteraction("e06", "t3", "like", DAY1 + 500, 6)));
        accepted.put(
                "bob",
                List.of(
                        new RecentInteraction("e10", "t2", "play", DAY1 + 1500, 10),
                        new RecentInteraction("e11", "t2", "like", DAY1 + 2500, 11)));
        accepted.put(
                "cat",
                List.of(
                        new RecentInteraction("e20", "t3", "play", DAY2 + 100, 0),
                        new RecentInteraction("e21", "t3", "skip", DAY2 + 200, 1),
                        new RecentInteraction("e23", "t3", "like", DAY2 + 50, 3)));
        accepted.put(
                "dan",
                List.of(
                        new RecentInteraction("e03", "t1", "play", DAY1 + 3000, 2),
                        new RecentInteraction("e07", "t2", "like", DAY2 + 3000, 7)));
        accepted.put("eve", List.of(new RecentInteraction("e22", "t1", "like", DAY2 + 300, 2)));
        Map<String, Integer> partitions = Map.of("ann", 0, "bob", 1, "cat", 2, "dan", 0, "eve", 2);

        for (int historySize : new int[] {3, 50}) {
            FeedbackSettings feedback = new FeedbackSettings(1, 3, -1, 1.2, historySize);
            List<ListenerView> expected = new ArrayList<>();
            accepted.forEach(
                    (user, events) -> {
                        ListenerFold fold =
                                new ListenerFold(user, partitions.get(user), historySize);
                        events.forEach(fold::apply);
                        expected.add(fold.view());
                    });
            assertThat(BatchViewBuilder.build(spark, archive, feedback).views().listeners())
                    .as("history %d", historySize)
                    .isEqualTo(expected);
        }
    }

    @Test
    void aRerunGivesTheSameBytesWhateverTheTaskSplit() {
        BatchViews first = BatchViewBuilder.build(spark, archive, FEEDBACK).views();
        BatchViews second;
        // Many small input splits (lines cut across tasks) and more shuffle partitions.
        spark.conf().set("spark.sql.files.maxPartitionBytes", "200");
        spark.conf().set("spark.sql.files.openCostInBytes", "1");
        try {
            second = BatchViewBuilder.build(spark, archive, FEEDBACK).views();
        } finally {
            spark.conf().unset("spark.sql.files.maxPartitionBytes");
            spark.conf().unset("spark.sql.files.openCostInBytes");
        }
        assertThat(BatchViewFiles.writeListeners(second.listeners()))
                .isEqualTo(BatchViewFiles.writeListeners(first.listeners()));
        assertThat(BatchViewFiles.writeTrackScores(second.tracks()))
                .isEqualTo(BatchViewFiles.writeTrackScores(first.tracks()));
        assertThat(second.info()).isEqualTo(first.info());
    }

    @Test
    void aMissingOrEmptyArchiveGivesEmptyViewsAndNoneReadsNothing() throws IOException {
        ArchiveSource missing = ArchiveSource.parse(temp.resolve("no-such-archive").toString());
        BatchViews none = BatchViewBuilder.build(spark, missing, FEEDBACK).views();
        assertThat(none.info().source()).isEqualTo(missing.uri());
        assertThat(none.info().watermark().offsets()).isEmpty();
        assertThat(none.info().events()).isZero();
        assertThat(none.listeners()).isEmpty();

        Path emptyDir = Files.createDirectories(temp.resolve("empty-archive/date=2026-11-30"));
        Files.writeString(emptyDir.resolve(".part-0-0.jsonl.inprogress"), "{}\n");
        BatchViews empty =
                BatchViewBuilder.build(
                                spark,
                                ArchiveSource.parse(temp.resolve("empty-archive").toString()),
                                FEEDBACK)
                        .views();
        assertThat(empty.info().watermark().offsets()).isEmpty();
        assertThat(empty.info().linesRead()).isZero();
        assertThat(empty.tracks()).isEmpty();

        BatchViews skipped = BatchViewBuilder.build(spark, ArchiveSource.NONE, FEEDBACK).views();
        assertThat(skipped.info().source()).isNull();
        assertThat(skipped.info().events()).isZero();
        assertThat(BatchViewFiles.problem(skipped)).isNull();
    }
}
