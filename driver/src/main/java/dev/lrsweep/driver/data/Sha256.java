package dev.lrsweep.driver.data;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.ByteBuffer;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.DigestInputStream;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;

/** SHA-256 digests in hexadecimal: how the result files and the journal tell one dataset (or start) from another. */
public final class Sha256 {
    private Sha256() {
    }

    /** The digest of a file's bytes. */
    static String ofFile(Path file) throws IOException {
        MessageDigest digest = digest();
        try (InputStream in = new DigestInputStream(Files.newInputStream(file), digest)) {
            in.transferTo(OutputStream.nullOutputStream());
        }
        return HexFormat.of().formatHex(digest.digest());
    }

    /** The digest of values as big-endian doubles, one array after the other. */
    public static String ofValues(double[]... arrays) {
        MessageDigest digest = digest();
        ByteBuffer buffer = ByteBuffer.allocate(8 * 4096);
        for (double[] values : arrays) {
            for (double value : values) {
                if (!buffer.hasRemaining()) {
                    digest.update(buffer.flip());
                    buffer.clear();
                }
                buffer.putDouble(value);
            }
        }
        digest.update(buffer.flip());
        return HexFormat.of().formatHex(digest.digest());
    }

    /** The digest of lines of text, each followed by a newline, in UTF-8. */
    static String ofLines(java.util.List<String> lines) {
        MessageDigest digest = digest();
        for (String line : lines) {
            digest.update((line + "\n").getBytes(java.nio.charset.StandardCharsets.UTF_8));
        }
        return HexFormat.of().formatHex(digest.digest());
    }

    private static MessageDigest digest() {
        try {
            return MessageDigest.getInstance("SHA-256");
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("SHA-256 is missing from this JVM", e);
        }
    }
}
