package org.lambdamusic.batch.publish;

import java.net.URI;
import java.nio.file.Path;
import org.lambdamusic.batch.BatchJobException;

/**
 * Where model versions go: {@code s3://bucket/prefix} (the prefix is the layout root, e.g. {@code
 * models}) or {@code file:///dir} (the same layout in a directory, for tests and air-gapped runs).
 *
 * @param bucket the S3 bucket, or null for a directory
 * @param root the key prefix under the bucket (no leading or trailing '/'), or "" for a directory
 * @param directory the local directory, or null for S3
 */
public record OutputLocation(String bucket, String root, Path directory) {

    public static OutputLocation parse(String uri) {
        if (uri.startsWith("s3://") || uri.startsWith("s3a://")) {
            String rest = uri.substring(uri.indexOf("://") + 3);
            int slash = rest.indexOf('/');
            String bucket = slash < 0 ? rest : rest.substring(0, slash);
            String root = slash < 0 ? "" : rest.substring(slash + 1);
            if (bucket.isBlank()) {
                throw new BatchJobException("--output " + uri + " names no bucket");
            }
            return new OutputLocation(bucket, trimSlashes(root), null);
        }
        if (uri.startsWith("file:")) {
            return new OutputLocation(null, "", Path.of(URI.create(uri)).toAbsolutePath());
        }
        throw new BatchJobException(
                "--output must be s3://bucket/prefix or file:///dir, got " + uri);
    }

    public boolean isS3() {
        return bucket != null;
    }

    @Override
    public String toString() {
        return isS3() ? "s3://" + bucket + "/" + root : directory.toUri().toString();
    }

    private static String trimSlashes(String s) {
        return s.replaceAll("^/+", "").replaceAll("/+$", "");
    }
}
