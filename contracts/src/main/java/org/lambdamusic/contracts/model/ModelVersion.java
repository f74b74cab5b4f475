package org.lambdamusic.contracts.model;

import java.security.SecureRandom;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.HexFormat;
import java.util.regex.Pattern;

/** Model version ids: {@code 20261122T233000Z-1a2b3c4d}, so that they sort by creation time. */
public final class ModelVersion {
    private static final DateTimeFormatter STAMP =
            DateTimeFormatter.ofPattern("yyyyMMdd'T'HHmmss'Z'").withZone(ZoneOffset.UTC);
    private static final Pattern SHAPE = Pattern.compile("\\d{8}T\\d{6}Z-[0-9a-f]{8}");
    private static final SecureRandom RANDOM = new SecureRandom();

    private ModelVersion() {}

    public static String newId(Instant createdAt) {
        byte[] suffix = new byte[4];
        RANDOM.nextBytes(suffix);
        return STAMP.format(createdAt) + "-" + HexFormat.of().formatHex(suffix);
    }

    /** True for ids this class makes; used to refuse a LATEST that points at garbage. */
    public static boolean isValid(String id) {
        return id != null && SHAPE.matcher(id).matches();
    }
}
