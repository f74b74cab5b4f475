package org.lambdamusic.serving.model;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.zip.GZIPInputStream;
import org.lambdamusic.contracts.model.ArtifactLayout;
import org.lambdamusic.contracts.model.AudioFeatures;
import org.lambdamusic.serving.catalog.Track;

/** Reads tracks.csv.gz (ArtifactLayout.TRACKS_HEADER, RFC 4180 quoting) into catalog rows. */
final class TracksTable {
    private static final int COLUMNS = 7 + AudioFeatures.COUNT;

    private TracksTable() {}

    static List<Track> read(InputStream gzipped) throws ModelRejectedException {
        try (BufferedReader in =
                new BufferedReader(
                        new InputStreamReader(
                                new GZIPInputStream(gzipped, 1 << 16), StandardCharsets.UTF_8),
                        1 << 16)) {
            List<String> header = record(in);
            if (header == null || !ArtifactLayout.TRACKS_HEADER.equals(String.join(",", header))) {
                throw new ModelRejectedException("tracks.csv.gz header is not the contract's");
            }
            List<Track> tracks = new ArrayList<>();
            List<String> fields;
            while ((fields = record(in)) != null) {
                tracks.add(track(fields, tracks.size()));
            }
            return tracks;
        } catch (IOException e) {
            throw new ModelRejectedException("tracks.csv.gz is unreadable: " + e.getMessage());
        }
    }

    private static Track track(List<String> f, int expectedRow) throws ModelRejectedException {
        String where = "tracks.csv.gz row " + expectedRow;
        if (f.size() != COLUMNS) {
            throw new ModelRejectedException(
                    where + " has " + f.size() + " fields, expected " + COLUMNS);
        }
        try {
            int row = Integer.parseInt(f.get(0));
            if (row != expectedRow) {
                throw new ModelRejectedException(where + " is numbered " + row);
            }
            if (f.get(1).isEmpty()) {
                throw new ModelRejectedException(where + " has no track_id");
            }
            double[] features = new double[AudioFeatures.COUNT];
            for (int i = 0; i < features.length; i++) {
                features[i] = Double.parseDouble(f.get(7 + i));
            }
            Integer popularity = f.get(6).isEmpty() ? null : Integer.valueOf(f.get(6));
            return new Track(
                    row, f.get(1), f.get(2), f.get(3), f.get(4), f.get(5), popularity, features);
        } catch (NumberFormatException e) {
            throw new ModelRejectedException(where + " has a malformed number: " + e.getMessage());
        }
    }

    /** One RFC 4180 record (quoted fields may hold commas, "" and line breaks), or null at EOF. */
    static List<String> record(BufferedReader in) throws IOException {
        int c = in.read();
        if (c < 0) {
            return null;
        }
        List<String> fields = new ArrayList<>(COLUMNS);
        StringBuilder field = new StringBuilder(32);
        boolean quoted = false;
        boolean fieldWasQuoted = false;
        while (true) {
            if (quoted) {
                if (c < 0) {
                    throw new IOException("unterminated quoted field");
                }
                if (c == '"') {
                    in.mark(1);
                    int next = in.read();
                    if (next == '"') {
                        field.append('"');
                    } else {
                        quoted = false;
                        if (next >= 0) {
                            in.reset();
                        }
                    }
                } else {
                    field.append((char) c);
                }
            } else if (c < 0 || c == '\n') {
                fields.add(field.toString());
                return fields;
            } else if (c == '\r') {
                // tolerate CRLF line ends
            } else if (c == ',') {
                fields.add(field.toString());
                field.setLength(0);
                fieldWasQuoted = false;
            } else if (c == '"' && field.isEmpty() && !fieldWasQuoted) {
                quoted = true;
                fieldWasQuoted = true;
            } else {
                field.append((char) c);
            }
            c = in.read();
        }
    }
}
