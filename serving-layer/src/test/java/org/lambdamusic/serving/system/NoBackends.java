package org.lambdamusic.serving.system;

import java.io.IOException;
import java.net.ServerSocket;
import org.springframework.test.context.DynamicPropertyRegistry;

/**
 * For a whole-app test of the web layer alone: the object store and Kafka at a port nothing listens
 * on (a port just closed), no retrain schedule. The app starts, serves no model until a test swaps
 * one in, and reports its backends as unreachable.
 */
public final class NoBackends {
    private NoBackends() {}

    public static void register(DynamicPropertyRegistry registry) throws IOException {
        int closed;
        try (ServerSocket socket = new ServerSocket(0)) {
            closed = socket.getLocalPort();
        }
        registry.add("S3_ENDPOINT", () -> "http://127.0.0.1:" + closed);
        registry.add("KAFKA_BOOTSTRAP_SERVERS", () -> "127.0.0.1:" + closed);
        registry.add("serving.retrain.cron", () -> "-");
    }
}
