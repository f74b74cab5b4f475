package org.lambdamusic.speed.bench;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Comparator;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.SplittableRandom;
import java.util.zip.GZIPInputStream;

/**
 * Track ids of the real catalog ranked by Spotify popularity, drawn with a Zipf law over that rank
 * (a few hits get most plays, a long tail gets a few): what a trending computation really sees.
 */
final class ZipfCatalog {
    private final String[] trackIds;
    private final double[] cumulative;

    private ZipfCatalog(String[] trackIds, double exponent) {
        this.trackIds = trackIds;
        this.cumulative = new double[trackIds.length];
        double sum = 0;
        for (int rank = 0; rank < trackIds.length; rank++) {
            sum += 1.0 / Math.pow(rank + 1, exponent);
            cumulative[rank] = sum;
        }
        for (int i = 0; i < cumulative.length; i++) {
            cumulative[i] /= sum;
        }
    }

    static ZipfCatalog load(Path csv, double exponent) throws IOException {
        Map<String, Integer> popularity = new HashMap<>();
        try (InputStream raw = Files.newInputStream(csv);
                InputStream in =
                        csv.toString().endsWith(".gz") ? new GZIPInputStream(raw, 1 << 16) : raw;
                BufferedReader reader =
                        new BufferedReader(new InputStreamReader(in, StandardCharsets.UTF_8))) {
            List<String> header = fields(reader.readLine());
            int idColumn = header.indexOf("track_id");
            int popularityColumn = header.indexOf("popularity");
            String line;
            while ((line = reader.readLine()) != null) {
                List<String> f = fields(line);
                if (f.size() <= Math.max(idColumn, popularityColumn) || f.get(idColumn).isBlank()) {
                    continue;
                }
                int pop;
                try {
                    pop = Integer.parseInt(f.get(popularityColumn).trim());
                } catch (NumberFormatException e) {
                    pop = 0;
                }
                popularity.merge(f.get(idColumn), pop, Math::max);
            }
        }
        String[] ids =
                popularity.entrySet().stream()
                        .sorted(
                                Map.Entry.<String, Integer>comparingByValue(
                                                Comparator.reverseOrder())
                                        .thenComparing(Map.Entry.comparingByKey()))
                        .map(Map.Entry::getKey)
                        .toArray(String[]::new);
        return new ZipfCatalog(ids, exponent);
    }

    int size() {
        return trackIds.length;
    }

    String draw(SplittableRandom random) {
        int at = Arrays.binarySearch(cumulative, random.nextDouble());
        return trackIds[Math.min(at < 0 ? -at - 1 : at, trackIds.length - 1)];
    }

    /** Splits one CSV line, honouring double quotes (names contain commas). */
    static List<String> fields(String line) {
        List<String> out = new ArrayList<>();
        StringBuilder field = new StringBuilder();
        boolean quoted = false;
        for (int i = 0; i < line.length(); i++) {
            char c = line.charAt(i);
            if (quoted) {
                if (c == '"' && i + 1 < line.length() && line.charAt(i + 1) == '"') {
                    field.append('"');
                    i++;
                } else if (c == '"') {
                    quoted = false;
                } else {
                    field.append(c);
                }
            } else if (c == '"') {
                quoted = true;
            } else if (c == ',') {
                out.add(field.toString());
                field.setLength(0);
            } else {
                field.append(c);
            }
        }
        out.add(field.toString());
        return out;
    }
}
