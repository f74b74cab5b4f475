package org.lambdamusic.serving.security;

import com.nimbusds.jose.JOSEException;
import com.nimbusds.jose.JWSAlgorithm;
import com.nimbusds.jose.JWSHeader;
import com.nimbusds.jose.crypto.MACSigner;
import com.nimbusds.jwt.JWTClaimsSet;
import com.nimbusds.jwt.SignedJWT;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.Date;
import java.util.List;
import java.util.Map;

/**
 * {@code ./pipeline token <user> [--admin] [--ttl 12h]}: a bearer token for SECURITY_MODE=jwt,
 * HS256-signed with JWT_SECRET, subject {@code <user>} (the listener id), issued now, expiring
 * after the TTL (JWT_TTL, default 12h), with {@code roles: ["admin"]} when asked. Prints the token
 * only. Runs from the serving jar ({@code -Dloader.main=...TokenCommand ...PropertiesLauncher}).
 * Exit 0: printed; 1: no usable secret; 2: usage.
 */
public final class TokenCommand {
    static final String ISSUER = "lambdamusic-local";

    private TokenCommand() {}

    public static void main(String[] args) {
        System.exit(run(args, System.getenv(), System.out, System.err));
    }

    public static int run(
            String[] args, Map<String, String> env, PrintStream out, PrintStream err) {
        String user = null;
        boolean admin = false;
        Duration ttl;
        try {
            ttl = duration(env.getOrDefault("JWT_TTL", "12h"));
        } catch (IllegalArgumentException e) {
            err.println("JWT_TTL: " + e.getMessage());
            return 2;
        }
        for (int i = 0; i < args.length; i++) {
            String arg = args[i];
            if (arg.equals("--admin")) {
                admin = true;
            } else if (arg.equals("--ttl") && i + 1 < args.length) {
                try {
                    ttl = duration(args[++i]);
                } catch (IllegalArgumentException e) {
                    err.println("--ttl: " + e.getMessage());
                    return 2;
                }
            } else if (!arg.startsWith("-") && user == null && !arg.isBlank()) {
                user = arg.trim();
            } else {
                user = null;
                break;
            }
        }
        if (user == null) {
            err.println(
                    "usage: ./pipeline token <user> [--admin] [--ttl 12h]   (HS256 with JWT_SECRET)");
            return 2;
        }
        String secret = env.getOrDefault("JWT_SECRET", "");
        if (secret.getBytes(StandardCharsets.UTF_8).length < SecurityProperties.MIN_SECRET_BYTES) {
            err.println(
                    secret.isEmpty()
                            ? "JWT_SECRET is not set (./pipeline up writes one to"
                                    + " $PIPELINE_DATA/jwt.secret in SECURITY_MODE=jwt)"
                            : "JWT_SECRET is shorter than "
                                    + SecurityProperties.MIN_SECRET_BYTES
                                    + " bytes");
            return 1;
        }
        try {
            out.println(mint(secret, user, admin, Instant.now(), ttl));
            return 0;
        } catch (JOSEException e) {
            err.println("could not sign: " + e.getMessage());
            return 1;
        }
    }

    /** A signed HS256 token for {@code user}. */
    public static String mint(
            String secret, String user, boolean admin, Instant issuedAt, Duration ttl)
            throws JOSEException {
        List<String> roles = new ArrayList<>();
        if (admin) {
            roles.add(Tokens.ADMIN_ROLE);
        }
        JWTClaimsSet.Builder claims =
                new JWTClaimsSet.Builder()
                        .subject(user)
                        .issuer(ISSUER)
                        .issueTime(Date.from(issuedAt))
                        .expirationTime(Date.from(issuedAt.plus(ttl)));
        if (!roles.isEmpty()) {
            claims.claim(Tokens.ROLES_CLAIM, roles);
        }
        SignedJWT jwt = new SignedJWT(new JWSHeader(JWSAlgorithm.HS256), claims.build());
        jwt.sign(new MACSigner(secret.getBytes(StandardCharsets.UTF_8)));
        return jwt.serialize();
    }

    /** 90s, 30m, 12h, 7d or an ISO-8601 duration. */
    static Duration duration(String text) {
        String t = text.trim();
        try {
            if (t.matches("\\d+[smhd]")) {
                long n = Long.parseLong(t.substring(0, t.length() - 1));
                return switch (t.charAt(t.length() - 1)) {
                    case 's' -> Duration.ofSeconds(n);
                    case 'm' -> Duration.ofMinutes(n);
                    case 'h' -> Duration.ofHours(n);
                    default -> Duration.ofDays(n);
                };
            }
            return Duration.parse(t);
        } catch (DateTimeParseException | NumberFormatException e) {
            throw new IllegalArgumentException("not a duration: " + text);
        }
    }
}
