package org.lambdamusic.batch;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Random;
import java.util.Set;
import java.util.stream.Stream;
import org.lambdamusic.contracts.interaction.ArchiveCodec;
import org.lambdamusic.contracts.interaction.ArchivedRecord;
import org.lambdamusic.contracts.interaction.InteractionEvent;
import org.lambdamusic.contracts.interaction.InteractionType;

/**
 * An interaction archive (the speed layer's layout) of listeners with a taste, on the fixture
 * catalogue's tracks, for job-level tests of ALS and the evaluation. 80 listeners, half replayed
 * ({@code lastfm-1..40}), half the archive's own ({@code user-01..40}); each plays 15 distinct
 * tracks (a few twice) and likes 3.
 *
 * <ul>
 *   <li>{@link Taste#GROUPS}: four groups of listeners, each playing only tracks of its quarter of
 *       the catalogue, the popular end of it more often: there is something to learn;
 *   <li>{@link Taste#NONE}: every listener's tracks uniformly at random: nothing to learn.
 * </ul>
 */
public final class TasteArchive {
    public enum Taste {
        GROUPS,
        NONE
    }

    private static final long START = 1_795_860_000_000L; // 2026-11-28T10:00:00Z

    private TasteArchive() {}

    /** The distinct track ids of the fixture CSV, in file order (a few are not clean). */
    public static List<String> fixtureTrackIds() throws IOException {
        Set<String> ids = new LinkedHashSet<>();
        try (Stream<String> lines = Files.lines(JobRun.FIXTURE)) {
            lines.skip(1).forEach(line -> ids.add(line.split(",", 3)[1]));
        }
        return new ArrayList<>(ids);
    }

    public static Path write(Path dir, Taste taste, long seed) throws IOException {
        List<String> tracks = fixtureTrackIds();
        Random random = new Random(seed);
        List<List<String>> partitions =
                List.of(new ArrayList<>(), new ArrayList<>(), new ArrayList<>());
        long[] offsets = new long[3];
        for (int i = 0; i < 80; i++) {
            String user = i < 40 ? "lastfm-" + (i + 1) : String.format("user-%02d", i - 39);
            int group = i % 4;
            Set<String> chosen = new LinkedHashSet<>();
            while (chosen.size() < 15) {
                if (taste == Taste.GROUPS) {
                    int pool = tracks.size() / 4;
                    double u = random.nextDouble();
                    chosen.add(tracks.get(4 * (int) (pool * u * u) + group));
                } else {
                    chosen.add(tracks.get(random.nextInt(tracks.size())));
                }
            }
            int p = Math.floorMod(user.hashCode(), 3);
            long time = START + i * 1000L;
            int n = 0;
            List<String> liked = new ArrayList<>(chosen).subList(0, 3);
            for (String track : chosen) {
                int plays = random.nextInt(4) == 0 ? 2 : 1;
                for (int k = 0; k < plays; k++) {
                    partitions
                            .get(p)
                            .add(
                                    line(
                                            p,
                                            offsets[p]++,
                                            user,
                                            track,
                                            InteractionType.PLAY,
                                            time + n++ * 60_000L));
                }
                if (liked.contains(track)) {
                    partitions
                            .get(p)
                            .add(
                                    line(
                                            p,
                                            offsets[p]++,
                                            user,
                                            track,
                                            InteractionType.LIKE,
                                            time + n++ * 60_000L));
                }
            }
        }
        for (int p = 0; p < 3; p++) {
            Path file = dir.resolve("date=2026-11-28/part-" + p + "-0.jsonl");
            Files.createDirectories(file.getParent());
            Files.writeString(
                    file, String.join("\n", partitions.get(p)) + "\n", StandardCharsets.UTF_8);
        }
        return dir;
    }

    private static String line(
            int partition, long offset, String user, String track, InteractionType type, long ts) {
        InteractionEvent event =
                new InteractionEvent("e-" + partition + "-" + offset, user, track, type, ts);
        return new String(
                ArchiveCodec.toJson(ArchivedRecord.accepted(partition, offset, event)),
                StandardCharsets.UTF_8);
    }
}
