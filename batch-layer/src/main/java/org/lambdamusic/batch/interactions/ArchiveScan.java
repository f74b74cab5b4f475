package org.lambdamusic.batch.interactions;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.Comparator;
import java.util.HashMap;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import org.lambdamusic.contracts.interaction.ArchiveCodec;
import org.lambdamusic.contracts.interaction.ArchivedRecord;
import org.lambdamusic.contracts.interaction.InvalidEventException;
import org.lambdamusic.contracts.listener.Watermark;

/**
 * The first pass over the archive: which offsets of each partition have a line, as runs of
 * consecutive offsets per Spark task ({@link #scan}), merged on the driver into the watermark
 * ({@link #coverage}).
 *
 * <p>The watermark rule: W[p] is the last offset of the gap-free run of offsets that starts at the
 * smallest offset archived for partition p. Every consumed offset has a line (an event or a
 * rejection marker), so a missing offset is a file the speed layer has not committed yet (or lost):
 * nothing after it can be trusted, even if later files are there. A partition with no positioned
 * line is absent from the watermark (covers nothing).
 */
public final class ArchiveScan {
    /** The run rows with this partition carry a task's count of lines read. */
    static final int LINES_READ = -1;

    /** The run rows with this partition carry a task's count of unpositioned lines. */
    static final int UNPOSITIONED = -2;

    private ArchiveScan() {}

    /** One archive line as the contracts read it, or null when it does not parse. */
    static ArchivedRecord parse(String line) {
        try {
            return ArchiveCodec.fromJson(line.getBytes(java.nio.charset.StandardCharsets.UTF_8));
        } catch (InvalidEventException e) {
            return null;
        }
    }

    /**
     * One Spark task's lines → its runs of consecutive offsets per partition, plus a {@link
     * #LINES_READ} and an {@link #UNPOSITIONED} row. An unparsable line counts as unpositioned.
     */
    public static Iterator<PositionRun> scan(Iterator<String> lines) {
        Map<Integer, Offsets> byPartition = new HashMap<>();
        long read = 0;
        long unpositioned = 0;
        while (lines.hasNext()) {
            String line = lines.next();
            read++;
            ArchivedRecord record = parse(line);
            if (record == null || !record.isPositioned()) {
                unpositioned++;
                continue;
            }
            byPartition
                    .computeIfAbsent(record.partition(), p -> new Offsets())
                    .add(record.offset());
        }
        List<PositionRun> runs = new ArrayList<>();
        runs.add(new PositionRun(LINES_READ, 0, 0, read));
        runs.add(new PositionRun(UNPOSITIONED, 0, 0, unpositioned));
        for (Map.Entry<Integer, Offsets> entry : byPartition.entrySet()) {
            entry.getValue().addRuns(entry.getKey(), runs);
        }
        return runs.iterator();
    }

    /**
     * What the scan found: the watermark and the line counts the manifest reports.
     *
     * @param watermark per partition, the last offset of its first gap-free run
     * @param linesRead every line of every visible file
     * @param unpositioned lines without a position (older speed layer) or that do not parse
     * @param covered lines (events and markers, repeated copies included) at or below W
     * @param coveredOffsets distinct offsets at or below W (each has at least one line)
     * @param beyond positioned lines after W
     */
    public record Coverage(
            Watermark watermark,
            long linesRead,
            long unpositioned,
            long covered,
            long coveredOffsets,
            long beyond) {}

    /** Merges every task's runs (in any order) into the watermark. */
    public static Coverage coverage(List<PositionRun> rows) {
        long read = 0;
        long unpositioned = 0;
        long positioned = 0;
        Map<Integer, List<PositionRun>> byPartition = new TreeMap<>();
        for (PositionRun row : rows) {
            switch (row.getPartition()) {
                case LINES_READ -> read += row.getLines();
                case UNPOSITIONED -> unpositioned += row.getLines();
                default -> {
                    positioned += row.getLines();
                    byPartition
                            .computeIfAbsent(row.getPartition(), p -> new ArrayList<>())
                            .add(row);
                }
            }
        }
        Map<Integer, Long> watermark = new TreeMap<>();
        long covered = 0;
        long coveredOffsets = 0;
        for (Map.Entry<Integer, List<PositionRun>> entry : byPartition.entrySet()) {
            List<PositionRun> runs = entry.getValue();
            runs.sort(Comparator.comparingLong(PositionRun::getFirst));
            long start = runs.get(0).getFirst();
            long w = runs.get(0).getLast();
            long lines = runs.get(0).getLines();
            for (int i = 1; i < runs.size() && runs.get(i).getFirst() - 1 <= w; i++) {
                w = Math.max(w, runs.get(i).getLast());
                lines += runs.get(i).getLines();
            }
            watermark.put(entry.getKey(), w);
            covered += lines;
            coveredOffsets += w - start + 1;
        }
        return new Coverage(
                new Watermark(watermark),
                read,
                unpositioned,
                covered,
                coveredOffsets,
                positioned - covered);
    }

    /** A growable array of one partition's offsets within one task. */
    private static final class Offsets {
        private long[] values = new long[1024];
        private int size;

        void add(long offset) {
            if (size == values.length) {
                values = Arrays.copyOf(values, size * 2);
            }
            values[size++] = offset;
        }

        /** Sorted, then cut where the next offset is more than one further on. */
        void addRuns(int partition, List<PositionRun> out) {
            Arrays.sort(values, 0, size);
            int i = 0;
            while (i < size) {
                long first = values[i];
                long last = first;
                int j = i + 1;
                while (j < size && values[j] - last <= 1) {
                    last = values[j];
                    j++;
                }
                out.add(new PositionRun(partition, first, last, j - i));
                i = j;
            }
        }
    }
}
