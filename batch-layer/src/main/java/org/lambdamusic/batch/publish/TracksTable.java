package org.lambdamusic.batch.publish;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.OutputStreamWriter;
import java.io.UncheckedIOException;
import java.io.Writer;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.zip.GZIPOutputStream;
import org.lambdamusic.batch.catalog.Track;
import org.lambdamusic.contracts.model.ArtifactLayout;

/**
 * tracks.csv.gz: the model's tracks in matrix row order ({@link ArtifactLayout#TRACKS_HEADER}), RFC
 * 4180 quoting, {@code \n} line ends. GZIPOutputStream writes a zero mtime and no file name, so the
 * same tracks always give the same bytes.
 */
public final class TracksTable {
    private TracksTable() {}

    public static byte[] write(List<Track> tracks) {
        ByteArrayOutputStream bytes = new ByteArrayOutputStream(tracks.size() * 64 + 1024);
        try (Writer out =
                new OutputStreamWriter(
                        new GZIPOutputStream(bytes, 1 << 16), StandardCharsets.UTF_8)) {
            out.write(ArtifactLayout.TRACKS_HEADER);
            out.write('\n');
            StringBuilder line = new StringBuilder(256);
            for (int row = 0; row < tracks.size(); row++) {
                Track t = tracks.get(row);
                line.setLength(0);
                line.append(row).append(',');
                field(line, t.trackId()).append(',');
                field(line, t.trackName()).append(',');
                field(line, t.artists()).append(',');
                field(line, t.albumName()).append(',');
                field(line, t.trackGenre()).append(',');
                if (t.popularity() != null) {
                    line.append(t.popularity().intValue());
                }
                for (double v : t.features()) {
                    line.append(',').append(number(v));
                }
                line.append('\n');
                out.append(line);
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return bytes.toByteArray();
    }

    /** Integral values (key, mode) without a ".0"; others as Java's shortest round-trip form. */
    static String number(double v) {
        if (v == Math.rint(v) && Math.abs(v) < 1e15) {
            return Long.toString((long) v);
        }
        return Double.toString(v);
    }

    static StringBuilder field(StringBuilder line, String value) {
        if (value == null) {
            return line;
        }
        boolean quote =
                value.indexOf(',') >= 0
                        || value.indexOf('"') >= 0
                        || value.indexOf('\n') >= 0
                        || value.indexOf('\r') >= 0;
        if (!quote) {
            return line.append(value);
        }
        return line.append('"').append(value.replace("\"", "\"\"")).append('"');
    }
}
