package org.lambdamusic.batch.bench;

import java.io.BufferedOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.util.HashMap;
import java.util.Map;
import java.util.SplittableRandom;
import org.lambdamusic.contracts.interaction.ArchiveCodec;
import org.lambdamusic.contracts.interaction.ArchivedRecord;
import org.lambdamusic.contracts.interaction.InteractionEvent;
import org.lambdamusic.contracts.interaction.InteractionEventCodec;
import org.lambdamusic.contracts.interaction.InteractionType;

/**
 * Writes a SYNTHETIC interaction archive for the batch-view benchmark, in the speed layer's layout
 * ({@code date=YYYY-MM-DD/part-*.jsonl}, contracts' {@link ArchiveCodec} lines): {@code records}
 * Kafka records over 3 partitions (one offset each, gap-free from 0), 14 days of event time. Never
 * real listening data. Deterministic for a seed.
 *
 * <ul>
 *   <li>users {@code SYNTHETIC-u000001..} (default 50,000), partition = the user's hash mod 3, as a
 *       keyed producer would; tracks {@code SYNTHETIC-t00000..} (20,000), skewed towards low
 *       numbers; 70 % plays, 15 % likes, 15 % skips;
 *   <li>0.5 % of the records are rejection markers, 0.1 % redeliveries (a user's previous event id
 *       at a new offset), 0.2 % late (event time 1-3 days back, so archived in an older date
 *       folder), 0.1 % archived twice (a replay's file);
 *   <li>files roll every 250,000 records (a checkpoint), one per date folder written to;
 *   <li>1,000 lines from an older speed layer (no partition/offset), a hidden in-progress file, and
 *       one offset of partition 2 missing 1,000 records before its end (an uncommitted file), so
 *       those last records are beyond the watermark.
 * </ul>
 *
 * Usage: {@code SyntheticArchive <dir> [records=10000000] [users=50000] [seed=7]}. A {@code
 * _SYNTHETIC_COMPLETE} file (hidden from Spark) is written last, with what was written.
 */
public final class SyntheticArchive {
    static final String COMPLETE = "_SYNTHETIC_COMPLETE";
    private static final int PARTITIONS = 3;
    private static final int TRACKS = 20_000;
    private static final int RECORDS_PER_FILE = 250_000;
    private static final long START = Instant.parse("2026-11-01T00:00:00Z").toEpochMilli();
    private static final long SPAN = 14L * 24 * 3600 * 1000;
    private static final long DAY = 24L * 3600 * 1000;

    private SyntheticArchive() {}

    public static void main(String[] args) throws IOException {
        Path dir = Path.of(args[0]);
        long records = args.length > 1 ? Long.parseLong(args[1]) : 10_000_000L;
        int users = args.length > 2 ? Integer.parseInt(args[2]) : 50_000;
        long seed = args.length > 3 ? Long.parseLong(args[3]) : 7;
        if (Files.exists(dir.resolve(COMPLETE))) {
            System.out.println("synthetic archive present: " + dir);
            return;
        }
        long t0 = System.nanoTime();
        Files.createDirectories(dir);
        SplittableRandom random = new SplittableRandom(seed);
        long[] nextOffset = new long[PARTITIONS];
        String[] lastEventId = new String[users];
        // The offset of partition 2 left out: 1,000 of its records before the end (roughly).
        long missing = Math.max(0, records / PARTITIONS - 1_000);
        long lines = 0;
        long markers = 0;
        long copies = 0;
        long redeliveries = 0;
        Writers writers = new Writers(dir);
        for (long i = 0; i < records; i++) {
            if (i % RECORDS_PER_FILE == 0) {
                writers.roll(i / RECORDS_PER_FILE);
            }
            int user = random.nextInt(users);
            String userId = String.format("SYNTHETIC-u%06d", user + 1);
            int partition = Math.floorMod(userId.hashCode(), PARTITIONS);
            long offset = nextOffset[partition]++;
            long time = START + i * (SPAN / records) + random.nextInt(1000);
            if (random.nextInt(1000) < 2) {
                time -= DAY + random.nextLong(2 * DAY); // late
            }
            ArchivedRecord record;
            int draw = random.nextInt(1000);
            if (draw < 5) {
                record = ArchivedRecord.rejected(partition, offset, "unknown interaction_type");
                markers++;
            } else {
                String eventId;
                if (draw < 6 && lastEventId[user] != null) {
                    eventId = lastEventId[user];
                    redeliveries++;
                } else {
                    eventId = "SYNTHETIC-e" + i;
                }
                lastEventId[user] = eventId;
                int t = (int) (Math.pow(random.nextDouble(), 3) * TRACKS);
                int kind = random.nextInt(100);
                InteractionType type =
                        kind < 70
                                ? InteractionType.PLAY
                                : kind < 85 ? InteractionType.LIKE : InteractionType.SKIP;
                record =
                        ArchivedRecord.accepted(
                                partition,
                                offset,
                                new InteractionEvent(
                                        eventId,
                                        userId,
                                        String.format("SYNTHETIC-t%05d", t),
                                        type,
                                        time));
            }
            if (partition == 2 && offset == missing) {
                continue; // never committed
            }
            byte[] line = ArchiveCodec.toJson(record);
            String date = date(time);
            writers.write(date, "part-SYNTHETIC-", line);
            lines++;
            if (random.nextInt(1000) == 0) {
                writers.write(date, "part-SYNTHETIC-replay-", line);
                lines++;
                copies++;
            }
        }
        writers.close();
        // An older speed layer's lines, and a file still being written.
        try (OutputStream legacy =
                out(dir.resolve("date=2026-10-31").resolve("part-SYNTHETIC-legacy.jsonl"))) {
            for (int i = 0; i < 1_000; i++) {
                legacy.write(
                        InteractionEventCodec.toJson(
                                new InteractionEvent(
                                        "SYNTHETIC-legacy" + i,
                                        "SYNTHETIC-u000001",
                                        "SYNTHETIC-t00001",
                                        InteractionType.PLAY,
                                        START - DAY + i)));
                legacy.write('\n');
                lines++;
            }
        }
        try (OutputStream open =
                out(dir.resolve("date=2026-11-14").resolve(".part-SYNTHETIC-inprogress.jsonl"))) {
            open.write(
                    ArchiveCodec.toJson(
                            ArchivedRecord.rejected(0, nextOffset[0], "still being written")));
            open.write('\n');
        }
        String summary =
                String.format(
                        "SYNTHETIC interaction archive: records=%d lines=%d markers=%d"
                                + " replayed_copies=%d redeliveries=%d legacy_lines=1000"
                                + " missing_offset=2:%d users=%d seed=%d write_ms=%d%n",
                        records,
                        lines,
                        markers,
                        copies,
                        redeliveries,
                        missing,
                        users,
                        seed,
                        (System.nanoTime() - t0) / 1_000_000);
        Files.writeString(dir.resolve(COMPLETE), summary);
        System.out.print(summary);
    }

    private static String date(long epochMillis) {
        return "date=" + LocalDate.ofInstant(Instant.ofEpochMilli(epochMillis), ZoneOffset.UTC);
    }

    private static OutputStream out(Path file) throws IOException {
        Files.createDirectories(file.getParent());
        return new BufferedOutputStream(Files.newOutputStream(file), 1 << 16);
    }

    /** The open part files of the current checkpoint, one per date folder and kind. */
    private static final class Writers {
        private final Path dir;
        private final Map<String, OutputStream> open = new HashMap<>();
        private long chunk;

        Writers(Path dir) {
            this.dir = dir;
        }

        void roll(long next) throws IOException {
            close();
            chunk = next;
        }

        void write(String date, String prefix, byte[] line) {
            OutputStream out =
                    open.computeIfAbsent(
                            date + "/" + prefix,
                            k -> {
                                try {
                                    return out(
                                            dir.resolve(date)
                                                    .resolve(
                                                            String.format(
                                                                    "%s%05d.jsonl",
                                                                    prefix, chunk)));
                                } catch (IOException e) {
                                    throw new UncheckedIOException(e);
                                }
                            });
            try {
                out.write(line);
                out.write('\n');
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
        }

        void close() throws IOException {
            for (OutputStream out : open.values()) {
                out.close();
            }
            open.clear();
        }
    }
}
