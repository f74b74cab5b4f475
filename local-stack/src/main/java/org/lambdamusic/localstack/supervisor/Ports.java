package org.lambdamusic.localstack.supervisor;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.Socket;

/** Loopback ports: is one answering, and a free one for tests and benchmarks. */
public final class Ports {
    private Ports() {}

    public static boolean isOpen(int port) {
        try (Socket socket = new Socket()) {
            socket.connect(new InetSocketAddress("127.0.0.1", port), 200);
            return true;
        } catch (IOException e) {
            return false;
        }
    }

    public static int free() {
        try (ServerSocket socket = new ServerSocket(0)) {
            socket.setReuseAddress(true);
            return socket.getLocalPort();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /**
     * Fails when something already listens on the port: a readiness check would otherwise talk to
     * the wrong server (another checkout's cluster, the embedded pipeline).
     */
    public static void requireFree(int port, String forWhat) {
        if (isOpen(port)) {
            throw new IllegalStateException(
                    "port "
                            + port
                            + " (for "
                            + forWhat
                            + ") is already in use on 127.0.0.1: stop what listens there (ss -ltnp"
                            + " | grep :"
                            + port
                            + ")");
        }
    }
}
