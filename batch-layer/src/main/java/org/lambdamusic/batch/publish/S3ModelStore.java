package org.lambdamusic.batch.publish;

import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import org.lambdamusic.batch.BatchJobException;
import org.lambdamusic.contracts.config.ObjectStoreSettings;
import org.lambdamusic.contracts.model.ArtifactLayout;
import software.amazon.awssdk.core.exception.SdkClientException;
import software.amazon.awssdk.core.exception.SdkException;
import software.amazon.awssdk.core.sync.RequestBody;
import software.amazon.awssdk.services.s3.S3Client;
import software.amazon.awssdk.services.s3.model.CommonPrefix;
import software.amazon.awssdk.services.s3.model.ListObjectsV2Request;
import software.amazon.awssdk.services.s3.model.ListObjectsV2Response;
import software.amazon.awssdk.services.s3.model.NoSuchBucketException;
import software.amazon.awssdk.services.s3.model.S3Exception;
import software.amazon.awssdk.services.s3.model.S3Object;

/** A bucket on any S3-compatible server through the AWS SDK v2 ({@link S3Clients}). */
final class S3ModelStore implements ModelStore {
    private final S3Client s3;
    private final String bucket;
    private final String endpoint;
    private final ArtifactLayout layout;

    S3ModelStore(OutputLocation location, ObjectStoreSettings settings) {
        this.bucket = location.bucket();
        this.layout = new ArtifactLayout(location.root());
        this.endpoint = settings.hasCustomEndpoint() ? settings.endpoint() : "AWS S3";
        this.s3 = S3Clients.open(settings);
    }

    @Override
    public ArtifactLayout layout() {
        return layout;
    }

    @Override
    public void checkReachable() {
        try {
            s3.headBucket(b -> b.bucket(bucket));
        } catch (NoSuchBucketException e) {
            throw new BatchJobException("bucket '" + bucket + "' does not exist at " + endpoint);
        } catch (S3Exception e) {
            throw new BatchJobException(
                    e.statusCode() == 404
                            ? "bucket '" + bucket + "' does not exist at " + endpoint
                            : "object store at "
                                    + endpoint
                                    + " refused access to bucket '"
                                    + bucket
                                    + "' (HTTP "
                                    + e.statusCode()
                                    + ")");
        } catch (SdkClientException e) {
            throw new BatchJobException(
                    "object store unreachable at " + endpoint + ": " + rootMessage(e));
        }
    }

    @Override
    public void put(String key, byte[] bytes) {
        try {
            s3.putObject(b -> b.bucket(bucket).key(key), RequestBody.fromBytes(bytes));
        } catch (SdkException e) {
            throw failure("writing", key, e);
        }
    }

    @Override
    public long size(String key) {
        try {
            return s3.headObject(b -> b.bucket(bucket).key(key)).contentLength();
        } catch (S3Exception e) {
            if (e.statusCode() == 404) {
                return -1;
            }
            throw failure("reading", key, e);
        } catch (SdkException e) {
            throw failure("reading", key, e);
        }
    }

    @Override
    public Optional<byte[]> get(String key) {
        try {
            return Optional.of(s3.getObjectAsBytes(b -> b.bucket(bucket).key(key)).asByteArray());
        } catch (S3Exception e) {
            if (e.statusCode() == 404) {
                return Optional.empty();
            }
            throw failure("reading", key, e);
        } catch (SdkException e) {
            throw failure("reading", key, e);
        }
    }

    @Override
    public List<String> versionIds() {
        String listPrefix = layout.root().isEmpty() ? "" : layout.root() + "/";
        List<String> ids = new ArrayList<>();
        try {
            ListObjectsV2Request request =
                    ListObjectsV2Request.builder()
                            .bucket(bucket)
                            .prefix(listPrefix)
                            .delimiter("/")
                            .build();
            for (ListObjectsV2Response page : s3.listObjectsV2Paginator(request)) {
                for (CommonPrefix common : page.commonPrefixes()) {
                    String id = common.prefix().substring(listPrefix.length());
                    ids.add(id.endsWith("/") ? id.substring(0, id.length() - 1) : id);
                }
            }
        } catch (SdkException e) {
            throw failure("listing", listPrefix, e);
        }
        return ids;
    }

    @Override
    public void deleteVersion(String version) {
        String prefix = layout.versionPrefix(version);
        try {
            ListObjectsV2Request request =
                    ListObjectsV2Request.builder().bucket(bucket).prefix(prefix).build();
            for (ListObjectsV2Response page : s3.listObjectsV2Paginator(request)) {
                for (S3Object object : page.contents()) {
                    s3.deleteObject(b -> b.bucket(bucket).key(object.key()));
                }
            }
        } catch (SdkException e) {
            throw failure("deleting", prefix, e);
        }
    }

    @Override
    public void close() {
        s3.close();
    }

    private BatchJobException failure(String action, String key, SdkException e) {
        return new BatchJobException(
                "object store error "
                        + action
                        + " s3://"
                        + bucket
                        + "/"
                        + key
                        + " at "
                        + endpoint
                        + ": "
                        + rootMessage(e),
                e);
    }

    private static String rootMessage(Throwable e) {
        Throwable t = e;
        while (t.getCause() != null && t.getCause() != t) {
            t = t.getCause();
        }
        String message = t.getMessage() == null ? t.getClass().getSimpleName() : t.getMessage();
        return message.replace('\n', ' ');
    }
}
