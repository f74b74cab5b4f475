package org.lambdamusic.localstack.pipeline;

import java.io.PrintStream;
import java.time.LocalTime;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;

/** What {@code ./pipeline} tells the operator while it works: {@code 12:00:01 pipeline: ...}. */
public final class Progress {
    private static final DateTimeFormatter CLOCK = DateTimeFormatter.ofPattern("HH:mm:ss");

    private final PrintStream out;

    public Progress(PrintStream out) {
        this.out = out;
    }

    public void say(String message) {
        out.println(LocalTime.now(ZoneOffset.UTC).format(CLOCK) + " pipeline: " + message);
        out.flush();
    }

    /** Lines printed as they are, indented (a server's ready line, a URL list). */
    public void detail(String text) {
        text.lines().forEach(line -> out.println("  " + line));
        out.flush();
    }

    public PrintStream out() {
        return out;
    }
}
