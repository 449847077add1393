package dev.lrsweep.driver.config;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.io.Reader;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.Charset;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import org.apache.commons.io.ByteOrderMark;
import org.apache.commons.io.input.BOMInputStream;

/**
 * Opens the text files users hand the sweep, which may come from Excel or Windows: UTF-8 (with or
 * without a byte-order mark), or UTF-16 or UTF-32 with a byte-order mark. Bytes that are not text in
 * that encoding are reported, never replaced silently.
 */
public final class TextFiles {
    /** What to tell a user whose file is not in an encoding the sweep reads. */
    public static final String ENCODING_ADVICE = "not UTF-8 text (save it as UTF-8, e.g. Excel's 'CSV UTF-8')";

    private TextFiles() {
    }

    /**
     * A reader of the file's characters, the byte-order mark dropped.
     *
     * @throws IOException if it cannot be opened; reading it throws {@link CharacterCodingException}
     *                     where it is not text in its encoding
     */
    public static Reader open(Path file) throws IOException {
        BOMInputStream in = BOMInputStream.builder().setInputStream(Files.newInputStream(file))
                .setByteOrderMarks(ByteOrderMark.UTF_8, ByteOrderMark.UTF_32LE, ByteOrderMark.UTF_32BE,
                        ByteOrderMark.UTF_16LE, ByteOrderMark.UTF_16BE)
                .get();
        Charset charset = in.hasBOM() ? Charset.forName(in.getBOMCharsetName()) : StandardCharsets.UTF_8;
        return new BufferedReader(new InputStreamReader(in, charset.newDecoder()
                .onMalformedInput(CodingErrorAction.REPORT).onUnmappableCharacter(CodingErrorAction.REPORT)));
    }

    /** The file's whole text. */
    public static String read(Path file) throws IOException {
        try (Reader reader = open(file)) {
            StringBuilder text = new StringBuilder();
            char[] buffer = new char[8192];
            for (int n = reader.read(buffer); n >= 0; n = reader.read(buffer)) {
                text.append(buffer, 0, n);
            }
            return text.toString();
        }
    }
}
