package org.shuyu.controller.audit;

import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;

/**
 * The one SHA-256 helper of the controller: evidence hashes (documents, reports, registration records, snapshots),
 * pseudonymous names and the audit chain all hash through it, so they agree on the algorithm and on lower-case hex.
 */
public final class Sha256 {
    private static final HexFormat HEX = HexFormat.of();

    private Sha256() {}

    /** A fresh digest, for hashing a stream of parts. */
    public static MessageDigest digest() {
        try {
            return MessageDigest.getInstance("SHA-256");
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("SHA-256 is not available in this JVM", e);
        }
    }

    /** The lower-case hex SHA-256 of {@code bytes}. */
    public static String hex(byte[] bytes) {
        return HEX.formatHex(digest().digest(bytes));
    }

    /** The lower-case hex SHA-256 of {@code text} in UTF-8. */
    public static String hex(String text) {
        return hex(text.getBytes(StandardCharsets.UTF_8));
    }

    /** The lower-case hex of a finished digest. */
    public static String hex(MessageDigest finished) {
        return HEX.formatHex(finished.digest());
    }

    /** The lower-case hex SHA-256 of a file's content, read in chunks. */
    public static String hexOfFile(Path file) throws IOException {
        MessageDigest digest = digest();
        try (InputStream in = Files.newInputStream(file)) {
            byte[] buffer = new byte[64 * 1024];
            for (int n; (n = in.read(buffer)) > 0; ) {
                digest.update(buffer, 0, n);
            }
        }
        return hex(digest);
    }
}
