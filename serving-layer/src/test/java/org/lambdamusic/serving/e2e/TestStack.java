package org.lambdamusic.serving.e2e;

import java.nio.file.Path;
import java.util.function.Supplier;
import org.lambdamusic.contracts.config.ObjectStoreSettings;
import org.lambdamusic.localstack.LocalKafkaBroker;
import org.lambdamusic.localstack.LocalObjectStore;
import org.springframework.test.context.DynamicPropertyRegistry;

/**
 * The real S3-compatible store and Kafka broker of local-stack, on free ports, for the tests that
 * run the whole app against them.
 */
public final class TestStack implements AutoCloseable {
    private final LocalObjectStore s3;
    private final LocalKafkaBroker kafka;

    private TestStack(LocalObjectStore s3, LocalKafkaBroker kafka) {
        this.s3 = s3;
        this.kafka = kafka;
    }

    /** Starts both servers with their data under {@code dir}. */
    public static TestStack start(Path dir) {
        LocalObjectStore s3 = LocalObjectStore.startOnFreePort(dir.resolve("s3"));
        try {
            return new TestStack(s3, LocalKafkaBroker.startOnFreePort(dir.resolve("kafka")));
        } catch (RuntimeException e) {
            s3.close();
            throw e;
        }
    }

    /**
     * Points the app at the stack. The supplier is read when the Spring context starts, which is
     * after the test class's {@code @BeforeAll} has started the stack.
     */
    public static void connect(DynamicPropertyRegistry registry, Supplier<TestStack> stack) {
        registry.add("S3_ENDPOINT", () -> stack.get().s3Settings().endpoint());
        registry.add("S3_BUCKET", () -> stack.get().s3Settings().bucket());
        registry.add("KAFKA_BOOTSTRAP_SERVERS", () -> stack.get().kafka().bootstrapServers());
    }

    public ObjectStoreSettings s3Settings() {
        return s3.settings();
    }

    public LocalKafkaBroker kafka() {
        return kafka;
    }

    @Override
    public void close() {
        try {
            kafka.close();
        } finally {
            s3.close();
        }
    }
}
