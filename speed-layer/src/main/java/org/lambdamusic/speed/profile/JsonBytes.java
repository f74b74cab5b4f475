package org.lambdamusic.speed.profile;

import java.nio.charset.StandardCharsets;
import java.util.Arrays;

/**
 * A reusable, growable UTF-8 buffer with just the JSON writes a view needs. It writes what the
 * contracts' Jackson mapper writes for the same values (same escapes: {@code \" \\ \b \t \n \f \r},
 * other control characters and surrogates (characters outside the BMP) as backslash-u escapes,
 * everything else as plain UTF-8), so the bytes on the topic do not depend on which writer produced
 * them; {@code ProfileViewJsonTest} checks that. Written by hand because a view is the one record
 * the job writes per user per flush, and data binding (reflection, intermediate lists) cost more
 * than the rest of the job together.
 */
final class JsonBytes {
    private static final byte[] HEX = "0123456789ABCDEF".getBytes(StandardCharsets.US_ASCII);

    private byte[] buf;
    private int len;

    JsonBytes(int initialCapacity) {
        buf = new byte[initialCapacity];
    }

    void reset() {
        len = 0;
    }

    int length() {
        return len;
    }

    byte[] toByteArray() {
        return Arrays.copyOf(buf, len);
    }

    /** The bytes written since {@code from} (a {@link #length()} taken earlier). */
    byte[] copyFrom(int from) {
        return Arrays.copyOfRange(buf, from, len);
    }

    void ascii(byte b) {
        ensure(1);
        buf[len++] = b;
    }

    /** Bytes known to be valid JSON already (field names, punctuation). */
    void raw(byte[] bytes) {
        ensure(bytes.length);
        System.arraycopy(bytes, 0, buf, len, bytes.length);
        len += bytes.length;
    }

    void number(long value) {
        if (value == Long.MIN_VALUE) {
            raw(Long.toString(value).getBytes(StandardCharsets.US_ASCII));
            return;
        }
        ensure(20);
        if (value < 0) {
            buf[len++] = '-';
            value = -value;
        }
        int digits = 1;
        for (long v = value; v >= 10; v /= 10) {
            digits++;
        }
        int at = len + digits;
        len = at;
        do {
            buf[--at] = (byte) ('0' + (value % 10));
            value /= 10;
        } while (value != 0);
    }

    /** A quoted, escaped string. */
    void string(String s) {
        int n = s.length();
        ensure(n + 2);
        // Fast path in locals (the JIT keeps them in registers): ids are plain ASCII.
        byte[] b = buf;
        int at = len;
        b[at++] = '"';
        int i = 0;
        for (; i < n; i++) {
            char c = s.charAt(i);
            if (c < 0x20 || c >= 0x80 || c == '"' || c == '\\') {
                break;
            }
            b[at++] = (byte) c;
        }
        len = at;
        if (i < n) {
            escapedTail(s, i);
        }
        ensure(1);
        buf[len++] = '"';
    }

    private void escapedTail(String s, int from) {
        int n = s.length();
        for (int i = from; i < n; i++) {
            char c = s.charAt(i);
            ensure(12);
            if (c >= 0x80) {
                if (Character.isSurrogate(c)) {
                    unicodeEscape(c); // as Jackson does for characters outside the BMP
                } else {
                    utf8(c);
                }
            } else if (c == '"' || c == '\\') {
                buf[len++] = '\\';
                buf[len++] = (byte) c;
            } else if (c >= 0x20) {
                buf[len++] = (byte) c;
            } else {
                buf[len++] = '\\';
                switch (c) {
                    case '\b' -> buf[len++] = 'b';
                    case '\t' -> buf[len++] = 't';
                    case '\n' -> buf[len++] = 'n';
                    case '\f' -> buf[len++] = 'f';
                    case '\r' -> buf[len++] = 'r';
                    default -> {
                        len--;
                        unicodeEscape(c);
                    }
                }
            }
        }
    }

    private void unicodeEscape(char c) {
        buf[len++] = '\\';
        buf[len++] = 'u';
        buf[len++] = HEX[c >> 12];
        buf[len++] = HEX[(c >> 8) & 0xF];
        buf[len++] = HEX[(c >> 4) & 0xF];
        buf[len++] = HEX[c & 0xF];
    }

    /** A character of the Basic Multilingual Plane, not a surrogate, at or above 0x80. */
    private void utf8(char c) {
        if (c < 0x800) {
            buf[len++] = (byte) (0xC0 | (c >> 6));
            buf[len++] = (byte) (0x80 | (c & 0x3F));
        } else {
            buf[len++] = (byte) (0xE0 | (c >> 12));
            buf[len++] = (byte) (0x80 | ((c >> 6) & 0x3F));
            buf[len++] = (byte) (0x80 | (c & 0x3F));
        }
    }

    private void ensure(int extra) {
        if (len + extra > buf.length) {
            buf = Arrays.copyOf(buf, Math.max(buf.length * 2, len + extra));
        }
    }
}
