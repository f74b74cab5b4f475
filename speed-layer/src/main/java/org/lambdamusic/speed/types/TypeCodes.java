package org.lambdamusic.speed.types;

import java.io.IOException;
import java.util.Arrays;
import org.lambdamusic.contracts.interaction.InteractionType;

/**
 * The byte an interaction type is written as in the job's own serializers (records and
 * checkpoints): play 0, like 1, skip 2, fixed here rather than the enum's order, so reordering the
 * contracts' enum cannot change what a checkpoint means.
 */
public final class TypeCodes {
    private static final InteractionType[] BY_CODE = {
        InteractionType.PLAY, InteractionType.LIKE, InteractionType.SKIP
    };
    private static final byte[] CODE_OF_ORDINAL = new byte[InteractionType.values().length];

    static {
        Arrays.fill(CODE_OF_ORDINAL, (byte) -1);
        for (int code = 0; code < BY_CODE.length; code++) {
            CODE_OF_ORDINAL[BY_CODE[code].ordinal()] = (byte) code;
        }
    }

    private TypeCodes() {}

    public static byte code(InteractionType type) {
        return CODE_OF_ORDINAL[type.ordinal()];
    }

    public static byte codeOfOrdinal(int ordinal) {
        return CODE_OF_ORDINAL[ordinal];
    }

    public static InteractionType type(int code) throws IOException {
        if (code < 0 || code >= BY_CODE.length) {
            throw new IOException("unknown interaction type code: " + code);
        }
        return BY_CODE[code];
    }
}
