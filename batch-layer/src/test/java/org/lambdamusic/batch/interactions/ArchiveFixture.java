package org.lambdamusic.batch.interactions;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * A hand-built interaction archive in the speed layer's layout, small enough to work out by hand
 * (the expected values are in {@link BatchViewBuilderTest}). Two days, three partitions:
 *
 * <ul>
 *   <li>partition 0 (ann, dan): offsets 0-7, gap-free → W = 7. Offset 2 archived twice (a replay),
 *       offset 3 a rejection marker, offset 5 a redelivery of ann's event e02 (first at offset 1),
 *       offset 4 ann skips t1 after liking it at 0, offset 6 a late event (event time before all of
 *       ann's others, so it sits in the first day's folder, in a file of its own);
 *   <li>partition 1 (bob): offsets 10-12 and 14-15 (the archive starts at 10: retention), 13
 *       missing (an uncommitted file) → W = 12; offset 12 a marker archived twice; 14 and 15 beyond
 *       the watermark;
 *   <li>partition 2 (cat, eve): offsets 0-3 → W = 3; cat plays, skips and likes t3 again, the like
 *       with the earliest event time;
 *   <li>a line from an older speed layer (no partition, offset) and a line that is not JSON:
 *       unpositioned; a hidden in-progress file (never read).
 * </ul>
 */
public final class ArchiveFixture {
    /** 2026-11-28T10:00:00Z and 2026-11-29T10:00:00Z. */
    public static final long DAY1 = 1_795_860_000_000L;

    public static final long DAY2 = 1_795_946_400_000L;

    private ArchiveFixture() {}

    static String event(
            String id, String user, String track, String type, long ts, int p, long offset) {
        return "{\"event_id\":\""
                + id
                + "\",\"user_id\":\""
                + user
                + "\",\"track_id\":\""
                + track
                + "\",\"interaction_type\":\""
                + type
                + "\",\"timestamp\":"
                + ts
                + ",\"partition\":"
                + p
                + ",\"offset\":"
                + offset
                + "}";
    }

    static String marker(int p, long offset, String reason) {
        return "{\"partition\":"
                + p
                + ",\"offset\":"
                + offset
                + ",\"rejected\":\""
                + reason
                + "\"}";
    }

    /** Relative path → file content, in the archive's layout. */
    public static Map<String, String> files() {
        Map<String, String> files = new LinkedHashMap<>();
        files.put(
                "date=2026-11-28/part-0-0.jsonl",
                lines(
                        event("e01", "ann", "t1", "like", DAY1 + 1000, 0, 0),
                        event("e02", "ann", "t2", "play", DAY1 + 2000, 0, 1),
                        event("e03", "dan", "t1", "play", DAY1 + 3000, 0, 2),
                        marker(0, 3, "unknown interaction_type: 'hum'"),
                        event("e10", "bob", "t2", "play", DAY1 + 1500, 1, 10),
                        event("e11", "bob", "t2", "like", DAY1 + 2500, 1, 11),
                        // archived by an older speed layer: no position
                        "{\"event_id\":\"e90\",\"user_id\":\"ann\",\"track_id\":\"t9\","
                                + "\"interaction_type\":\"play\",\"timestamp\":"
                                + (DAY1 + 100)
                                + "}"));
        files.put(
                "date=2026-11-28/part-1-0.jsonl",
                lines(event("e06", "ann", "t3", "like", DAY1 + 500, 0, 6)));
        files.put(
                "date=2026-11-29/part-0-1.jsonl",
                lines(
                        event("e04", "ann", "t1", "skip", DAY2 + 1000, 0, 4),
                        event("e02", "ann", "t2", "play", DAY2 + 2000, 0, 5),
                        event("e07", "dan", "t2", "like", DAY2 + 3000, 0, 7),
                        event("e03", "dan", "t1", "play", DAY1 + 3000, 0, 2),
                        marker(1, 12, "missing field: track_id"),
                        event("e14", "bob", "t3", "like", DAY2 + 4000, 1, 14),
                        marker(1, 15, "blank field: user_id"),
                        event("e20", "cat", "t3", "play", DAY2 + 100, 2, 0),
                        event("e21", "cat", "t3", "skip", DAY2 + 200, 2, 1),
                        event("e22", "eve", "t1", "like", DAY2 + 300, 2, 2),
                        "this is not json"));
        files.put(
                "date=2026-11-29/part-1-1.jsonl",
                lines(
                        marker(1, 12, "missing field: track_id"),
                        event("e23", "cat", "t3", "like", DAY2 + 50, 2, 3)));
        // The speed layer's file still being written: hidden, must not be read.
        files.put(
                "date=2026-11-29/.part-1-2.jsonl.inprogress.0",
                lines(
                        event("e08", "ann", "t1", "play", DAY2 + 5000, 0, 8),
                        event("e24", "cat", "t1", "play", DAY2 + 5000, 2, 4)));
        return files;
    }

    /** Writes the archive under {@code dir} and returns it. */
    public static Path writeTo(Path dir) throws IOException {
        for (Map.Entry<String, String> file : files().entrySet()) {
            Path target = dir.resolve(file.getKey());
            Files.createDirectories(target.getParent());
            Files.writeString(target, file.getValue(), StandardCharsets.UTF_8);
        }
        return dir;
    }

    private static String lines(String... lines) {
        return String.join("\n", lines) + "\n";
    }
}
