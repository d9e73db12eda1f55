package io.faultline.http;

import java.io.ByteArrayOutputStream;
import java.nio.ByteBuffer;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.StandardCharsets;
import java.util.HexFormat;

/**
 * What an HTTP API's error messages may say about a client's input: a bad value quoted short,
 * however long it was, and a JSON parser's complaint without the parser's own setting names.
 */
public final class ClientText {

    /** How much of a bad value a message quotes, so that a huge value gives a short message. */
    public static final int QUOTED_CHARS_MAX = 40;

    private ClientText() {
    }

    /** {@code text} to quote in a message, cut to {@value #QUOTED_CHARS_MAX} characters. */
    public static String quote(String text) {
        if (text.length() <= QUOTED_CHARS_MAX) {
            return text;
        }
        return text.substring(0, QUOTED_CHARS_MAX) + "... (" + text.length() + " characters)";
    }

    /**
     * A Jackson parser's message in plain words: without the backquoted settings it suggests
     * ("enable `JsonReadFeature...` to allow") or names, which mean nothing to a client.
     */
    public static String plainParserMessage(String message) {
        return message.replaceAll(":? *enable `[^`]*` to allow", "")
            .replaceAll(", from `[^`]*`", "")
            .replaceAll("`[^`]*`", "")
            .replaceAll("\\s+", " ")
            .trim();
    }

    /**
     * Whether a request's path, as sent, decodes to UTF-8: every {@code %} followed by two hex
     * digits, and the bytes they make valid UTF-8 ({@code %ud800} and {@code %ed%a0%80} are not).
     */
    public static boolean isPercentEncodedUtf8(String path) {
        ByteArrayOutputStream bytes = new ByteArrayOutputStream(path.length());
        for (int i = 0; i < path.length(); i++) {
            char c = path.charAt(i);
            if (c != '%') {
                bytes.writeBytes(String.valueOf(c).getBytes(StandardCharsets.UTF_8));
            } else if (i + 2 < path.length() && HexFormat.isHexDigit(path.charAt(i + 1))
                && HexFormat.isHexDigit(path.charAt(i + 2))) {
                bytes.write(HexFormat.fromHexDigits(path, i + 1, i + 3));
                i += 2;
            } else {
                return false;
            }
        }
        try {
            StandardCharsets.UTF_8.newDecoder().decode(ByteBuffer.wrap(bytes.toByteArray()));
            return true;
        } catch (CharacterCodingException e) {
            return false;
        }
    }
}
