package org.lambdamusic.localstack.s3;

import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Properties;
import org.gaul.s3proxy.BlobStores;
import org.gaul.s3proxy.S3Proxy;

/**
 * The local S3-compatible server: s3proxy's file-system store behind {@link
 * AtomicConditionalWrites}, configured by an s3proxy properties file ({@code s3proxy.endpoint},
 * {@code s3proxy.authorization}, {@code s3proxy.identity}, {@code s3proxy.credential}, {@code
 * jclouds.provider}, {@code jclouds.filesystem.basedir}). Runs in a child JVM on s3proxy's own jar
 * (see {@code LocalObjectStore}), so no layer inherits s3proxy's dependencies.
 *
 * <p>Usage: {@code ObjectStoreServer --properties <file>}, as s3proxy's own main.
 */
public final class ObjectStoreServer {
    private ObjectStoreServer() {}

    public static void main(String[] args) throws Exception {
        if (args.length != 2 || !args[0].equals("--properties")) {
            System.err.println("usage: ObjectStoreServer --properties <file>");
            System.exit(2);
        }
        Properties properties = load(Path.of(args[1]));
        S3Proxy server =
                S3Proxy.Builder.fromProperties(properties)
                        .blobStore(
                                new AtomicConditionalWrites(
                                        BlobStores.create(
                                                properties.getProperty("jclouds.provider"),
                                                properties)))
                        .build();
        server.start();
        Runtime.getRuntime()
                .addShutdownHook(
                        new Thread(
                                () -> {
                                    try {
                                        server.stop();
                                    } catch (Exception e) {
                                        // Exiting anyway; the files are written.
                                    }
                                },
                                "object-store-shutdown"));
    }

    private static Properties load(Path file) throws IOException {
        Properties properties = new Properties();
        try (InputStream in = Files.newInputStream(file)) {
            properties.load(in);
        }
        return properties;
    }
}
