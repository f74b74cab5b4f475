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
                                o -> o.addExecutionInterceptor(new NoExpectOnConditionalWrites()));
        if (settings.hasCustomEndpoint()) {
            // Local s3proxy / MinIO: path-style addressing, the bucket is not a DNS name.
            builder.endpointOverride(URI.create(settings.endpoint()))
                    .serviceConfiguration(
                            S3Configuration.builder().pathStyleAccessEnabled(true).build());
        }
        return builder.build();
    }

    /**
     * Sends a conditional write's small body with its headers instead of after a {@code 100
     * Continue}: the local s3proxy answers a failed condition at once and closes the connection,
     * and the JDK client waiting to send the body then failed ("Error writing request body") or
     * hung until its socket timeout instead of reading the 412 (ConditionalObjects, the retrain
     * lease).
     */
    static final class NoExpectOnConditionalWrites implements ExecutionInterceptor {
        @Override
        public SdkHttpRequest modifyHttpRequest(
                Context.ModifyHttpRequest context, ExecutionAttributes attributes) {
            SdkHttpRequest request = context.httpRequest();
            boolean conditional =
                    request.firstMatchingHeader("If-None-Match").isPresent()
                            || request.firstMatchingHeader("If-Match").isPresent();
            return conditional ? request.toBuilder().removeHeader("Expect").build() : request;
        }
    }
}
