package org.lambdamusic.serving.e2e;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

/** The leak detector HttpFuzzTest applies to every answer finds what it claims, and only that. */
class JavaLeaksTest {
    @Test
    void findsQualifiedClassNames() {
        assertThat(JavaLeaks.in("Cannot deserialize value of type `java.lang.Integer` from String"))
                .containsExactly("java.lang.Integer");
        assertThat(JavaLeaks.in("at [Source: com.fasterxml.jackson.core.io.ContentReference]"))
                .containsExactly("com.fasterxml.jackson.core.io.ContentReference");
        assertThat(JavaLeaks.in("type org.lambdamusic.serving.recommend.RecommendRequest"))
                .containsExactly("org.lambdamusic.serving.recommend.RecommendRequest");
        assertThat(JavaLeaks.in("org.springframework.web.HttpMediaTypeNotSupportedException"))
                .contains("org.springframework.web.HttpMediaTypeNotSupportedException");
    }

    @Test
    void findsThrowableNamesAndStackFrames() {
        assertThat(JavaLeaks.in("MismatchedInputException: no"))
                .contains("MismatchedInputException");
        assertThat(JavaLeaks.in("OutOfMemoryError")).contains("OutOfMemoryError");
        assertThat(JavaLeaks.in("x\n\tat org.x.Y.method(Y.java:12)\nCaused by: z"))
                .contains("at org.x.Y.method(Y.java:12)", "Caused by:");
        assertThat(JavaLeaks.in("(Y.java:12)")).containsExactly("Y.java:12");
        assertThat(JavaLeaks.in("at jdk.internal.Foo.bar(Native Method)"))
                .contains("at jdk.internal.Foo.bar(Native Method)");
    }

    @Test
    void passesTheApisOwnWords() {
        assertThat(
                        JavaLeaks.in(
                                "{\"type\":\"about:blank\",\"title\":\"Internal error\",\"status\":500,"
                                        + "\"detail\":\"top_n: expected an integer (line 1,"
                                        + " column 10). Error, Exception and javascript are words.\","
                                        + "\"instance\":\"/api/recommend\"}"))
                .isEmpty();
        assertThat(JavaLeaks.in("application/problem+json; charset=UTF-8")).isEmpty();
    }
}
