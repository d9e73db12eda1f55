package io.faultline.http;

import io.javalin.http.Context;
import io.javalin.http.Header;
import java.util.Collections;
import java.util.Locale;
import java.util.Optional;

/**
 * Whether a request's body may be read as JSON, judged by its Content-Type header before any of
 * the body is read: {@code application/json} in any letter case, with any parameters but a
 * {@code charset} other than UTF-8. A request without the header is taken as JSON, so that a
 * client that sends none keeps working; one that says it sends something else is refused,
 * because reading form data or Latin-1 text as JSON would either fail with a misleading parser
 * error or, worse, succeed with other characters than the client meant.
 *
 * <pre>{@code
 * Optional<String> refused = JsonMediaType.refusal(ctx);   // then answer 415 with the message
 * }</pre>
 */
public final class JsonMediaType {

    /** The one media type the APIs read. */
    public static final String JSON = "application/json";

    private JsonMediaType() {
    }

    /**
     * Why the body of {@code ctx} may not be read as JSON, naming the Content-Type sent and what
     * to send instead; empty when it may. Every Content-Type header the request carries must
     * pass, so that two disagreeing ones are refused rather than one chosen.
     */
    public static Optional<String> refusal(Context ctx) {
        for (String value : Collections.list(ctx.req().getHeaders(Header.CONTENT_TYPE))) {
            if (!isJson(value)) {
                return Optional.of("Content-Type '" + ClientText.quote(value) + "' is not"
                    + " supported; send " + JSON + ", optionally with charset=utf-8 (with curl:"
                    + " -H 'Content-Type: " + JSON + "')");
            }
        }
        return Optional.empty();
    }

    /**
     * Whether one Content-Type value says JSON: its media type is {@value #JSON} in any case and
     * a {@code charset} parameter, if any, is UTF-8; other parameters do not matter.
     */
    static boolean isJson(String contentType) {
        String[] parts = contentType.split(";", -1);
        if (!parts[0].trim().equalsIgnoreCase(JSON)) {
            return false;
        }
        for (int i = 1; i < parts.length; i++) {
            int equals = parts[i].indexOf('=');
            String name = (equals < 0 ? parts[i] : parts[i].substring(0, equals)).trim();
            if (name.equalsIgnoreCase("charset")
                && !isUtf8(equals < 0 ? "" : parts[i].substring(equals + 1))) {
                return false;
            }
        }
        return true;
    }

    /** Whether a charset parameter's value, quoted or not, names UTF-8. */
    private static boolean isUtf8(String value) {
        String name = value.trim();
        if (name.length() >= 2 && name.startsWith("\"") && name.endsWith("\"")) {
            name = name.substring(1, name.length() - 1);
        }
        return name.toLowerCase(Locale.ROOT).equals("utf-8");
    }
}
