package org.lambdamusic.contracts.trace;

import java.security.SecureRandom;
import java.util.HexFormat;
import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * A W3C Trace Context {@code traceparent} (version 00): the trace one request belongs to through
 * every layer. The serving layer reads it from a client's request (or starts a trace), logs it with
 * the request, and sends it as a Kafka record header with the interaction; the speed layer reads
 * the header into its log lines and its dead letters. One implementation, for every layer.
 *
 * @param traceId 32 lower-case hex digits, not all zero
 * @param spanId 16 lower-case hex digits, not all zero: the span that sent it
 * @param flags 2 hex digits (01: sampled)
 */
public record TraceParent(String traceId, String spanId, String flags) {
    /** The HTTP header and the Kafka record header. */
    public static final String HEADER = "traceparent";

    private static final Pattern FORMAT =
            Pattern.compile("([0-9a-f]{2})-([0-9a-f]{32})-([0-9a-f]{16})-([0-9a-f]{2})(-.*)?");
    private static final SecureRandom RANDOM = new SecureRandom();

    public TraceParent {
        if (!valid(traceId, 32) || !valid(spanId, 16) || !flags.matches("[0-9a-f]{2}")) {
            throw new IllegalArgumentException(
                    "not a trace context: " + traceId + "-" + spanId + "-" + flags);
        }
    }

    /**
     * The trace a header names; empty when absent or invalid (then the receiver starts a trace of
     * its own, as the specification says). A later version's header is read by its first four
     * fields; version ff is invalid.
     */
    public static Optional<TraceParent> parse(String header) {
        if (header == null) {
            return Optional.empty();
        }
        Matcher m = FORMAT.matcher(header.trim());
        if (!m.matches()
                || m.group(1).equals("ff")
                || (m.group(1).equals("00") && m.group(5) != null)
                || !valid(m.group(2), 32)
                || !valid(m.group(3), 16)) {
            return Optional.empty();
        }
        return Optional.of(new TraceParent(m.group(2), m.group(3), m.group(4)));
    }

    /** A new trace (sampled), for a request that came without one. */
    public static TraceParent start() {
        return new TraceParent(random(16), random(8), "01");
    }

    /** The same trace, a new span: what this layer sends on. */
    public TraceParent child() {
        return new TraceParent(traceId, random(8), flags);
    }

    /** A new span of a trace known by its id only (a dead letter's). */
    public static TraceParent childOf(String traceId) {
        return new TraceParent(traceId, random(8), "01");
    }

    /** The header's value: {@code 00-<trace id>-<span id>-<flags>}. */
    public String header() {
        return "00-" + traceId + "-" + spanId + "-" + flags;
    }

    private static boolean valid(String hex, int length) {
        return hex != null
                && hex.length() == length
                && hex.chars().allMatch(c -> (c >= '0' && c <= '9') || (c >= 'a' && c <= 'f'))
                && hex.chars().anyMatch(c -> c != '0');
    }

    private static String random(int bytes) {
        byte[] value = new byte[bytes];
        do {
            RANDOM.nextBytes(value);
        } while (allZero(value));
        return HexFormat.of().formatHex(value);
    }

    private static boolean allZero(byte[] value) {
        for (byte b : value) {
            if (b != 0) {
                return false;
            }
        }
        return true;
    }
}
