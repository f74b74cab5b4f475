package org.lambdamusic.batch.interactions;

import java.nio.file.Path;
import org.lambdamusic.batch.BatchJobException;

/**
 * The interaction archive a run reads ({@code --interactions}): the speed layer's JSON-lines files
 * under {@code s3://<bucket>/interactions/date=YYYY-MM-DD/}, or the same layout in a directory.
 *
 * @param uri as the operator gave it ({@code s3://}, {@code s3a://}, {@code file://}; a plain path
 *     becomes a {@code file://} URI), recorded as the manifest's {@code interactions.source}; null
 *     for {@link #NONE}
 */
public record ArchiveSource(String uri) {
    /** {@code --interactions none}: no archive read, empty views. */
    public static final ArchiveSource NONE = new ArchiveSource(null);

    public static final String NONE_VALUE = "none";

    private static final String SIBLING = "interactions";

    public static ArchiveSource parse(String value) {
        if (value == null || value.isBlank()) {
            throw new BatchJobException("--interactions needs a value (a URI, a path or none)");
        }
        String v = withoutTrailingSlash(value.trim());
        if (v.equals(NONE_VALUE)) {
            return NONE;
        }
        if (v.startsWith("s3://") || v.startsWith("s3a://")) {
            String rest = v.substring(v.indexOf("://") + 3);
            if (rest.isEmpty() || rest.startsWith("/")) {
                throw new BatchJobException("--interactions " + v + " names no bucket");
            }
            return new ArchiveSource(v);
        }
        if (v.startsWith("file:")) {
            return new ArchiveSource(v);
        }
        if (v.contains("://")) {
            throw new BatchJobException(
                    "--interactions must be s3://, s3a://, file://, a path or none, got " + v);
        }
        return new ArchiveSource(
                withoutTrailingSlash(Path.of(v).toAbsolutePath().normalize().toUri().toString()));
    }

    private static String withoutTrailingSlash(String uri) {
        String u = uri;
        while (u.endsWith("/") && !u.endsWith(":/") && !u.endsWith("://")) {
            u = u.substring(0, u.length() - 1);
        }
        return u;
    }

    /**
     * The default archive of an output: the sibling {@code interactions} of the output's last path
     * segment ({@code s3://recommender/models} → {@code s3://recommender/interactions}, {@code
     * file:///x/models} → {@code file:///x/interactions}; a bare bucket gets {@code
     * s3://bucket/interactions}).
     */
    public static String defaultUriFor(String output) {
        if (output == null) {
            return null;
        }
        String o = withoutTrailingSlash(output.trim());
        int scheme = o.indexOf("://");
        int pathStart = scheme < 0 ? 0 : scheme + 3;
        int slash = o.lastIndexOf('/');
        if (slash < pathStart) {
            return o + "/" + SIBLING; // s3://bucket: the archive lives in the bucket's root
        }
        return o.substring(0, slash + 1) + SIBLING;
    }

    public boolean isNone() {
        return uri == null;
    }

    /** An {@code s3://} or {@code s3a://} archive. */
    public boolean isS3() {
        return uri != null && (uri.startsWith("s3://") || uri.startsWith("s3a://"));
    }

    /** The bucket of an S3 archive. */
    public String bucket() {
        String rest = uri.substring(uri.indexOf("://") + 3);
        int slash = rest.indexOf('/');
        return slash < 0 ? rest : rest.substring(0, slash);
    }

    /** The key prefix of an S3 archive, without slashes at either end ("" for a whole bucket). */
    public String prefix() {
        String rest = uri.substring(uri.indexOf("://") + 3);
        int slash = rest.indexOf('/');
        return slash < 0 ? "" : rest.substring(slash + 1).replaceAll("^/+", "");
    }

    /** The path Spark and Hadoop read: {@code s3://} goes through the s3a connector. */
    public String hadoopPath() {
        if (uri.startsWith("s3://")) {
            return "s3a://" + uri.substring("s3://".length());
        }
        return uri;
    }

    @Override
    public String toString() {
        return isNone() ? NONE_VALUE : uri;
    }
}
