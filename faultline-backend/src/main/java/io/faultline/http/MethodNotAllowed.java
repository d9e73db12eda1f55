package io.faultline.http;

import io.javalin.http.Context;
import io.javalin.http.MethodNotAllowedResponse;

/**
 * What a 405 says, from Javalin's own routes rather than a second list kept by hand. With
 * {@code config.http.prefer405over404}, Javalin throws a {@link MethodNotAllowedResponse} for a
 * known path asked with a method none of its routes take, and puts the methods they do take
 * into its details; an API maps that exception to its own JSON error and sends them as the
 * {@code Allow} header that RFC 9110 (section 15.5.6) requires of a 405.
 *
 * <pre>{@code
 * app.exception(MethodNotAllowedResponse.class, (e, ctx) -> {
 *     String allowed = MethodNotAllowed.allowed(e);
 *     ctx.header(Header.ALLOW, allowed).status(405).json(error(MethodNotAllowed.message(ctx,
 *         allowed)));
 * });
 * }</pre>
 */
public final class MethodNotAllowed {

    /** Where Javalin 6 lists the methods ("GET, POST") for a client that is not a browser. */
    static final String METHODS_KEY = "availableMethods";
    /** The same for a client whose Accept header names text/html, such as a browser. */
    static final String METHODS_KEY_HTML = "Available methods";

    private MethodNotAllowed() {
    }

    /**
     * The methods the path takes, comma-separated as the Allow header lists them ("GET, POST").
     *
     * @throws IllegalStateException if Javalin no longer lists them where it did, so that a
     *     Javalin upgrade that moved them fails the tests instead of sending an empty Allow
     */
    public static String allowed(MethodNotAllowedResponse e) {
        String methods = e.getDetails().get(METHODS_KEY);
        if (methods == null) {
            methods = e.getDetails().get(METHODS_KEY_HTML);
        }
        if (methods == null || methods.isBlank()) {
            throw new IllegalStateException("Javalin's 405 lists no methods under '" + METHODS_KEY
                + "' or '" + METHODS_KEY_HTML + "'; its details are " + e.getDetails());
        }
        return methods;
    }

    /**
     * The message of a 405: the method and the path as the client sent them (quoted short) and
     * the methods that path takes. The method is the request's own, since Javalin names a method
     * it does not know INVALID.
     */
    public static String message(Context ctx, String allowed) {
        return "method " + ClientText.quote(ctx.req().getMethod()) + " is not allowed on "
            + ClientText.quote(ctx.path()) + "; it takes " + allowed;
    }
}
