package org.lambdamusic.contracts.config;

import java.util.Map;

/**
 * How to reach the S3-compatible object store. Every layer reads the same environment variables;
 * the defaults (written only here) are those of the embedded local store.
 *
 * <table>
 *   <tr><th>variable</th><th>default</th></tr>
 *   <tr><td>S3_ENDPOINT</td><td>http://127.0.0.1:9000 (empty string: AWS S3 itself)</td></tr>
 *   <tr><td>S3_BUCKET</td><td>recommender</td></tr>
 *   <tr><td>S3_REGION</td><td>us-east-1</td></tr>
 *   <tr><td>S3_ACCESS_KEY</td><td>recommender</td></tr>
 *   <tr><td>S3_SECRET_KEY</td><td>recommender-secret</td></tr>
 * </table>
 */
public record ObjectStoreSettings(
        String endpoint, String bucket, String region, String accessKey, String secretKey) {

    public static final String DEFAULT_ENDPOINT = "http://127.0.0.1:9000";
    public static final String DEFAULT_BUCKET = "recommender";
    public static final String DEFAULT_REGION = "us-east-1";
    public static final String DEFAULT_ACCESS_KEY = "recommender";
    public static final String DEFAULT_SECRET_KEY = "recommender-secret";

    public static ObjectStoreSettings fromEnvironment() {
        return from(System.getenv());
    }

    public static ObjectStoreSettings from(Map<String, String> env) {
        return new ObjectStoreSettings(
                env.getOrDefault("S3_ENDPOINT", DEFAULT_ENDPOINT),
                env.getOrDefault("S3_BUCKET", DEFAULT_BUCKET),
                env.getOrDefault("S3_REGION", DEFAULT_REGION),
                env.getOrDefault("S3_ACCESS_KEY", DEFAULT_ACCESS_KEY),
                env.getOrDefault("S3_SECRET_KEY", DEFAULT_SECRET_KEY));
    }

    /** The same settings pointing at another endpoint (tests run the store on a free port). */
    public ObjectStoreSettings withEndpoint(String newEndpoint) {
        return new ObjectStoreSettings(newEndpoint, bucket, region, accessKey, secretKey);
    }

    /** A custom endpoint (local store, MinIO) needs path-style addressing; AWS S3 does not. */
    public boolean hasCustomEndpoint() {
        return endpoint != null && !endpoint.isBlank();
    }

    @Override
    public String toString() {
        // Never log the secret.
        return "ObjectStoreSettings[endpoint="
                + endpoint
                + ", bucket="
                + bucket
                + ", region="
                + region
                + ", accessKey="
                + accessKey
                + "]";
    }
}
