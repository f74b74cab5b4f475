package org.lambdamusic.batch.catalog;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.DigestInputStream;
import java.security.MessageDigest;
import java.util.ArrayList;
import java.util.List;
import java.util.zip.GZIPInputStream;
import org.lambdamusic.batch.BatchJobException;
import org.lambdamusic.contracts.model.Sha256;

/**
 * The input CSV, checked before Spark starts: it exists, is not empty, has a header naming every
 * column the job reads, and is gzip exactly when its name says so (Spark picks the codec by
 * extension). Also the sha256 of its bytes as stored, for the manifest.
 */
public record InputFile(Path path, boolean gzip, List<String> header, String sha256, long bytes) {

    public static InputFile open(String location) {
        Path path = toPath(location);
        if (!Files.exists(path)) {
            throw new BatchJobException("input file not found: " + path);
        }
        if (!Files.isRegularFile(path) || !Files.isReadable(path)) {
            throw new BatchJobException("input is not a readable file: " + path);
        }
        try {
            long size = Files.size(path);
            if (size == 0) {
                throw new BatchJobException("input file is empty: " + path);
            }
            boolean gzipMagic = startsWithGzipMagic(path);
            boolean gzipName = path.getFileName().toString().endsWith(".gz");
            if (gzipMagic != gzipName) {
                throw new BatchJobException(
                        gzipMagic
                                ? "input is gzip-compressed but its name does not end in .gz: "
                                        + path
                                : "input name ends in .gz but the file is not gzip: " + path);
            }
            List<String> header = readHeader(path, gzipMagic);
            List<String> missing = CatalogColumns.missingFrom(header);
            if (!missing.isEmpty()) {
                throw new BatchJobException(
                        "input header lacks column(s) "
                                + String.join(", ", missing)
                                + " (expected the Spotify Tracks layout, see datasets/README.md): "
                                + path);
            }
            return new InputFile(path, gzipMagic, header, sha256(path), size);
        } catch (IOException e) {
            throw new BatchJobException("cannot read input " + path + ": " + e.getMessage(), e);
        }
    }

    /** The URI Spark reads and the manifest records. */
    public String uri() {
        return path.toUri().toString();
    }

    private static Path toPath(String location) {
        if (location.startsWith("file:")) {
            return Path.of(URI.create(location)).toAbsolutePath().normalize();
        }
        if (location.matches("^[a-zA-Z][a-zA-Z0-9+.-]*://.*")) {
            throw new BatchJobException(
                    "input must be a local file path or file:// URI, got " + location);
        }
        return Path.of(location).toAbsolutePath().normalize();
    }

    private static boolean startsWithGzipMagic(Path path) throws IOException {
        try (InputStream in = Files.newInputStream(path)) {
            return in.read() == 0x1f && in.read() == 0x8b;
        }
    }

    private static List<String> readHeader(Path path, boolean gzip) throws IOException {
        try (InputStream raw = Files.newInputStream(path);
                InputStream in = gzip ? new GZIPInputStream(raw) : raw;
                BufferedReader reader =
                        new BufferedReader(new InputStreamReader(in, StandardCharsets.UTF_8))) {
            String line = reader.readLine();
            if (line == null || line.isBlank()) {
                throw new BatchJobException("input file is empty (no header line): " + path);
            }
            if (line.startsWith("\uFEFF")) {
                line = line.substring(1);
            }
            return splitHeader(line);
        } catch (java.util.zip.ZipException e) {
            throw new BatchJobException("input is not valid gzip: " + path + ": " + e.getMessage());
        }
    }

    /** Splits one CSV header line (RFC 4180 quoting). */
    static List<String> splitHeader(String line) {
        List<String> names = new ArrayList<>();
        StringBuilder current = new StringBuilder();
        boolean quoted = false;
        for (int i = 0; i < line.length(); i++) {
            char c = line.charAt(i);
            if (quoted) {
                if (c == '"' && i + 1 < line.length() && line.charAt(i + 1) == '"') {
                    current.append('"');
                    i++;
                } else if (c == '"') {
                    quoted = false;
                } else {
                    current.append(c);
                }
            } else if (c == '"') {
                quoted = true;
            } else if (c == ',') {
                names.add(current.toString().trim());
                current.setLength(0);
            } else if (c != '\r') {
                current.append(c);
            }
        }
        names.add(current.toString().trim());
        return names;
    }

    private static String sha256(Path path) throws IOException {
        MessageDigest digest = Sha256.digest();
        try (InputStream in = new DigestInputStream(Files.newInputStream(path), digest)) {
            in.transferTo(java.io.OutputStream.nullOutputStream());
        }
        return Sha256.hex(digest);
    }
}
