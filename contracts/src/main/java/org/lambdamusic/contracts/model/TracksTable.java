package org.lambdamusic.contracts.model;

import com.fasterxml.jackson.databind.MappingIterator;
import com.fasterxml.jackson.dataformat.csv.CsvGenerator;
import com.fasterxml.jackson.dataformat.csv.CsvMapper;
import com.fasterxml.jackson.dataformat.csv.CsvParser;
import com.fasterxml.jackson.dataformat.csv.CsvSchema;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.io.OutputStreamWriter;
import java.io.Reader;
import java.io.UncheckedIOException;
import java.io.Writer;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.zip.GZIPInputStream;
import java.util.zip.GZIPOutputStream;

/**
 * The one reader and writer of {@code tracks.csv.gz} and {@code catalog.csv.gz}: the header {@link
 * ArtifactLayout#TRACKS_HEADER}, one RFC 4180 record per track (quoted only where a field holds a
 * comma, quote or line break), {@code \n} line ends, UTF-8, gzip. GZIPOutputStream writes a zero
 * mtime and no file name, so the same tracks always give the same bytes.
 */
public final class TracksTable {
    /** row, track_id, track_name, artists, album_name, track_genre, popularity, 11 features. */
    public static final int COLUMNS = 7 + AudioFeatures.COUNT;

    private static final CsvMapper CSV =
            CsvMapper.builder()
                    .enable(CsvParser.Feature.WRAP_AS_ARRAY)
                    .enable(CsvGenerator.Feature.STRICT_CHECK_FOR_QUOTING)
                    .build();
    private static final CsvSchema ROWS = CsvSchema.emptySchema().withLineSeparator("\n");
    private static final List<String> HEADER = List.of(ArtifactLayout.TRACKS_HEADER.split(","));

    private TracksTable() {}

    /**
     * @param tracks rows numbered consecutively from the first track's {@code row}
     */
    public static byte[] write(List<CatalogTrack> tracks) {
        ByteArrayOutputStream bytes = new ByteArrayOutputStream(tracks.size() * 64 + 1024);
        try (Writer out =
                        new OutputStreamWriter(
                                new GZIPOutputStream(bytes, 1 << 16), StandardCharsets.UTF_8);
                var rows = CSV.writer(ROWS).writeValues(out)) {
            rows.write(HEADER);
            int expected = tracks.isEmpty() ? 0 : tracks.get(0).row();
            List<String> fields = new ArrayList<>(COLUMNS);
            for (CatalogTrack t : tracks) {
                if (t.row() != expected++) {
                    throw new IllegalArgumentException(
                            "track "
                                    + t.trackId()
                                    + " has row "
                                    + t.row()
                                    + ", expected "
                                    + --expected);
                }
                fields.clear();
                fields.add(Integer.toString(t.row()));
                fields.add(t.trackId());
                fields.add(t.trackName());
                fields.add(t.artists());
                fields.add(t.albumName());
                fields.add(t.trackGenre());
                fields.add(t.popularity() == null ? "" : t.popularity().toString());
                for (double v : t.features()) {
                    fields.add(number(v));
                }
                rows.write(fields);
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return bytes.toByteArray();
    }

    /**
     * Reads a whole table; the stream is read to the end of the gzip member, not closed.
     *
     * @param firstRow the row number the first record must carry (0, or n for catalog.csv.gz)
     * @param fileName for messages
     */
    public static List<CatalogTrack> read(InputStream gzipped, int firstRow, String fileName)
            throws ModelFormatException {
        List<CatalogTrack> tracks = new ArrayList<>();
        try {
            Reader in =
                    new InputStreamReader(
                            new GZIPInputStream(new NonClosing(gzipped), 1 << 16),
                            StandardCharsets.UTF_8);
            try (MappingIterator<String[]> records =
                    CSV.readerFor(String[].class).with(ROWS).readValues(in)) {
                if (!records.hasNext() || !HEADER.equals(List.of(records.next()))) {
                    throw new ModelFormatException(fileName + " header is not the contract's");
                }
                while (records.hasNext()) {
                    tracks.add(track(records.next(), firstRow + tracks.size(), fileName));
                }
            }
        } catch (ArtifactSourceException e) {
            throw e; // the store failed, not the file: the caller retries
        } catch (IOException | RuntimeException e) {
            // Jackson's MappingIterator reports a malformed record (or gzip data) as a
            // RuntimeException wrapping the IOException.
            throw new ModelFormatException(fileName + " is unreadable: " + oneLine(e.getMessage()));
        }
        return tracks;
    }

    private static CatalogTrack track(String[] f, int expectedRow, String fileName)
            throws ModelFormatException {
        String where = fileName + " row " + expectedRow;
        if (f.length != COLUMNS) {
            throw new ModelFormatException(
                    where + " has " + f.length + " fields, expected " + COLUMNS);
        }
        try {
            int row = Integer.parseInt(f[0]);
            if (row != expectedRow) {
                throw new ModelFormatException(where + " is numbered " + row);
            }
            if (f[1].isEmpty()) {
                throw new ModelFormatException(where + " has no track_id");
            }
            double[] features = new double[AudioFeatures.COUNT];
            for (int i = 0; i < features.length; i++) {
                features[i] = Double.parseDouble(f[7 + i]);
                if (!Double.isFinite(features[i])) {
                    throw new ModelFormatException(
                            where + " has a non-finite " + AudioFeatures.NAMES.get(i));
                }
            }
            Integer popularity = f[6].isEmpty() ? null : Integer.valueOf(f[6]);
            return new CatalogTrack(row, f[1], f[2], f[3], f[4], f[5], popularity, features);
        } catch (NumberFormatException e) {
            throw new ModelFormatException(where + " has a malformed number: " + e.getMessage());
        }
    }

    /** Integral values (key, mode) without a ".0"; others in Java's shortest round-trip form. */
    static String number(double v) {
        if (v == Math.rint(v) && Math.abs(v) < 1e15) {
            return Long.toString((long) v);
        }
        return Double.toString(v);
    }

    static String oneLine(String message) {
        if (message == null) {
            return "no detail";
        }
        int nl = message.indexOf('\n');
        return nl < 0 ? message : message.substring(0, nl);
    }

    /** Lets the CSV reader close its chain without closing the caller's (digesting) stream. */
    private static final class NonClosing extends java.io.FilterInputStream {
        NonClosing(InputStream in) {
            super(in);
        }

        @Override
        public void close() {}
    }
}
