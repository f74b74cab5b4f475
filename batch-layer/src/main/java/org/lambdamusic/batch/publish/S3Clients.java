package org.lambdamusic.batch.publish;

import java.net.URI;
import java.time.Duration;
import org.lambdamusic.contracts.config.ObjectStoreSettings;
import software.amazon.awssdk.auth.credentials.AwsBasicCredentials;
import software.amazon.awssdk.auth.credentials.StaticCredentialsProvider;
import software.amazon.awssdk.http.apache.ApacheHttpClient;
import software.amazon.awssdk.regions.Region;
import software.amazon.awssdk.services.s3.S3Client;
import software.amazon.awssdk.services.s3.S3ClientBuilder;

/**
 * The job's one way to an S3-compatible store through the AWS SDK v2: the embedded local store,
 * MinIO or AWS itself (an empty S3_ENDPOINT). Custom endpoints get path-style addressing.
 */
public final class S3Clients {
    private S3Clients() {}

    public static S3Client open(ObjectStoreSettings settings) {
        S3ClientBuilder builder =
                S3Client.builder()
                        .region(Region.of(settings.region()))
                        .credentialsProvider(
                                StaticCredentialsProvider.create(
                                        AwsBasicCredentials.create(
                                                settings.accessKey(), settings.secretKey())))
                        .httpClientBuilder(
                                ApacheHttpClient.builder()
                                        .connectionTimeout(Duration.ofSeconds(3))
                                        .socketTimeout(Duration.ofSeconds(60)));
        if (settings.hasCustomEndpoint()) {
            builder.endpointOverride(URI.create(settings.endpoint())).forcePathStyle(true);
        }
        return builder.build();
    }
}
