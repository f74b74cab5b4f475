package org.lambdamusic.serving.system;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.Socket;
import java.net.SocketException;
import java.nio.charset.StandardCharsets;
import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;
import org.lambdamusic.serving.interaction.InteractionPublisher;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;
import org.springframework.test.context.bean.override.mockito.MockitoBean;

/**
 * Requests Tomcat refuses itself, before any filter or servlet runs, answered problem+json (by
 * {@link ProblemReportValve}) rather than Tomcat's HTML page: the whole app on a free port, the raw
 * request bytes written to a socket (the JDK's HTTP client will not send a malformed target). The
 * object store and broker addresses point at a closed port; nothing here needs them.
 */
@SpringBootTest(webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT)
class MalformedRequestProblemTest {
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final Pattern STACK_TRACE =
            Pattern.compile("(\\tat |\\bat [\\w$.]+\\(|Caused by:|\\.java:\\d+|Exception)");

    @LocalServerPort int port;
    @MockitoBean InteractionPublisher publisher;

    @DynamicPropertySource
    static void nothingReachable(DynamicPropertyRegistry registry) throws Exception {
        NoBackends.register(registry);
    }

    static Stream<Arguments> refusedByTomcat() {
        return Stream.of(
                Arguments.of("invalid UTF-8 %-encoding", get("/api/tracks/%FF")),
                Arguments.of("overlong UTF-8 %-encoding", get("/api/tracks/%C0%AF")),
                Arguments.of("truncated %-encoding", get("/api/tracks/%C3%28")),
                Arguments.of("encoded NUL", get("/api/user/%00")),
                Arguments.of("encoded slash", get("/api/user/a%2Fb")),
                Arguments.of("encoded backslash", get("/api/admin/retrain/%5C")),
                Arguments.of("a '%' without hex digits", get("/api/tracks/%zz")),
                Arguments.of("a control character in the path", get("/api/stats\u0001x")),
                Arguments.of("a DEL in the path", get("/api/stats\u007f")),
                Arguments.of("a raw non-ASCII byte in the path", get("/api/tracks/\u00ff")),
                Arguments.of("a '{' in the path", get("/api/tracks/{id}")),
                Arguments.of("a '|' in the query", get("/api/tracks?q=a|b")),
                Arguments.of("a request line over 8 KB", get("/api/tracks/" + "x".repeat(9000))),
                Arguments.of(
                        "a header over 8 KB",
                        "GET /api/stats HTTP/1.1\r\nHost: localhost\r\nX-Big: "
                                + "y".repeat(9000)
                                + "\r\nConnection: close\r\n\r\n"),
                Arguments.of(
                        "a header name with a space",
                        "GET /api/stats HTTP/1.1\r\nHost: localhost\r\nBad Header: 1\r\n"
                                + "Connection: close\r\n\r\n"),
                Arguments.of(
                        "no Host header in HTTP/1.1",
                        "GET /api/stats HTTP/1.1\r\nConnection: close\r\n\r\n"),
                Arguments.of(
                        "an invalid method token",
                        "G(ET /api/stats HTTP/1.1\r\nHost: localhost\r\nConnection: close\r\n\r\n"));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("refusedByTomcat")
    void refusedByTomcatIs400Problem(String kind, String request) throws Exception {
        RawResponse response = send(request);
        assertProblem(response, 400, kind);
    }

    /** Errors the application answers itself keep their problems (ProblemHandling). */
    @Test
    void theApplicationsOwnErrorsStayProblems() throws Exception {
        RawResponse notFound = send(get("/api/nothing-here"));
        assertProblem(notFound, 404, "unknown path");
        RawResponse wrongMethod =
                send(
                        "DELETE /api/stats HTTP/1.1\r\nHost: localhost\r\nConnection: close"
                                + "\r\n\r\n");
        assertProblem(wrongMethod, 405, "wrong method");
        RawResponse badQuery = send(get("/api/tracks?limit=%FF"));
        assertProblem(badQuery, 400, "invalid %-encoding in a query value");
    }

    @Test
    void theProblemOfAMalformedRequestHasEveryField() throws Exception {
        JsonNode problem = JSON.readTree(send(get("/api/tracks/%FF")).body());
        assertThat(problem.path("type").asText()).isEqualTo("about:blank");
        assertThat(problem.path("title").asText()).isEqualTo("Malformed request");
        assertThat(problem.path("status").asInt()).isEqualTo(400);
        assertThat(problem.path("detail").asText()).contains("could not parse the request");
    }

    private static void assertProblem(RawResponse response, int status, String kind)
            throws IOException {
        assertThat(response.status()).as("status for %s: %s", kind, response).isEqualTo(status);
        assertThat(response.header("content-type"))
                .as("content type for %s: %s", kind, response)
                .startsWith("application/problem+json");
        assertThat(response.header("x-content-type-options"))
                .as("nosniff for %s", kind)
                .isEqualTo("nosniff");
        assertThat(response.body().toLowerCase(Locale.ROOT))
                .as("body for %s", kind)
                .doesNotContain("<html", "<!doctype", "tomcat");
        assertThat(STACK_TRACE.matcher(response.body()).find())
                .as("stack trace for %s: %s", kind, response.body())
                .isFalse();
        JsonNode problem = JSON.readTree(response.body());
        assertThat(problem.path("status").asInt()).as("problem for %s", kind).isEqualTo(status);
        assertThat(problem.path("title").asText()).as("problem for %s", kind).isNotBlank();
    }

    private static String get(String target) {
        return "GET " + target + " HTTP/1.1\r\nHost: localhost\r\nConnection: close\r\n\r\n";
    }

    /** Writes the request's chars as bytes 0-255 unchanged and reads the answer to the close. */
    private RawResponse send(String request) throws IOException {
        try (Socket socket = new Socket("127.0.0.1", port)) {
            socket.setSoTimeout(10_000);
            OutputStream out = socket.getOutputStream();
            try {
                out.write(request.getBytes(StandardCharsets.ISO_8859_1));
                out.flush();
            } catch (SocketException closedEarly) {
                // Tomcat may answer and close before it has read all of an oversized request.
            }
            return RawResponse.parse(readAll(socket.getInputStream()));
        }
    }

    private static byte[] readAll(InputStream in) throws IOException {
        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        byte[] buf = new byte[8192];
        try {
            for (int n; (n = in.read(buf)) >= 0; ) {
                bytes.write(buf, 0, n);
            }
        } catch (SocketException reset) {
            // a reset after the answer: keep what arrived
        }
        return bytes.toByteArray();
    }

    record RawResponse(int status, Map<String, String> headers, String body) {
        String header(String name) {
            return headers.getOrDefault(name, "");
        }

        static RawResponse parse(byte[] raw) {
            String text = new String(raw, StandardCharsets.ISO_8859_1);
            int end = text.indexOf("\r\n\r\n");
            assertThat(end).as("a complete head in %s", text).isPositive();
            String[] lines = text.substring(0, end).split("\r\n");
            int status = Integer.parseInt(lines[0].split(" ")[1]);
            Map<String, String> headers = new LinkedHashMap<>();
            for (int i = 1; i < lines.length; i++) {
                int colon = lines[i].indexOf(':');
                headers.put(
                        lines[i].substring(0, colon).trim().toLowerCase(Locale.ROOT),
                        lines[i].substring(colon + 1).trim());
            }
            String body = text.substring(end + 4);
            if ("chunked".equalsIgnoreCase(headers.get("transfer-encoding"))) {
                body = dechunk(body);
            }
            byte[] bodyBytes = body.getBytes(StandardCharsets.ISO_8859_1);
            return new RawResponse(status, headers, new String(bodyBytes, StandardCharsets.UTF_8));
        }

        private static String dechunk(String chunked) {
            StringBuilder out = new StringBuilder();
            int at = 0;
            while (true) {
                int eol = chunked.indexOf("\r\n", at);
                int size = Integer.parseInt(chunked.substring(at, eol).split(";")[0].trim(), 16);
                if (size == 0) {
                    return out.toString();
                }
                out.append(chunked, eol + 2, eol + 2 + size);
                at = eol + 2 + size + 2;
            }
        }
    }
}
