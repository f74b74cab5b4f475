package org.lambdamusic.localstack;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.HttpURLConnection;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.lambdamusic.contracts.config.ObjectStoreSettings;
import org.lambdamusic.localstack.supervisor.Ports;
import org.lambdamusic.localstack.supervisor.ProcessSpec;
import org.lambdamusic.localstack.supervisor.Readiness;
import org.lambdamusic.localstack.supervisor.SupervisedProcess;
import org.lambdamusic.localstack.supervisor.Supervisor;

/**
 * A real S3-compatible server (s3proxy over the local file system) on 127.0.0.1, backed by files
 * under {@code dataDir/s3}, with the configured bucket created before it starts. Clients reach it
 * only through the S3 API, so pointing them at AWS S3 or MinIO is a matter of configuration. Its
 * conditional writes are atomic, as there: it runs as {@link
 * org.lambdamusic.localstack.s3.ObjectStoreServer}, which puts a lock around s3proxy's
 * check-then-write.
 */
public final class LocalObjectStore implements AutoCloseable {
    private static final Duration START_TIMEOUT = Duration.ofSeconds(60);

    private final ObjectStoreSettings settings;
    private final Path dataDir;
    private final int port;
    private SupervisedProcess process;

    private LocalObjectStore(ObjectStoreSettings settings, Path dataDir, int port) {
        this.settings = settings;
        this.dataDir = dataDir;
        this.port = port;
    }

    /** For tests: a store on a free port with the default bucket and credentials. */
    public static LocalObjectStore startOnFreePort(Path dataDir) {
        int port = Ports.free();
        ObjectStoreSettings settings =
                ObjectStoreSettings.from(Map.of()).withEndpoint("http://127.0.0.1:" + port);
        return start(settings, dataDir);
    }

    /** Starts a store listening on the port of {@code settings.endpoint()}. */
    public static LocalObjectStore start(ObjectStoreSettings settings, Path dataDir) {
        int port = URI.create(settings.endpoint()).getPort();
        if (port <= 0) {
            throw new IllegalArgumentException(
                    "S3_ENDPOINT must name a port for the local store: " + settings.endpoint());
        }
        LocalObjectStore store = new LocalObjectStore(settings, dataDir.toAbsolutePath(), port);
        store.launch();
        return store;
    }

    private void launch() {
        if (Ports.isOpen(port)) {
            throw new IllegalStateException("port " + port + " is already in use");
        }
        try {
            Path root = Files.createDirectories(dataDir.resolve("s3"));
            // The file-system blob store maps a bucket to a directory: creating it here means the
            // bucket exists the moment the server answers.
            Files.createDirectories(root.resolve(settings.bucket()));
            Path config = dataDir.resolve("s3proxy.properties");
            Files.writeString(
                    config,
                    String.join(
                            "\n",
                            "s3proxy.endpoint=http://127.0.0.1:" + port,
                            "s3proxy.authorization=aws-v2-or-v4",
                            "s3proxy.identity=" + settings.accessKey(),
                            "s3proxy.credential=" + settings.secretKey(),
                            "jclouds.provider=filesystem-nio2",
                            "jclouds.filesystem.basedir=" + root,
                            ""));
            process =
                    new Supervisor(dataDir)
                            .spawn(
                                    ProcessSpec.of(
                                            "s3",
                                            List.of(
                                                    Runtimes.javaBinary(),
                                                    "-Xmx256m",
                                                    "-XX:+UseSerialGC",
                                                    "-cp",
                                                    Runtimes.s3proxyClasspath(),
                                                    "org.lambdamusic.localstack.s3.ObjectStoreServer",
                                                    "--properties",
                                                    config.toString())));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        process.awaitReady(Readiness.when("HTTP answers", this::answersHttp), START_TIMEOUT);
    }

    private boolean answersHttp() {
        try {
            HttpURLConnection connection =
                    (HttpURLConnection) URI.create(endpoint() + "/").toURL().openConnection();
            connection.setConnectTimeout(200);
            connection.setReadTimeout(1000);
            int status = connection.getResponseCode();
            connection.disconnect();
            return status > 0;
        } catch (IOException e) {
            return false;
        }
    }

    public ObjectStoreSettings settings() {
        return settings;
    }

    public String endpoint() {
        return "http://127.0.0.1:" + port;
    }

    public int port() {
        return port;
    }

    public long pid() {
        return process.pid();
    }

    public Path log() {
        return process.log();
    }

    /** Stops the server; its files stay, so {@link #restart()} serves the same objects. */
    public void stop() {
        process.stop(Duration.ofSeconds(10));
    }

    public void restart() {
        stop();
        launch();
    }

    @Override
    public void close() {
        stop();
    }
}
