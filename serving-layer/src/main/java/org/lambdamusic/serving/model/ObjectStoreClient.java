package org.lambdamusic.serving.model;

import java.net.URI;
import java.time.Duration;
import org.lambdamusic.contracts.config.ObjectStoreSettings;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import software.amazon.awssdk.auth.credentials.AwsBasicCredentials;
import software.amazon.awssdk.auth.credentials.StaticCredentialsProvider;
import software.amazon.awssdk.core.interceptor.Context;
import software.amazon.awssdk.core.interceptor.ExecutionAttributes;
import software.amazon.awssdk.core.interceptor.ExecutionInterceptor;
import software.amazon.awssdk.http.SdkHttpRequest;
import software.amazon.awssdk.http.urlconnection.UrlConnectionHttpClient;
import software.amazon.awssdk.regions.Region;
import software.amazon.awssdk.services.s3.S3Client;
import software.amazon.awssdk.services.s3.S3Configuration;

/** The S3 client the model store reads through, built from the shared object-store settings. */
@Configuration(proxyBeanMethods = false)
public class ObjectStoreClient {

    @Bean(destroyMethod = "close")
    public S3Client s3Client(ObjectStoreSettings settings) {
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
                                        .socketTimeout(Duration.ofSeconds(30)))
                        .overrideConfiguration(
                                o -> o.addExecutionInterceptor(new NoExpectContinue()));
        if (settings.hasCustomEndpoint()) {
            // Local s3proxy / MinIO: path-style addressing, the bucket is not a DNS name.
            builder.endpointOverride(URI.create(settings.endpoint()))
                    .serviceConfiguration(
                            S3Configuration.builder().pathStyleAccessEnabled(true).build());
        }
        return builder.build();
    }

    /**
     * Sends every write's body with its headers instead of after a {@code 100 Continue}. The bodies
     * this app writes are small JSON (lease, journal, LATEST); model artifacts are the batch job's.
     * Two reasons, both seen against the local s3proxy: (1) it answers a failed condition at once
     * and closes the connection, and the JDK client waiting to send the body then failed ("Error
     * writing request body") or hung until its socket timeout instead of reading the 412; (2) the
     * JDK keeps that closed connection in its keep-alive cache, and the next write that picks it
     * fails inside the SDK's 100-continue handling with an UncheckedIOException ("Unexpected end of
     * file from server") that the SDK neither retries nor wraps: a 500 from POST /api/admin/retrain
     * in RetrainTwoInstancesTest. Without the expectation, a stale connection fails as an ordinary
     * I/O error, which the SDK retries on a new one.
     */
    static final class NoExpectContinue implements ExecutionInterceptor {
        @Override
        public SdkHttpRequest modifyHttpRequest(
                Context.ModifyHttpRequest context, ExecutionAttributes attributes) {
            SdkHttpRequest request = context.httpRequest();
            return request.firstMatchingHeader("Expect").isPresent()
                    ? request.toBuilder().removeHeader("Expect").build()
                    : request;
        }
    }
}
