package org.lambdamusic.localstack;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.Paths;
import org.lambdamusic.contracts.config.KafkaSettings;
import org.lambdamusic.contracts.config.ObjectStoreSettings;

/**
 * Starts the embedded servers for {@code ./pipeline up} and leaves them running after this JVM
 * exits (pid in {@code <data>/run/<name>.pid}, log in {@code <data>/log/<name>.log}).
 *
 * <pre>
 * start s3    --data DIR   S3-compatible store on the port of S3_ENDPOINT (default 9000)
 * start kafka --data DIR   KRaft broker on the port of KAFKA_BOOTSTRAP_SERVERS (default 9092),
 *                          controller on KAFKA_CONTROLLER_PORT (default broker port + 1)
 * topics      --data DIR   create the contract topics on KAFKA_BOOTSTRAP_SERVERS
 *                          (replication KAFKA_REPLICATION_FACTOR, default 1)
 * </pre>
 */
public final class LocalStackCli {
    private LocalStackCli() {}

    public static void main(String[] args) {
        try {
            run(args);
        } catch (IllegalArgumentException | IllegalStateException e) {
            System.err.println("local-stack: " + e.getMessage());
            System.exit(1);
        }
    }

    private static void run(String[] args) {
        if (args.length >= 3 && "start".equals(args[0]) && "--data".equals(args[2])) {
            Path data = dataDir(args, 3);
            switch (args[1]) {
                case "s3" -> startObjectStore(data);
                case "kafka" -> startKafka(data);
                default -> usage();
            }
        } else if (args.length >= 1 && "topics".equals(args[0])) {
            Path data =
                    args.length >= 3 && "--data".equals(args[1])
                            ? dataDir(args, 2)
                            : Paths.get("var");
            String bootstrap = KafkaSettings.fromEnvironment().bootstrapServers();
            int replication = Integer.parseInt(env("KAFKA_REPLICATION_FACTOR", "1"));
            LocalKafkaBroker.provisionTopics(
                    bootstrap, replication, data.resolve("log/kafka-topics.log"));
            System.out.println("topics ready bootstrap=" + bootstrap);
        } else {
            usage();
        }
    }

    private static void startObjectStore(Path data) {
        ObjectStoreSettings settings = ObjectStoreSettings.fromEnvironment();
        LocalObjectStore store = LocalObjectStore.start(settings, data);
        writePid(data, "s3", store.pid());
        System.out.println(
                "ready name=s3 endpoint="
                        + store.endpoint()
                        + " bucket="
                        + settings.bucket()
                        + " pid="
                        + store.pid()
                        + " log="
                        + store.log());
    }

    private static void startKafka(Path data) {
        String bootstrap = KafkaSettings.fromEnvironment().bootstrapServers().split(",")[0];
        int port = Integer.parseInt(bootstrap.substring(bootstrap.lastIndexOf(':') + 1));
        int controllerPort =
                Integer.parseInt(env("KAFKA_CONTROLLER_PORT", Integer.toString(port + 1)));
        LocalKafkaBroker broker = LocalKafkaBroker.start(data, port, controllerPort);
        writePid(data, "kafka", broker.pid());
        System.out.println(
                "ready name=kafka bootstrap="
                        + broker.bootstrapServers()
                        + " pid="
                        + broker.pid()
                        + " log="
                        + broker.log());
    }

    private static Path dataDir(String[] args, int index) {
        if (args.length <= index) {
            usage();
        }
        return Paths.get(args[index]).toAbsolutePath();
    }

    private static void writePid(Path data, String name, long pid) {
        try {
            Path run = Files.createDirectories(data.resolve("run"));
            Files.writeString(run.resolve(name + ".pid"), Long.toString(pid));
        } catch (IOException e) {
            throw new IllegalStateException("cannot write pid file: " + e.getMessage(), e);
        }
    }

    private static String env(String name, String fallback) {
        String value = System.getenv(name);
        return value == null || value.isBlank() ? fallback : value;
    }

    private static void usage() {
        throw new IllegalArgumentException(
                "usage: start s3|kafka --data DIR | topics [--data DIR]");
    }
}
