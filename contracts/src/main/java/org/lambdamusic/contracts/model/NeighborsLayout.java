package org.lambdamusic.contracts.model;

/**
 * Byte layout of {@code neighbors.bin} (full-catalog mode): for each row i in matrix order, K
 * entries sorted by similarity descending (ties by lower index), each entry an int32 neighbour row
 * followed by its float32 cosine, little-endian; the track itself is never its own neighbour. Rows
 * with fewer than K other tracks pad with index -1 and similarity NaN. The file is n * K * 8 bytes
 * and its manifest shape is [n, K].
 */
public final class NeighborsLayout {
    public static final String DESCRIPTION =
            "row-major [n][k] entries of (int32 neighbour_row, float32 cosine), little-endian,"
                    + " sorted by cosine descending, self excluded, padding (-1, NaN)";
    public static final int ENTRY_BYTES = 8;

    private NeighborsLayout() {}
}
