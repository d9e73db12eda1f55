package io.faultline.http;

import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.util.Objects;
import java.util.function.IntFunction;
import org.eclipse.jetty.http.HttpFields;
import org.eclipse.jetty.http.HttpHeader;
import org.eclipse.jetty.server.Request;
import org.eclipse.jetty.server.handler.ErrorHandler;

/**
 * The errors that Jetty answers itself, before a request reaches a route (headers too large, a
 * URI too long, a control character in a header, a malformed request line or escape), in an API's
 * own JSON error form instead of Jetty's HTML page.
 *
 * <pre>{@code
 * Javalin.create(config -> config.jetty.modifyServer(server -> server.setErrorHandler(
 *     new JsonErrorPages(status -> "{\"error\":\"BAD_REQUEST\",\"status\":" + status + "}"))));
 * }</pre>
 */
public final class JsonErrorPages extends ErrorHandler {

    private final IntFunction<String> body;

    /** @param body the JSON body of the answer with each HTTP status */
    public JsonErrorPages(IntFunction<String> body) {
        this.body = Objects.requireNonNull(body, "body");
    }

    @Override
    public ByteBuffer badMessageError(int status, String reason, HttpFields.Mutable fields) {
        fields.put(HttpHeader.CONTENT_TYPE, "application/json");
        return ByteBuffer.wrap(body.apply(status).getBytes(StandardCharsets.UTF_8));
    }

    @Override
    protected void generateAcceptableResponse(Request baseRequest, HttpServletRequest request,
                                              HttpServletResponse response, int code,
                                              String message) throws IOException {
        response.setContentType("application/json");
        response.getWriter().write(body.apply(code));
        baseRequest.setHandled(true);
    }
}
