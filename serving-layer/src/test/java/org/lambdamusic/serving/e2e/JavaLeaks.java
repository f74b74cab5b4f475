package org.lambdamusic.serving.e2e;

import java.util.ArrayList;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * What of the server's Java internals a response must never show a client: a fully qualified class
 * name of the JDK, of a library the app runs on or of the app itself ({@code java.lang.Integer},
 * {@code com.fasterxml.jackson...}, {@code org.lambdamusic...}), the simple name of a throwable
 * ({@code MismatchedInputException}, {@code OutOfMemoryError}), or a stack frame ({@code at
 * org.x.Y.m(Y.java:12)}, {@code Caused by:}, {@code Y.java:12}).
 */
final class JavaLeaks {
    private static final Pattern QUALIFIED_CLASS =
            Pattern.compile(
                    "\\b(?:java|javax|jakarta|jdk|sun|com\\.sun|org\\.springframework|org\\.apache"
                            + "|org\\.eclipse|com\\.fasterxml|io\\.micrometer|org\\.slf4j"
                            + "|software\\.amazon|org\\.lambdamusic)\\.[a-z_$][\\w$]*(?:\\.[\\w$]+)*");
    private static final Pattern THROWABLE_NAME =
            Pattern.compile("\\b[A-Z][A-Za-z0-9]*[a-z0-9](?:Exception|Error)\\b");
    private static final Pattern STACK_FRAME =
            Pattern.compile(
                    "\\bat [\\w$.]+\\((?:[\\w$]+\\.java:\\d+|Native Method|Unknown Source)\\)"
                            + "|Caused by:|\\b[\\w$]+\\.java:\\d+");

    private JavaLeaks() {}

    /** Every leak in {@code text}, as found; empty when there is none. */
    static List<String> in(String text) {
        List<String> found = new ArrayList<>();
        for (Pattern pattern : List.of(QUALIFIED_CLASS, THROWABLE_NAME, STACK_FRAME)) {
            Matcher m = pattern.matcher(text);
            while (m.find()) {
                found.add(m.group());
            }
        }
        return found;
    }
}
