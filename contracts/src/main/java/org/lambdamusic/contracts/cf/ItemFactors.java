package org.lambdamusic.contracts.cf;

import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.util.Arrays;

/**
 * The ALS factors of the tracks the batch trained on, by catalogue row: {@code rows} ascending,
 * {@code values} row-major ({@code rows.length × rank}). Tracks nobody interacted with have no
 * factors. Encoded as {@code item_factors.bin}: for each track, its row (int32) then its {@code
 * rank} factors (float32), little-endian, rows ascending.
 */
public record ItemFactors(int rank, int[] rows, float[] values) {

    public ItemFactors {
        if (rank < 1) {
            throw new IllegalArgumentException("rank must be >= 1");
        }
        if ((long) rows.length * rank != values.length) {
            throw new IllegalArgumentException(
                    rows.length
                            + " rows of rank "
                            + rank
                            + " need "
                            + (long) rows.length * rank
                            + " values, got "
                            + values.length);
        }
        for (int i = 1; i < rows.length; i++) {
            if (rows[i] <= rows[i - 1]) {
                throw new IllegalArgumentException("rows must be ascending and distinct");
            }
        }
        if (rows.length > 0 && rows[0] < 0) {
            throw new IllegalArgumentException("rows must be >= 0");
        }
    }

    public int size() {
        return rows.length;
    }

    /** Bytes of one encoded entry. */
    public static int entryBytes(int rank) {
        return 4 + 4 * rank;
    }

    /** The index of a catalogue row's factors, or a negative number when it has none. */
    public int indexOf(int row) {
        return Arrays.binarySearch(rows, row);
    }

    /** Yᵀ·Y over every track's factors, row-major rank × rank, in double precision. */
    public double[] gram() {
        double[] g = new double[rank * rank];
        for (int i = 0, at = 0; i < rows.length; i++, at += rank) {
            for (int a = 0; a < rank; a++) {
                double ya = values[at + a];
                for (int b = a; b < rank; b++) {
                    g[a * rank + b] += ya * values[at + b];
                }
            }
        }
        for (int a = 0; a < rank; a++) {
            for (int b = 0; b < a; b++) {
                g[a * rank + b] = g[b * rank + a];
            }
        }
        return g;
    }

    public byte[] encode() {
        ByteBuffer out =
                ByteBuffer.allocate(rows.length * entryBytes(rank)).order(ByteOrder.LITTLE_ENDIAN);
        for (int i = 0, at = 0; i < rows.length; i++, at += rank) {
            out.putInt(rows[i]);
            for (int f = 0; f < rank; f++) {
                out.putFloat(values[at + f]);
            }
        }
        return out.array();
    }

    /**
     * @throws IllegalArgumentException when the bytes are not whole entries of this rank, rows are
     *     not ascending or not below {@code rowLimit}, or a factor is not finite
     */
    public static ItemFactors decode(byte[] bytes, int rank, int rowLimit) {
        int entry = entryBytes(rank);
        if (bytes.length % entry != 0) {
            throw new IllegalArgumentException(
                    "item factors of rank "
                            + rank
                            + " come in "
                            + entry
                            + "-byte entries, got "
                            + bytes.length
                            + " bytes");
        }
        int n = bytes.length / entry;
        int[] rows = new int[n];
        float[] values = new float[n * rank];
        ByteBuffer in = ByteBuffer.wrap(bytes).order(ByteOrder.LITTLE_ENDIAN);
        for (int i = 0, at = 0; i < n; i++, at += rank) {
            rows[i] = in.getInt();
            if (rows[i] >= rowLimit) {
                throw new IllegalArgumentException(
                        "item factors name row "
                                + rows[i]
                                + " of a "
                                + rowLimit
                                + "-row catalogue");
            }
            for (int f = 0; f < rank; f++) {
                float v = in.getFloat();
                if (!Float.isFinite(v)) {
                    throw new IllegalArgumentException(
                            "item factor of row " + rows[i] + " is " + v);
                }
                values[at + f] = v;
            }
        }
        return new ItemFactors(rank, rows, values);
    }
}
