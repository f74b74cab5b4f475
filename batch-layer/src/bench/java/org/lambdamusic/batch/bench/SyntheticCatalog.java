package org.lambdamusic.batch.bench;

import java.io.BufferedReader;
import java.io.BufferedWriter;
import java.io.IOException;
import java.io.InputStreamReader;
import java.io.OutputStreamWriter;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Random;
import java.util.zip.GZIPInputStream;
import java.util.zip.GZIPOutputStream;

/**
 * Writes a SYNTHETIC scale-up of the real catalog for the load-clean-standardize benchmark: copies
 * of the real rows until the target count, each copy with a new track_id ({@code <id>-syn<copy>})
 * and every audio feature jittered by Gaussian noise (1 % of a typical range), clamped to the
 * feature's valid range. Text fields and quoting are kept byte for byte, so the parser sees the
 * same kind of data. Never the job's default input. Usage: {@code SyntheticCatalog <real.csv.gz>
 * <out.csv.gz> [rows=1000000] [seed=1]}.
 */
public final class SyntheticCatalog {
    // Columns (0-based, Kaggle layout) of the eleven features, their ranges and jitter.
    private static final int FIRST_FEATURE = 8;
    private static final double[] MIN = {0, 0, 0, -60, 0, 0, 0, 0, 0, 0, 0};
    private static final double[] MAX = {1, 1, 11, 5, 1, 1, 1, 1, 1, 1, 250};
    private static final double[] JITTER = {.01, .01, 0, .3, 0, .01, .01, .01, .01, .01, 1.5};

    private SyntheticCatalog() {}

    public static void main(String[] args) throws IOException {
        Path in = Path.of(args[0]);
        Path out = Path.of(args[1]);
        int rows = args.length > 2 ? Integer.parseInt(args[2]) : 1_000_000;
        Random random = new Random(args.length > 3 ? Long.parseLong(args[3]) : 1);
        String header;
        List<String> lines = new ArrayList<>();
        try (BufferedReader reader =
                new BufferedReader(
                        new InputStreamReader(
                                new GZIPInputStream(Files.newInputStream(in)),
                                StandardCharsets.UTF_8))) {
            header = reader.readLine();
            for (String line = reader.readLine(); line != null; line = reader.readLine()) {
                lines.add(line);
            }
        }
        Files.createDirectories(out.toAbsolutePath().getParent());
        try (BufferedWriter writer =
                new BufferedWriter(
                        new OutputStreamWriter(
                                new GZIPOutputStream(Files.newOutputStream(out), 1 << 16),
                                StandardCharsets.UTF_8),
                        1 << 16)) {
            writer.write(header);
            writer.write('\n');
            for (int i = 0; i < rows; i++) {
                int copy = i / lines.size();
                String line = lines.get(i % lines.size());
                writer.write(copy == 0 ? line : jitter(line, i, copy, random));
                writer.write('\n');
            }
        }
        System.out.printf("stage=synthetic rows=%d file=%s bytes=%d%n", rows, out, Files.size(out));
    }

    /** The row with a new index, a new track_id and jittered features. */
    private static String jitter(String line, int index, int copy, Random random) {
        List<String> fields = splitKeepingQuotes(line);
        fields.set(0, Integer.toString(index));
        fields.set(1, fields.get(1) + "-syn" + copy);
        for (int f = 0; f < JITTER.length; f++) {
            int column = FIRST_FEATURE + f;
            if (JITTER[f] == 0 || fields.get(column).isEmpty()) {
                continue;
            }
            double v = Double.parseDouble(fields.get(column)) + random.nextGaussian() * JITTER[f];
            v = Math.max(MIN[f], Math.min(MAX[f], v));
            fields.set(column, String.format(Locale.ROOT, "%.6g", v));
        }
        return String.join(",", fields);
    }

    /** Splits on commas outside quotes; each field keeps its original quoting. */
    private static List<String> splitKeepingQuotes(String line) {
        List<String> fields = new ArrayList<>(21);
        boolean quoted = false;
        int start = 0;
        for (int i = 0; i < line.length(); i++) {
            char c = line.charAt(i);
            if (c == '"') {
                quoted = !quoted;
            } else if (c == ',' && !quoted) {
                fields.add(line.substring(start, i));
                start = i + 1;
            }
        }
        fields.add(line.substring(start));
        return fields;
    }
}
