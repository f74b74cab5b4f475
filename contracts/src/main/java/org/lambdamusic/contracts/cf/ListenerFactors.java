package org.lambdamusic.contracts.cf;

import java.io.BufferedReader;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.io.OutputStreamWriter;
import java.io.UncheckedIOException;
import java.io.Writer;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.zip.GZIPInputStream;
import java.util.zip.GZIPOutputStream;

/**
 * The ALS factors of the listeners the batch trained on: {@code userIds} ascending (String order),
 * {@code values} row-major. Encoded as {@code listener_factors.csv.gz}: a header {@code
 * user_id,f0,…} then one line per listener, floats in Java's shortest round-trip form, so an
 * operator can read it and the bytes decode to the same floats. User ids never contain a comma
 * (contracts' id rule).
 */
public record ListenerFactors(int rank, String[] userIds, float[] values) {

    public static final ListenerFactors none(int rank) {
        return new ListenerFactors(rank, new String[0], new float[0]);
    }

    public ListenerFactors {
        if ((long) userIds.length * rank != values.length) {
            throw new IllegalArgumentException("listener factors: ids and values disagree");
        }
        for (int i = 1; i < userIds.length; i++) {
            if (userIds[i].compareTo(userIds[i - 1]) <= 0) {
                throw new IllegalArgumentException("listener ids must be ascending and distinct");
            }
        }
    }

    public int size() {
        return userIds.length;
    }

    /** A copy of the listener's factors, or null when the batch did not train them. */
    public float[] of(String userId) {
        int i = Arrays.binarySearch(userIds, userId);
        return i < 0 ? null : Arrays.copyOfRange(values, i * rank, (i + 1) * rank);
    }

    public byte[] encode() {
        ByteArrayOutputStream bytes = new ByteArrayOutputStream(userIds.length * rank * 10 + 64);
        try (Writer out =
                new OutputStreamWriter(new GZIPOutputStream(bytes), StandardCharsets.UTF_8)) {
            StringBuilder line = new StringBuilder("user_id");
            for (int f = 0; f < rank; f++) {
                line.append(",f").append(f);
            }
            out.write(line.append('\n').toString());
            for (int i = 0; i < userIds.length; i++) {
                line.setLength(0);
                line.append(userIds[i]);
                for (int f = 0; f < rank; f++) {
                    line.append(',').append(values[i * rank + f]);
                }
                out.write(line.append('\n').toString());
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return bytes.toByteArray();
    }

    /**
     * @throws IOException when the stream is not this format, of this rank, with finite factors
     */
    public static ListenerFactors decode(InputStream gzipped, int rank) throws IOException {
        BufferedReader in =
                new BufferedReader(
                        new InputStreamReader(
                                new GZIPInputStream(gzipped), StandardCharsets.UTF_8));
        String header = in.readLine();
        if (header == null
                || !header.startsWith("user_id,")
                || header.split(",").length != rank + 1) {
            throw new IOException(
                    "listener factors header is not user_id and " + rank + " factors");
        }
        List<String> ids = new ArrayList<>();
        float[] values = new float[1024 * rank];
        String line;
        while ((line = in.readLine()) != null) {
            String[] cells = line.split(",", -1);
            if (cells.length != rank + 1) {
                throw new IOException(
                        "listener factors line "
                                + (ids.size() + 2)
                                + " has "
                                + cells.length
                                + " cells, expected "
                                + (rank + 1));
            }
            if ((ids.size() + 1) * rank > values.length) {
                values = Arrays.copyOf(values, values.length * 2);
            }
            int at = ids.size() * rank;
            for (int f = 0; f < rank; f++) {
                float v;
                try {
                    v = Float.parseFloat(cells[f + 1]);
                } catch (NumberFormatException e) {
                    throw new IOException(
                            "listener factors: '" + cells[f + 1] + "' is not a number");
                }
                if (!Float.isFinite(v)) {
                    throw new IOException("listener factor of " + cells[0] + " is " + v);
                }
                values[at + f] = v;
            }
            ids.add(cells[0]);
        }
        try {
            return new ListenerFactors(
                    rank, ids.toArray(String[]::new), Arrays.copyOf(values, ids.size() * rank));
        } catch (IllegalArgumentException e) {
            throw new IOException(e.getMessage());
        }
    }
}
