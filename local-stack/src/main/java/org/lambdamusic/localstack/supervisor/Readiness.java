package org.lambdamusic.localstack.supervisor;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.net.HttpURLConnection;
import java.net.URI;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.function.BooleanSupplier;
import java.util.regex.Pattern;

/**
 * How the supervisor tells that a started process serves: checked every 100 ms until it holds, the
 * process dies or the start timeout passes. A log line counts only when written by this start (the
 * log is appended to across restarts).
 */
public sealed interface Readiness {

    /** True when the process is ready; {@code logOffset} is the log's size when it was started. */
    boolean check(Path log, long logOffset);

    /** What is awaited, for messages. */
    String describe();

    static Readiness immediately() {
        return new Immediately();
    }

    static Readiness tcpPort(int port) {
        return new TcpPort(port);
    }

    /** An HTTP GET answering 2xx. */
    static Readiness http(String url) {
        return new Http(URI.create(url));
    }

    static Readiness logLine(String regex) {
        return new LogLine(Pattern.compile(regex));
    }

    /** Any condition, e.g. "the master lists two workers ALIVE". */
    static Readiness when(String description, BooleanSupplier condition) {
        return new Condition(description, condition);
    }

    record Immediately() implements Readiness {
        @Override
        public boolean check(Path log, long logOffset) {
            return true;
        }

        @Override
        public String describe() {
            return "started";
        }
    }

    record TcpPort(int port) implements Readiness {
        @Override
        public boolean check(Path log, long logOffset) {
            return Ports.isOpen(port);
        }

        @Override
        public String describe() {
            return "port " + port + " answering";
        }
    }

    record Http(URI url) implements Readiness {
        @Override
        public boolean check(Path log, long logOffset) {
            try {
                HttpURLConnection connection = (HttpURLConnection) url.toURL().openConnection();
                connection.setConnectTimeout(500);
                connection.setReadTimeout(2000);
                int status = connection.getResponseCode();
                try (InputStream body =
                        status < 400 ? connection.getInputStream() : connection.getErrorStream()) {
                    if (body != null) {
                        body.readAllBytes();
                    }
                }
                connection.disconnect();
                return status >= 200 && status < 300;
            } catch (IOException e) {
                return false;
            }
        }

        @Override
        public String describe() {
            return "GET " + url + " answering 2xx";
        }
    }

    record LogLine(Pattern pattern) implements Readiness {
        @Override
        public boolean check(Path log, long logOffset) {
            return pattern.matcher(readFrom(log, logOffset)).find();
        }

        @Override
        public String describe() {
            return "a log line matching '" + pattern + "'";
        }

        /** The log from {@code offset} on (empty while the file does not exist). */
        static String readFrom(Path log, long offset) {
            if (!Files.isRegularFile(log)) {
                return "";
            }
            try (FileChannel channel = FileChannel.open(log, StandardOpenOption.READ)) {
                long size = channel.size();
                if (size <= offset) {
                    return "";
                }
                ByteBuffer buffer = ByteBuffer.allocate((int) Math.min(size - offset, 64 << 20));
                channel.read(buffer, offset);
                return new String(buffer.array(), 0, buffer.position(), StandardCharsets.UTF_8);
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
        }
    }

    record Condition(String description, BooleanSupplier condition) implements Readiness {
        @Override
        public boolean check(Path log, long logOffset) {
            return condition.getAsBoolean();
        }

        @Override
        public String describe() {
            return description;
        }
    }
}
