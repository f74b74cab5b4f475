package org.lambdamusic.serving.security;

import java.nio.charset.StandardCharsets;
import java.util.Locale;
import java.util.Set;
import org.springframework.boot.context.properties.ConfigurationProperties;

/**
 * Who may call what; defaults and their environment variables live in application.properties.
 *
 * @param mode SECURITY_MODE: {@code open} (every listener id accepted from anyone, as before) or
 *     {@code jwt} (POST /api/interact and GET /api/user/{id} need a bearer token whose subject is
 *     that listener)
 * @param jwtSecret JWT_SECRET: HMAC key (HS256, at least 32 bytes) of locally minted tokens
 * @param jwtJwkSetUri JWT_JWK_SET_URI: an identity provider's JWK set (wins over the secret)
 * @param managementDetailsOpen MANAGEMENT_DETAILS_OPEN: health details and metrics for everyone
 *     (otherwise admins and loopback clients only)
 */
@ConfigurationProperties("serving.security")
public record SecurityProperties(
        String mode, String jwtSecret, String jwtJwkSetUri, boolean managementDetailsOpen) {
    /** HS256 needs a key of at least 256 bits. */
    public static final int MIN_SECRET_BYTES = 32;

    /** Placeholders of example files and tutorials: never accepted by the production profile. */
    static final Set<String> PLACEHOLDERS =
            Set.of(
                    "secret",
                    "changeme",
                    "change-me",
                    "change-me-to-a-long-random-secret",
                    "change-me-to-a-long-random-jwt-secret-of-32-bytes-or-more",
                    "your-256-bit-secret",
                    "jwt-secret");

    public SecurityProperties {
        mode = mode == null || mode.isBlank() ? "open" : mode.trim().toLowerCase(Locale.ROOT);
        if (!mode.equals("open") && !mode.equals("jwt")) {
            throw new IllegalArgumentException(
                    "SECURITY_MODE must be open or jwt, got '" + mode + "'");
        }
        jwtSecret = jwtSecret == null ? "" : jwtSecret;
        jwtJwkSetUri = jwtJwkSetUri == null ? "" : jwtJwkSetUri.trim();
    }

    public boolean jwt() {
        return mode.equals("jwt");
    }

    public boolean hasJwkSetUri() {
        return !jwtJwkSetUri.isEmpty();
    }

    public boolean hasSecret() {
        return !jwtSecret.isEmpty();
    }

    byte[] secretBytes() {
        return jwtSecret.getBytes(StandardCharsets.UTF_8);
    }

    /**
     * Why this configuration cannot run in jwt mode, or null. {@code production} adds the refusal
     * of placeholder secrets.
     */
    String jwtProblem(boolean production) {
        if (!jwt()) {
            return null;
        }
        if (!hasJwkSetUri() && !hasSecret()) {
            return "SECURITY_MODE=jwt needs JWT_SECRET (HS256, at least "
                    + MIN_SECRET_BYTES
                    + " bytes; ./pipeline up generates one) or JWT_JWK_SET_URI";
        }
        if (hasJwkSetUri()) {
            return null;
        }
        if (secretBytes().length < MIN_SECRET_BYTES) {
            return "JWT_SECRET is too short: HS256 needs at least "
                    + MIN_SECRET_BYTES
                    + " bytes (e.g. head -c 32 /dev/urandom | base64)";
        }
        if (production && isPlaceholder(jwtSecret)) {
            return "JWT_SECRET is a placeholder from an example: the production profile refuses it";
        }
        return null;
    }

    static boolean isPlaceholder(String secret) {
        String s = secret.trim().toLowerCase(Locale.ROOT);
        return PLACEHOLDERS.contains(s) || s.startsWith("change-me") || s.startsWith("changeme");
    }
}
