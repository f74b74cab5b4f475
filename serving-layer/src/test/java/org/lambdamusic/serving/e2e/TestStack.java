package org.lambdamusic.serving.e2e;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Supplier;
import org.lambdamusic.contracts.config.ObjectStoreSettings;
import org.lambdamusic.localstack.LocalKafkaBroker;
import org.lambdamusic.localstack.LocalObjectStore;
import org.springframework.test.context.DynamicPropertyRegistry;

/**
 * The real S3-compatible store and Kafka broker of local-stack, on free ports, for the tests that
 * run the whole app against them. The two servers are started once per JVM, on first use, and
 * stopped when it exits: every test class shares them. Each {@link #withOwnBucket()} gets a new,
 * empty bucket, so a class's models, interaction archive and retrain journal are its own; the
 * broker's topics are shared (their names are the contract), so each test acts as listeners of its
 * own.
 */
public final class TestStack implements AutoCloseable {
    private static final AtomicInteger BUCKETS = new AtomicInteger();
    private static LocalObjectStore s3;
    private static LocalKafkaBroker kafka;

    private final ObjectStoreSettings settings;

    private TestStack(ObjectStoreSettings settings) {
        this.settings = settings;
    }

    /** The JVM's store and broker (started if this is the first use) and a new bucket in it. */
    public static TestStack withOwnBucket() {
        startServersOnce();
        ObjectStoreSettings base = s3.settings();
        ObjectStoreSettings own =
                new ObjectStoreSettings(
                        base.endpoint(),
                        "test-" + BUCKETS.incrementAndGet(),
                        base.region(),
                        base.accessKey(),
                        base.secretKey());
        try (StoredModels store = new StoredModels(own)) {
            store.createBucket();
        }
        return new TestStack(own);
    }

    private static synchronized void startServersOnce() {
        if (s3 != null) {
            return;
        }
        Path dir;
        try {
            dir = Files.createTempDirectory("serving-test-stack");
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        LocalObjectStore store = LocalObjectStore.startOnFreePort(dir.resolve("s3"));
        try {
            kafka = LocalKafkaBroker.startOnFreePort(dir.resolve("kafka"));
        } catch (RuntimeException e) {
            store.close();
            throw e;
        }
        s3 = store;
        Runtime.getRuntime()
                .addShutdownHook(
                        new Thread(
                                () -> {
                                    try {
                                        kafka.close();
                                    } finally {
                                        s3.close();
                                    }
                                },
                                "test-stack-stop"));
    }

    /**
     * Points the app at the stack. The supplier is read when the Spring context starts, which is
     * after the test class's {@code @BeforeAll} has taken its bucket.
     */
    public static void connect(DynamicPropertyRegistry registry, Supplier<TestStack> stack) {
        registry.add("S3_ENDPOINT", () -> stack.get().s3Settings().endpoint());
        registry.add("S3_BUCKET", () -> stack.get().s3Settings().bucket());
        registry.add("KAFKA_BOOTSTRAP_SERVERS", () -> stack.get().kafka().bootstrapServers());
    }

    /** The store, with this class's own bucket. */
    public ObjectStoreSettings s3Settings() {
        return settings;
    }

    public LocalKafkaBroker kafka() {
        return kafka;
    }

    /**
     * Leaves the servers to the next test class, the broker running: a class that stopped it to
     * test an outage and failed before restarting it must not fail the classes after it.
     */
    @Override
    public void close() {
        if (!kafka.isRunning()) {
            kafka.restart();
        }
    }
}
