package org.lambdamusic.localstack.pipeline;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.security.SecureRandom;
import java.util.Base64;

/**
 * The secrets {@code up} gives the serving layer when the operator set none: the admin API's
 * password and the listener tokens' HMAC key, generated once into the data folder (mode 600) and
 * never printed.
 */
final class Secrets {
    private static final SecureRandom RANDOM = new SecureRandom();

    private Secrets() {}

    /** ADMIN_PASSWORD's file: 18 random bytes, base64url (24 characters). */
    static Path adminPasswordFile(Pipeline pipeline) {
        return pipeline.dataDir().resolve("admin.password");
    }

    /** JWT_SECRET's file: 32 random bytes, base64url without padding. */
    static Path jwtSecretFile(Pipeline pipeline) {
        return pipeline.dataDir().resolve("jwt.secret");
    }

    /** The secret in the file, generated first when the file is missing or empty. */
    static Secret read(Path file, int randomBytes) {
        try {
            boolean generated = false;
            if (!Files.exists(file) || Files.size(file) == 0) {
                byte[] bytes = new byte[randomBytes];
                RANDOM.nextBytes(bytes);
                Files.createDirectories(file.getParent());
                Files.deleteIfExists(file);
                Files.createFile(
                        file,
                        PosixFilePermissions.asFileAttribute(
                                PosixFilePermissions.fromString("rw-------")));
                Files.writeString(
                        file, Base64.getUrlEncoder().withoutPadding().encodeToString(bytes));
                generated = true;
            }
            Files.setPosixFilePermissions(file, PosixFilePermissions.fromString("rw-------"));
            return new Secret(Files.readString(file).trim(), generated);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    record Secret(String value, boolean generated) {
        @Override
        public String toString() {
            return "Secret[generated=" + generated + "]";
        }
    }
}
