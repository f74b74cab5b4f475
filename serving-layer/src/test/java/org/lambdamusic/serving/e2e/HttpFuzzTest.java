package org.lambdamusic.serving.e2e;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.Charset;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Base64;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicInteger;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.Combinators;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;
import net.jqwik.api.ShrinkingMode;
import net.jqwik.api.Tuple;
import net.jqwik.api.lifecycle.AfterContainer;
import net.jqwik.api.lifecycle.BeforeContainer;
import org.lambdamusic.serving.model.TinyModel;
import org.lambdamusic.serving.retrain.AppInstances;
import org.springframework.context.ConfigurableApplicationContext;

/**
 * HTTP fuzz of the whole API (jqwik): the real app on a free port (as {@link AppInstances} starts
 * it) against the real Kafka broker and S3 server of local-stack, serving the hand-made {@link
 * TinyModel} published to the store as the batch job would. Every request is generated: every
 * endpoint and unknown paths, every method, query parameters and path segments of any Unicode
 * string, percent-encoded or oddly encoded ({@code %FF}, {@code %00}, {@code %2F}, overlong and
 * double encodings), JSON bodies of every shape and some that are not JSON, bodies over the 16 KB
 * limit (with a length and chunked), charsets that do not match the bytes, wrong and missing
 * content types, odd Accept headers, and admin credentials that are right, wrong or malformed.
 *
 * <p>Property, with Kafka up and with Kafka stopped: no 5xx, except the documented 503s (POST
 * /api/interact while Kafka is down; POST /api/admin/retrain, retraining not being configured
 * here); every 4xx and 503 is {@code application/problem+json} whose {@code status} is the HTTP
 * status and which carries no stack trace, with no exception: the requests Tomcat refuses before
 * any servlet runs (an invalid %-encoding, {@code %2F}, {@code %5C} or {@code %00} in the path, a
 * request line over 8 KB) must be problem+json too (the app's ProblemReportValve); they are counted
 * and listed, by their title "Malformed request". Seeds are fixed on each property; jqwik prints
 * the shrunk request of a failure. Figures are printed after the properties.
 */
class HttpFuzzTest {
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final String PASSWORD = "fuzz-admin-secret";
    private static final String GOOD_AUTH = basic("admin:" + PASSWORD);
    private static final HttpClient HTTP =
            HttpClient.newBuilder()
                    .version(HttpClient.Version.HTTP_1_1)
                    .connectTimeout(Duration.ofSeconds(5))
                    .build();

    static TestStack stack;
    static ConfigurableApplicationContext app;
    static int port;
    static volatile boolean kafkaDown;

    // Figures, printed after the properties (RELIABILITY.md quotes them).
    static final AtomicInteger requests = new AtomicInteger();
    static final AtomicInteger serverErrors = new AtomicInteger();
    static final AtomicInteger documented503 = new AtomicInteger();
    static final AtomicInteger closedBeforeAnswer = new AtomicInteger();
    static final AtomicInteger containerRejected = new AtomicInteger();
    static final Set<String> containerRejectedSamples = ConcurrentHashMap.newKeySet();
    static final Map<String, Integer> statuses = new ConcurrentHashMap<>();
    static final Map<String, List<String>> leaks = new ConcurrentHashMap<>();

    @BeforeContainer
    static void start() throws Exception {
        stack = TestStack.withOwnBucket();
        try (StoredModels models = new StoredModels(stack.s3Settings())) {
            models.publish(TinyModel.artifact(TinyModel.VERSION));
        }
        app =
                AppInstances.run(
                        Map.ofEntries(
                                Map.entry("server.port", "0"),
                                Map.entry("S3_ENDPOINT", stack.s3Settings().endpoint()),
                                Map.entry("S3_BUCKET", stack.s3Settings().bucket()),
                                Map.entry(
                                        "KAFKA_BOOTSTRAP_SERVERS",
                                        stack.kafka().bootstrapServers()),
                                Map.entry("serving.admin.password", PASSWORD),
                                Map.entry("serving.retrain.cron", "-"),
                                Map.entry("serving.model.poll-interval", "500ms"),
                                Map.entry("serving.kafka.connect-max-retries", "3"),
                                Map.entry("serving.kafka.connect-retry-delay", "400ms"),
                                Map.entry("serving.kafka.cooldown", "2s"),
                                Map.entry("serving.kafka.probe-interval", "300ms"),
                                Map.entry("serving.kafka.probe-timeout", "1s"),
                                Map.entry("serving.kafka.send-timeout", "1s")));
        port = AppInstances.port(app);
        await("ready with the model")
                .atMost(Duration.ofSeconds(60))
                .until(() -> send(get("/actuator/health/readiness")).statusCode() == 200);
        awaitKafka(true);
    }

    @AfterContainer
    static void stop() {
        System.out.printf(
                "HttpFuzzTest figures: requests=%d 5xx=%d (of which documented 503: %d)"
                        + " closed_before_answer=%d refused_by_tomcat=%d statuses=%s%n",
                requests.get(),
                serverErrors.get(),
                documented503.get(),
                closedBeforeAnswer.get(),
                containerRejected.get(),
                new TreeMap<>(statuses));
        containerRejectedSamples.forEach(
                r -> System.out.println("HttpFuzzTest refused by Tomcat (problem+json): " + r));
        leaks.forEach(
                (where, found) ->
                        System.out.println(
                                "HttpFuzzTest Java internals in " + where + ": " + found));
        if (app != null) {
            app.close();
        }
        if (stack != null) {
            stack.close();
        }
    }

    @Property(tries = 2000, shrinking = ShrinkingMode.BOUNDED, seed = "20261130")
    void withKafkaUpNoRequestGetsA5xxAndEveryErrorIsAProblem(
            @ForAll("requests") FuzzRequest request) throws Exception {
        ensureKafka(true);
        check(request, false);
    }

    @Property(tries = 500, shrinking = ShrinkingMode.BOUNDED, seed = "20261201")
    void withKafkaDownOnlyInteractionsGet503(@ForAll("requests") FuzzRequest request)
            throws Exception {
        ensureKafka(false);
        check(request, true);
    }

    /** One generated request. */
    record FuzzRequest(
            String method,
            String path,
            String contentType,
            String accept,
            String auth,
            byte[] body,
            boolean chunked) {
        @Override
        public String toString() {
            String shown =
                    body == null
                            ? "none"
                            : body.length > 300
                                    ? body.length + " bytes"
                                    : new String(body, StandardCharsets.UTF_8);
            return method
                    + " "
                    + (path.length() > 300 ? path.substring(0, 300) + "…" : path)
                    + " content-type="
                    + contentType
                    + " accept="
                    + accept
                    + " auth="
                    + (auth == null ? "none" : auth.equals(GOOD_AUTH) ? "good" : auth)
                    + " chunked="
                    + chunked
                    + " body="
                    + shown;
        }
    }

    private static void check(FuzzRequest request, boolean kafkaIsDown) throws Exception {
        HttpResponse<byte[]> response;
        try {
            response = send(build(request));
        } catch (IOException e) {
            // The app answers 413 to an oversized body without reading it and closes the
            // connection; a client still sending may see the close instead of the answer.
            assertThat(request.body())
                    .as("connection failed (%s) for %s", e, request)
                    .isNotNull()
                    .hasSizeGreaterThan(16 * 1024);
            closedBeforeAnswer.incrementAndGet();
            requests.incrementAndGet();
            return;
        }
        requests.incrementAndGet();
        int status = response.statusCode();
        statuses.merge(status + (kafkaIsDown ? " (kafka down)" : ""), 1, Integer::sum);
        String body = new String(response.body(), StandardCharsets.UTF_8);
        String contentType = response.headers().firstValue("Content-Type").orElse("");
        if (status >= 500) {
            serverErrors.incrementAndGet();
            boolean documented = status == 503 && documented503(request, kafkaIsDown, body);
            assertThat(documented)
                    .as("HTTP %d for %s: %s %s", status, request, contentType, body)
                    .isTrue();
            documented503.incrementAndGet();
        }
        if (status >= 400 && !request.method().equals("HEAD")) {
            assertThat(contentType)
                    .as("content type of HTTP %d for %s: %s", status, request, body)
                    .startsWith("application/problem+json");
            JsonNode problem = JSON.readTree(body);
            assertThat(problem.path("status").asInt())
                    .as("status in %s for %s", body, request)
                    .isEqualTo(status);
            if (status == 400 && problem.path("title").asText().equals("Malformed request")) {
                // Refused by Tomcat itself before any servlet runs, answered by ProblemReportValve.
                containerRejected.incrementAndGet();
                if (containerRejectedSamples.size() < 12) {
                    containerRejectedSamples.add(
                            abbreviate(request.method() + " " + request.path()));
                }
            }
        }
        assertNoJavaInternals(request, response, body);
    }

    /** No answer, of any status, names a Java class or shows a stack frame, in body or headers. */
    private static void assertNoJavaInternals(
            FuzzRequest request, HttpResponse<byte[]> response, String body) {
        StringBuilder seen = new StringBuilder(body);
        response.headers()
                .map()
                .forEach(
                        (name, values) ->
                                seen.append('\n').append(name).append(": ").append(values));
        List<String> found = JavaLeaks.in(seen.toString());
        if (!found.isEmpty()) {
            leaks.putIfAbsent(
                    response.statusCode() + " " + request.method() + " " + pathOnly(request),
                    found);
        }
        assertThat(found)
                .as("Java internals in HTTP %d for %s: %s", response.statusCode(), request, seen)
                .isEmpty();
    }

    private static boolean documented503(FuzzRequest request, boolean kafkaIsDown, String body) {
        String path = pathOnly(request);
        if (kafkaIsDown && request.method().equals("POST") && path.equals("/api/interact")) {
            return body.contains("Kafka");
        }
        return request.method().equals("POST")
                && path.equals("/api/admin/retrain")
                && GOOD_AUTH.equals(request.auth())
                && body.contains("RETRAIN_SPARK_HOME");
    }

    private static String abbreviate(String s) {
        return s.length() <= 160 ? s : s.substring(0, 160) + "… (" + s.length() + " chars)";
    }

    private static String pathOnly(FuzzRequest request) {
        String path = request.path();
        int q = path.indexOf('?');
        return q < 0 ? path : path.substring(0, q);
    }

    // --- generators ---------------------------------------------------------------------------

    @Provide
    Arbitrary<FuzzRequest> requests() {
        Arbitrary<String> methods =
                Arbitraries.frequencyOf(
                        Tuple.of(40, Arbitraries.just("GET")),
                        Tuple.of(35, Arbitraries.just("POST")),
                        Tuple.of(25, Arbitraries.of("PUT", "DELETE", "PATCH", "HEAD", "OPTIONS")));
        Arbitrary<String> contentTypes =
                Arbitraries.frequencyOf(
                        Tuple.of(40, Arbitraries.just("application/json")),
                        Tuple.of(
                                30,
                                Arbitraries.of(
                                        "application/json; charset=UTF-8",
                                        "application/json; charset=UTF-16",
                                        "application/json; charset=ISO-8859-1",
                                        "application/json; charset=bogus",
                                        "application/json;;;",
                                        "text/plain",
                                        "text/json",
                                        "application/xml",
                                        "application/x-www-form-urlencoded",
                                        "multipart/form-data",
                                        "multipart/form-data; boundary=zz",
                                        "application/problem+json",
                                        "*/*",
                                        "garbage",
                                        "application/",
                                        "")),
                        Tuple.of(30, Arbitraries.just((String) null)));
        Arbitrary<String> accepts =
                Arbitraries.frequencyOf(
                        Tuple.of(60, Arbitraries.just((String) null)),
                        Tuple.of(
                                40,
                                Arbitraries.of(
                                        "application/json",
                                        "*/*",
                                        "application/problem+json",
                                        "text/html",
                                        "application/xml",
                                        "image/png",
                                        "text/plain;q=0.1, application/json;q=0.9",
                                        "garbage")));
        Arbitrary<String> auths =
                Arbitraries.frequencyOf(
                        Tuple.of(50, Arbitraries.just((String) null)),
                        Tuple.of(25, Arbitraries.just(GOOD_AUTH)),
                        Tuple.of(
                                25,
                                Arbitraries.of(
                                        basic("admin:wrong"),
                                        basic("root:" + PASSWORD),
                                        basic("admin"),
                                        basic(":"),
                                        basic("admin:" + PASSWORD + "x".repeat(3000)),
                                        "Basic !!!not-base64",
                                        "Basic ",
                                        "Bearer abc.def.ghi",
                                        "Digest username=admin",
                                        "admin:" + PASSWORD)));
        Arbitrary<FuzzRequest> anything =
                Combinators.combine(
                                methods,
                                paths(),
                                contentTypes,
                                accepts,
                                auths,
                                bodies(),
                                Arbitraries.of(false, true))
                        .as(FuzzRequest::new);
        // Independent choices rarely make a well-formed POST; these do, so the happy paths (202,
        // 200) and the Kafka-down 503 of /api/interact are exercised as well.
        Arbitrary<FuzzRequest> coherent =
                Combinators.combine(
                                ids(),
                                Arbitraries.of("t0", "t1", "t2", "t3", "t4", "u5", "u6", "zz"),
                                Arbitraries.of("play", "like", "skip"),
                                Arbitraries.integers().between(1, 100),
                                Arbitraries.of(true, false))
                        .as(
                                (user, track, type, topN, interact) -> {
                                    ObjectNode node = JSON.createObjectNode();
                                    node.put("track_id", track);
                                    node.put("user_id", user);
                                    if (interact) {
                                        node.put("interaction_type", type);
                                    } else {
                                        node.put("top_n", topN);
                                    }
                                    return new FuzzRequest(
                                            "POST",
                                            interact ? "/api/interact" : "/api/recommend",
                                            "application/json",
                                            null,
                                            null,
                                            node.toString().getBytes(StandardCharsets.UTF_8),
                                            false);
                                });
        return Arbitraries.frequencyOf(Tuple.of(85, anything), Tuple.of(15, coherent));
    }

    private static Arbitrary<String> ids() {
        return Arbitraries.oneOf(
                Arbitraries.of("fuzz-user", "listener-1", "ünïcode-🎵"),
                Arbitraries.strings().alpha().numeric().ofMinLength(1).ofMaxLength(40));
    }

    private Arbitrary<String> paths() {
        Arbitrary<String> segment = segments();
        Arbitrary<String> number = numbers();
        Arbitrary<String> tracks =
                Combinators.combine(
                                optionalParam("q", queryValues()),
                                optionalParam("limit", number),
                                optionalParam("offset", number),
                                optionalParam(
                                        "recommendable",
                                        Arbitraries.of(
                                                "true", "false", "TRUE", "1", "yes", "", "%FF")))
                        .as((a, b, c, d) -> "/api/tracks?" + a + b + c + d);
        return Arbitraries.frequencyOf(
                Tuple.of(6, Arbitraries.of("/api/stats", "/api/stats?x=1&x=%00", "/api/models")),
                Tuple.of(12, tracks),
                Tuple.of(5, segment.map(s -> "/api/tracks/" + s)),
                Tuple.of(8, optionalParam("limit", number).map(p -> "/api/trending?" + p)),
                Tuple.of(10, segment.map(s -> "/api/user/" + s)),
                Tuple.of(14, Arbitraries.of("/api/recommend", "/api/recommend?top_n=5")),
                Tuple.of(14, Arbitraries.of("/api/interact", "/api/interact?user_id=x")),
                Tuple.of(
                        12,
                        Arbitraries.of(
                                "/api/admin/retrain",
                                "/api/admin/rollback",
                                "/api/admin",
                                "/api/admin/",
                                "/api/admin/retrain/")),
                Tuple.of(5, segment.map(s -> "/api/admin/retrain/" + s)),
                Tuple.of(4, segment.map(s -> "/api/admin/" + s)),
                Tuple.of(
                        8,
                        Combinators.combine(
                                        Arbitraries.of(
                                                "/api/",
                                                "/",
                                                "/api/stats/",
                                                "/api/recommend/",
                                                "/actuator/",
                                                "/api//",
                                                "/api/tracks/t0/"),
                                        segment)
                                .as((prefix, s) -> prefix + s)),
                Tuple.of(
                        2,
                        Arbitraries.of(
                                "/api/ping",
                                "/api/./stats",
                                "/api/../api/stats",
                                "/api/%2e%2e/api/stats",
                                "/API/STATS",
                                "/api/stats;jsessionid=abc",
                                "/api/stats%3Bx",
                                "/api/user/%2F",
                                "/api/user/..%2F..%2Fetc%2Fpasswd")));
    }

    private static Arbitrary<String> optionalParam(String name, Arbitrary<String> value) {
        return Arbitraries.frequencyOf(
                Tuple.of(1, Arbitraries.just("")),
                Tuple.of(4, value.map(v -> name + "=" + v + "&")));
    }

    /** Path segments: known ids, any Unicode string percent-encoded, and odd encodings. */
    private static Arbitrary<String> segments() {
        return Arbitraries.frequencyOf(
                Tuple.of(3, Arbitraries.of("t0", "t3", "u5", "nobody", "fuzz-user", "admin")),
                Tuple.of(4, Arbitraries.strings().all().ofMaxLength(300).map(HttpFuzzTest::encode)),
                Tuple.of(
                        3,
                        Arbitraries.of(
                                "%FF",
                                "%C3%28",
                                "%C0%AF",
                                "%00",
                                "%2F",
                                "%252F",
                                "%5C",
                                "..",
                                ".",
                                "%2e%2e",
                                "~",
                                "%E2%80%AE",
                                "%F0%9F%8E%B5",
                                "%0A",
                                "%0D%0Ax",
                                "%22%3E%3Cscript%3E",
                                "%7B%7D",
                                "a;b=c",
                                "x".repeat(2_000),
                                "y".repeat(9_000))));
    }

    private static Arbitrary<String> queryValues() {
        return Arbitraries.frequencyOf(
                Tuple.of(3, Arbitraries.of("Alpha", "a", "A", "", "Zeta", "%25", "%2525")),
                Tuple.of(4, Arbitraries.strings().all().ofMaxLength(250).map(HttpFuzzTest::encode)),
                Tuple.of(2, Arbitraries.of("%FF%FE", "%00", "%C3%28", "%2B%20", "x".repeat(5000))));
    }

    private static Arbitrary<String> numbers() {
        return Arbitraries.oneOf(
                Arbitraries.integers().between(-1000, 1000).map(String::valueOf),
                Arbitraries.of(
                        "0",
                        "1",
                        "100",
                        "101",
                        "-1",
                        "2147483647",
                        "2147483648",
                        "-2147483649",
                        "99999999999999999999",
                        "1e3",
                        "1.5",
                        "abc",
                        "",
                        "%205",
                        "5%20",
                        "0x10",
                        "NaN",
                        "%D9%A3",
                        "%FF",
                        "null"));
    }

    /** No body, JSON of every shape in several charsets, not-JSON, and oversized bodies. */
    private static Arbitrary<byte[]> bodies() {
        Arbitrary<JsonNode> value = jsonValues();
        Arbitrary<String> field =
                Arbitraries.frequencyOf(
                        Tuple.of(
                                8,
                                Arbitraries.of(
                                        "track_id",
                                        "user_id",
                                        "top_n",
                                        "exclude",
                                        "interaction_type",
                                        "version")),
                        Tuple.of(
                                1,
                                Arbitraries.of(
                                        "trackId",
                                        "TOP_N",
                                        "",
                                        "__proto__",
                                        "event_id",
                                        "timestamp")));
        Arbitrary<JsonNode> object =
                Combinators.combine(field.list().ofMaxSize(6), value.list().ofSize(6))
                        .as(
                                (names, values) -> {
                                    ObjectNode node = JSON.createObjectNode();
                                    for (int i = 0; i < names.size(); i++) {
                                        node.set(names.get(i), values.get(i));
                                    }
                                    return (JsonNode) node;
                                });
        Arbitrary<Charset> charsets =
                Arbitraries.frequencyOf(
                        Tuple.of(8, Arbitraries.just(StandardCharsets.UTF_8)),
                        Tuple.of(
                                2,
                                Arbitraries.of(
                                        StandardCharsets.UTF_16,
                                        StandardCharsets.UTF_16LE,
                                        StandardCharsets.ISO_8859_1)));
        Arbitrary<byte[]> json =
                Combinators.combine(Arbitraries.oneOf(object, value), charsets)
                        .as((node, charset) -> node.toString().getBytes(charset));
        Arbitrary<byte[]> notJson =
                Arbitraries.oneOf(
                        Arbitraries.strings()
                                .all()
                                .ofMaxLength(200)
                                .map(s -> s.getBytes(StandardCharsets.UTF_8)),
                        Arbitraries.bytes().array(byte[].class).ofMaxSize(200),
                        Arbitraries.of(
                                        "{",
                                        "{\"track_id\":",
                                        "{\"track_id\":\"t0\"}}",
                                        "{\"track_id\":\"t0\",}",
                                        "{'track_id':'t0'}",
                                        "{\"track_id\":\"t0\"} trailing",
                                        "[]",
                                        "null",
                                        "\"t0\"",
                                        "track_id=t0&top_n=5",
                                        "<recommend><track_id>t0</track_id></recommend>",
                                        "{\"top_n\":1e400}",
                                        "{\"top_n\":99999999999999999999999}",
                                        "{\"track_id\":\"\\ud800\"}",
                                        "{\"user_id\":\"a\\u0000b\",\"track_id\":\"t0\","
                                                + "\"interaction_type\":\"play\"}")
                                .map(s -> s.getBytes(StandardCharsets.UTF_8)));
        Arbitrary<byte[]> huge =
                Arbitraries.integers()
                        .between(16 * 1024 + 1, 300_000)
                        .map(
                                n ->
                                        ("{\"track_id\":\"t0\",\"user_id\":\""
                                                        + "u".repeat(n)
                                                        + "\"}")
                                                .getBytes(StandardCharsets.UTF_8));
        // Well-formed requests of the two POST endpoints, so their happy paths (202, 200) and the
        // Kafka-down 503 are exercised too, not only their rejections.
        Arbitrary<String> ids = ids();
        Arbitrary<byte[]> wellFormed =
                Combinators.combine(
                                ids,
                                Arbitraries.of("t0", "t1", "t2", "t3", "t4", "u5", "u6", "zz"),
                                Arbitraries.of("play", "like", "skip"),
                                Arbitraries.integers().between(1, 100),
                                Arbitraries.of(true, false))
                        .as(
                                (user, track, type, topN, interact) -> {
                                    ObjectNode node = JSON.createObjectNode();
                                    node.put("track_id", track);
                                    node.put("user_id", user);
                                    if (interact) {
                                        node.put("interaction_type", type);
                                    } else {
                                        node.put("top_n", topN);
                                    }
                                    return node.toString().getBytes(StandardCharsets.UTF_8);
                                });
        return Arbitraries.frequencyOf(
                Tuple.of(20, Arbitraries.just((byte[]) null)),
                Tuple.of(20, wellFormed),
                Tuple.of(40, json),
                Tuple.of(17, notJson),
                Tuple.of(8, huge));
    }

    private static Arbitrary<JsonNode> jsonValues() {
        return Arbitraries.frequencyOf(
                Tuple.of(
                        5,
                        Arbitraries.of(
                                        "t0",
                                        "t1",
                                        "t4",
                                        "u5",
                                        "u6",
                                        "nobody",
                                        "fuzz-user",
                                        "play",
                                        "like",
                                        "skip",
                                        "PLAY",
                                        "none",
                                        "played",
                                        "skipped",
                                        "heard",
                                        TinyModel.VERSION,
                                        "",
                                        " ",
                                        "\t")
                                .map(s -> (JsonNode) JSON.getNodeFactory().textNode(s))),
                Tuple.of(
                        3,
                        Arbitraries.strings()
                                .all()
                                .ofMaxLength(200)
                                .map(s -> (JsonNode) JSON.getNodeFactory().textNode(s))),
                Tuple.of(
                        3,
                        Arbitraries.oneOf(
                                Arbitraries.integers()
                                        .map(i -> (JsonNode) JSON.getNodeFactory().numberNode(i)),
                                Arbitraries.longs()
                                        .map(i -> (JsonNode) JSON.getNodeFactory().numberNode(i)),
                                Arbitraries.doubles()
                                        .map(d -> (JsonNode) JSON.getNodeFactory().numberNode(d)))),
                Tuple.of(
                        2,
                        Arbitraries.of(
                                (JsonNode) JSON.getNodeFactory().nullNode(),
                                JSON.getNodeFactory().booleanNode(true),
                                JSON.createArrayNode().add("t0"),
                                JSON.createObjectNode().put("track_id", "t0"),
                                JSON.getNodeFactory().textNode("z".repeat(5000)))));
    }

    // --- HTTP ---------------------------------------------------------------------------------

    private static HttpRequest build(FuzzRequest r) {
        HttpRequest.Builder builder =
                HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + r.path()))
                        .timeout(Duration.ofSeconds(15));
        HttpRequest.BodyPublisher body;
        if (r.body() == null) {
            body = HttpRequest.BodyPublishers.noBody();
        } else if (r.chunked()) {
            byte[] bytes = r.body();
            body = HttpRequest.BodyPublishers.ofInputStream(() -> new ByteArrayInputStream(bytes));
        } else {
            body = HttpRequest.BodyPublishers.ofByteArray(r.body());
        }
        builder.method(r.method(), body);
        if (r.contentType() != null) {
            builder.header("Content-Type", r.contentType());
        }
        if (r.accept() != null) {
            builder.header("Accept", r.accept());
        }
        if (r.auth() != null) {
            builder.header("Authorization", r.auth());
        }
        return builder.build();
    }

    private static HttpRequest get(String path) {
        return HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + path))
                .timeout(Duration.ofSeconds(10))
                .build();
    }

    private static HttpResponse<byte[]> send(HttpRequest request)
            throws IOException, InterruptedException {
        return HTTP.send(request, HttpResponse.BodyHandlers.ofByteArray());
    }

    /** Kafka as the property needs it, and the app seeing it so. */
    private static synchronized void ensureKafka(boolean up) {
        if (up && kafkaDown) {
            stack.kafka().restart();
            kafkaDown = false;
            awaitKafka(true);
        } else if (!up && !kafkaDown) {
            stack.kafka().stop();
            kafkaDown = true;
            awaitKafka(false);
        }
    }

    private static void awaitKafka(boolean connected) {
        await("kafka connected=" + connected)
                .atMost(Duration.ofSeconds(60))
                .pollInterval(Duration.ofMillis(200))
                .until(
                        () -> {
                            HttpResponse<byte[]> stats = send(get("/api/stats"));
                            return JSON.readTree(stats.body()).at("/kafka/connected").asBoolean()
                                    == connected;
                        });
    }

    private static String encode(String s) {
        return URLEncoder.encode(s, StandardCharsets.UTF_8).replace("+", "%20");
    }

    private static String basic(String credentials) {
        return "Basic "
                + Base64.getEncoder().encodeToString(credentials.getBytes(StandardCharsets.UTF_8));
    }
}
