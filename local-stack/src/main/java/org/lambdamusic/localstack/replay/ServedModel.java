package org.lambdamusic.localstack.replay;

import java.io.IOException;
import java.io.InputStream;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.time.Duration;
import org.lambdamusic.contracts.config.ObjectStoreSettings;
import org.lambdamusic.contracts.model.ArtifactLayout;
import org.lambdamusic.contracts.model.ArtifactSource;
import org.lambdamusic.contracts.model.ArtifactSourceException;
import org.lambdamusic.contracts.model.ModelContent;
import org.lambdamusic.contracts.model.ModelFormatException;
import org.lambdamusic.contracts.model.ModelReader;
import software.amazon.awssdk.auth.credentials.AwsBasicCredentials;
import software.amazon.awssdk.auth.credentials.StaticCredentialsProvider;
import software.amazon.awssdk.core.exception.SdkException;
import software.amazon.awssdk.http.urlconnection.UrlConnectionHttpClient;
import software.amazon.awssdk.regions.Region;
import software.amazon.awssdk.services.s3.S3Client;
import software.amazon.awssdk.services.s3.S3Configuration;
import software.amazon.awssdk.services.s3.model.NoSuchKeyException;

/**
 * Loads the model version whose catalogue a replay plays from, through contracts' {@link
 * ModelReader} (verified as the serving layer verifies it):
 *
 * <ul>
 *   <li>{@code s3://<bucket>/<root>}: the version {@code <root>/LATEST} names, the one being served
 *       (the default is {@code s3://$S3_BUCKET/$MODEL_ROOT}, {@code MODEL_ROOT} as the serving
 *       layer's, default {@code models}), through the {@code S3_*} settings;
 *   <li>{@code file:///dir} or a path: a version directory (it holds {@code manifest.json}) or a
 *       model root (it holds {@code LATEST}), as {@code ./pipeline batch --output file:///...}
 *       writes them.
 * </ul>
 */
public final class ServedModel {
    private ServedModel() {}

    public static String defaultLocation(ObjectStoreSettings settings, String modelRoot) {
        return "s3://" + settings.bucket() + "/" + new ArtifactLayout(modelRoot).root();
    }

    public static ModelContent load(String location, ObjectStoreSettings settings) {
        try {
            if (location.startsWith("s3://")) {
                return fromObjectStore(URI.create(location), settings);
            }
            Path dir =
                    location.startsWith("file:")
                            ? Path.of(URI.create(location))
                            : Path.of(location);
            return fromDirectory(dir.toAbsolutePath().normalize());
        } catch (ModelFormatException e) {
            throw new IllegalStateException(
                    "the model at " + location + " is not usable: " + e.getMessage(), e);
        } catch (ArtifactSourceException e) {
            throw new IllegalStateException(
                    "reading the model at " + location + " failed: " + e.getMessage(), e);
        }
    }

    private static ModelContent fromDirectory(Path dir) throws ModelFormatException {
        if (Files.isRegularFile(dir.resolve(ArtifactLayout.MANIFEST))) {
            return ModelReader.read(dir.getFileName().toString(), ArtifactSource.directory(dir));
        }
        Path latest = dir.resolve(ArtifactLayout.LATEST);
        if (!Files.isRegularFile(latest)) {
            throw new IllegalArgumentException(
                    "--catalog "
                            + dir
                            + " is neither a model version (manifest.json) nor a model root"
                            + " (LATEST)");
        }
        try {
            String version = Files.readString(latest, StandardCharsets.UTF_8).trim();
            Path versionDir = dir.resolve(version);
            return ModelReader.read(version, ArtifactSource.directory(versionDir));
        } catch (IOException e) {
            throw new IllegalStateException("cannot read " + latest + ": " + e.getMessage(), e);
        }
    }

    private static ModelContent fromObjectStore(URI location, ObjectStoreSettings settings)
            throws ModelFormatException {
        String bucket = location.getHost();
        ArtifactLayout layout = new ArtifactLayout(location.getPath());
        try (S3Client s3 = client(settings)) {
            String version;
            try {
                version =
                        s3.getObjectAsBytes(b -> b.bucket(bucket).key(layout.latestKey()))
                                .asString(StandardCharsets.UTF_8)
                                .trim();
            } catch (NoSuchKeyException e) {
                throw new IllegalStateException(
                        "no model is served: s3://"
                                + bucket
                                + "/"
                                + layout.latestKey()
                                + " does not exist (./pipeline up publishes one)");
            } catch (SdkException e) {
                throw new IllegalStateException(
                        "cannot read s3://"
                                + bucket
                                + "/"
                                + layout.latestKey()
                                + " at "
                                + settings.endpoint()
                                + ": "
                                + e.getMessage(),
                        e);
            }
            ArtifactSource source =
                    file -> {
                        try {
                            InputStream in =
                                    s3.getObject(
                                            b ->
                                                    b.bucket(bucket)
                                                            .key(layout.fileKey(version, file)));
                            return in;
                        } catch (NoSuchKeyException e) {
                            throw new NoSuchFileException(file);
                        } catch (SdkException e) {
                            throw new IOException(e.getMessage(), e);
                        }
                    };
            return ModelReader.read(version, source);
        }
    }

    /** As the serving layer's client: path-style for a custom endpoint, url-connection HTTP. */
    private static S3Client client(ObjectStoreSettings settings) {
        var builder =
                S3Client.builder()
                        .region(Region.of(settings.region()))
                        .credentialsProvider(
                                StaticCredentialsProvider.create(
                                        AwsBasicCredentials.create(
                                                settings.accessKey(), settings.secretKey())))
                        .httpClientBuilder(
                                UrlConnectionHttpClient.builder()
                                        .connectionTimeout(Duration.ofSeconds(2))
                                        .socketTimeout(Duration.ofSeconds(30)));
        if (settings.hasCustomEndpoint()) {
            builder.endpointOverride(URI.create(settings.endpoint()))
                    .serviceConfiguration(
                            S3Configuration.builder().pathStyleAccessEnabled(true).build());
        }
        return builder.build();
    }
}
