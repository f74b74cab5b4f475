package org.lambdamusic.contracts.model;

import java.security.SecureRandom;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.regex.Pattern;

/**
 * Model version ids: {@code 20261122T233000Z-1a2b3c4d}, so that they sort by creation time (to the
 * millisecond).
 */
public final class ModelVersion {
    private static final DateTimeFormatter STAMP =
            DateTimeFormatter.ofPattern("yyyyMMdd'T'HHmmss'Z'").withZone(ZoneOffset.UTC);
    private static final Pattern SHAPE = Pattern.compile("\\d{8}T\\d{6}Z-[0-9a-f]{8}");
    private static final SecureRandom RANDOM = new SecureRandom();

    private ModelVersion() {}

    /**
     * The suffix starts with the milliseconds of the second (3 hex digits, 000-3e7), then 5 random
     * hex digits: two versions built within one second still sort in creation order (retention
     * keeps the newest by that order), and the id keeps the contract's shape.
     */
    public static String newId(Instant createdAt) {
        int millis = createdAt.getNano() / 1_000_000;
        int random = RANDOM.nextInt(1 << 20);
        return STAMP.format(createdAt) + "-" + String.format("%03x%05x", millis, random);
    }

    /** True for ids this class makes; used to refuse a LATEST that points at garbage. */
    public static boolean isValid(String id) {
        return id != null && SHAPE.matcher(id).matches();
    }
}
