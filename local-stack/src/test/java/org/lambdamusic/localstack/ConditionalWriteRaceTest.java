package org.lambdamusic.localstack;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CyclicBarrier;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import software.amazon.awssdk.http.ContentStreamProvider;
import software.amazon.awssdk.http.SdkHttpMethod;
import software.amazon.awssdk.http.SdkHttpRequest;
import software.amazon.awssdk.http.auth.aws.signer.AwsV4HttpSigner;
import software.amazon.awssdk.http.auth.spi.signer.SignedRequest;
import software.amazon.awssdk.identity.spi.AwsCredentialsIdentity;

/**
 * The store's conditional PUTs are atomic, as on AWS S3 and MinIO (s3proxy alone checks and then
 * writes, and two writers naming the same ETag both got 200): writers racing with the same
 * condition, round after round, get exactly one 200 a round, and the object holds the winner's
 * bytes. Plain HTTP requests signed with SigV4, so each writer sees the store's own answer (an S3
 * client would retry).
 */
class ConditionalWriteRaceTest {
    private static final int WRITERS = 6;
    private static final int ROUNDS = Integer.getInteger("race.rounds", 200);
    private static final AwsV4HttpSigner SIGNER = AwsV4HttpSigner.create();

    @TempDir static Path dir;
    static LocalObjectStore store;
    static HttpClient http;
    static ExecutorService threads;

    @BeforeAll
    static void start() {
        store = LocalObjectStore.startOnFreePort(dir);
        http = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1).build();
        threads = Executors.newFixedThreadPool(WRITERS);
    }

    @AfterAll
    static void stop() {
        if (threads != null) {
            threads.shutdownNow();
        }
        if (store != null) {
            store.close();
        }
    }

    /** One writer's answer: its HTTP status, the ETag it got, the bytes it sent. */
    private record Answer(int status, String etag, String body) {}

    @Test
    void ofWritersCreatingOneAbsentKeyExactlyOneSucceeds() throws Exception {
        for (int round = 0; round < ROUNDS; round++) {
            String key = "create-" + round;
            int r = round;
            List<Answer> answers = race(writer -> put(key, "If-None-Match", "*", body(r, writer)));
            assertOneWinner(answers, key, round);
        }
    }

    @Test
    void ofWritersReplacingOneETagExactlyOneSucceeds() throws Exception {
        String key = "replace";
        String etag = put(key, null, null, "first").etag();
        for (int round = 0; round < ROUNDS; round++) {
            String read = etag;
            int r = round;
            List<Answer> answers = race(writer -> put(key, "If-Match", read, body(r, writer)));
            etag = assertOneWinner(answers, key, round).etag();
        }
    }

    private Answer assertOneWinner(List<Answer> answers, String key, int round) throws Exception {
        List<Answer> won = answers.stream().filter(a -> a.status() == 200).toList();
        assertThat(won).as("writers answered 200 in round %d: %s", round, answers).hasSize(1);
        assertThat(answers)
                .as("the others' answers in round %d", round)
                .allMatch(a -> a.status() == 200 || a.status() == 412);
        HttpResponse<String> stored =
                http.send(
                        signed(
                                        SdkHttpRequest.builder()
                                                .method(SdkHttpMethod.GET)
                                                .uri(uri(key))
                                                .build(),
                                        "")
                                .GET()
                                .build(),
                        HttpResponse.BodyHandlers.ofString());
        assertThat(stored.body())
                .as("the object after round %d", round)
                .isEqualTo(won.get(0).body());
        assertThat(stored.headers().firstValue("ETag")).contains(won.get(0).etag());
        return won.get(0);
    }

    private interface Writer {
        Answer write(int writer) throws Exception;
    }

    /** All writers at once (released together by a barrier), each with its own bytes. */
    private List<Answer> race(Writer writer) throws Exception {
        CyclicBarrier start = new CyclicBarrier(WRITERS);
        List<Future<Answer>> pending = new ArrayList<>();
        for (int w = 0; w < WRITERS; w++) {
            int id = w;
            pending.add(
                    threads.submit(
                            () -> {
                                start.await(30, TimeUnit.SECONDS);
                                return writer.write(id);
                            }));
        }
        List<Answer> answers = new ArrayList<>();
        for (Future<Answer> answer : pending) {
            answers.add(answer.get(60, TimeUnit.SECONDS));
        }
        return answers;
    }

    private static String body(int round, int writer) {
        return "round " + round + " writer " + writer;
    }

    private static Answer put(String key, String header, String condition, String body)
            throws Exception {
        SdkHttpRequest.Builder unsigned =
                SdkHttpRequest.builder().method(SdkHttpMethod.PUT).uri(uri(key));
        if (header != null) {
            unsigned.putHeader(header, condition);
        }
        HttpResponse<String> response =
                http.send(
                        signed(unsigned.build(), body)
                                .PUT(HttpRequest.BodyPublishers.ofString(body))
                                .build(),
                        HttpResponse.BodyHandlers.ofString());
        return new Answer(
                response.statusCode(), response.headers().firstValue("ETag").orElse(null), body);
    }

    /** The request with SigV4 headers over its payload ({@code Host} is the HTTP client's own). */
    private static HttpRequest.Builder signed(SdkHttpRequest request, String payload) {
        SignedRequest signed =
                SIGNER.sign(
                        r ->
                                r.identity(
                                                AwsCredentialsIdentity.create(
                                                        store.settings().accessKey(),
                                                        store.settings().secretKey()))
                                        .request(request)
                                        .payload(ContentStreamProvider.fromUtf8String(payload))
                                        .putProperty(AwsV4HttpSigner.SERVICE_SIGNING_NAME, "s3")
                                        .putProperty(
                                                AwsV4HttpSigner.REGION_NAME,
                                                store.settings().region()));
        HttpRequest.Builder builder = HttpRequest.newBuilder(request.getUri());
        signed.request()
                .forEachHeader(
                        (name, values) -> {
                            if (!name.equalsIgnoreCase("Host")) {
                                values.forEach(value -> builder.header(name, value));
                            }
                        });
        return builder;
    }

    private static URI uri(String key) {
        return URI.create(store.endpoint() + "/" + store.settings().bucket() + "/" + key);
    }
}
