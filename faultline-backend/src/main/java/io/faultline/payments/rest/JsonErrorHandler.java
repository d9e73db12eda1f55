package io.faultline.payments.rest;

import io.faultline.payments.ErrorCode;
import io.faultline.payments.PaymentsMessage.Rejected;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import org.eclipse.jetty.http.HttpFields;
import org.eclipse.jetty.http.HttpHeader;
import org.eclipse.jetty.server.Request;
import org.eclipse.jetty.server.handler.ErrorHandler;

/**
 * Errors that Jetty answers itself, before a request reaches a route (headers too large, a URI
 * too long, a control character in a header, a malformed request line), in the API's JSON error
 * form instead of Jetty's HTML page.
 */
final class JsonErrorHandler extends ErrorHandler {

    @Override
    public ByteBuffer badMessageError(int status, String reason, HttpFields.Mutable fields) {
        fields.put(HttpHeader.CONTENT_TYPE, "application/json");
        return ByteBuffer.wrap(body(status).getBytes(StandardCharsets.UTF_8));
    }

    @Override
    protected void generateAcceptableResponse(Request baseRequest, HttpServletRequest request,
                                              HttpServletResponse response, int code,
                                              String message) throws IOException {
        response.setContentType("application/json");
        response.getWriter().write(body(code));
        baseRequest.setHandled(true);
    }

    /** The error in the API's form, with a message of this API's own words. */
    static String body(int status) {
        Rejected r = switch (status) {
            case 413 -> new Rejected(ErrorCode.REQUEST_TOO_LARGE, "", "the body is too large;"
                + " the limit is " + PaymentsRestServer.BODY_BYTES_MAX + " bytes");
            case 414 -> new Rejected(ErrorCode.REQUEST_TOO_LARGE, "", "the URI is too long");
            case 431 -> new Rejected(ErrorCode.REQUEST_TOO_LARGE, "", "the headers are too large;"
                + " an Idempotency-Key has at most 255 characters");
            default -> new Rejected(ErrorCode.INVALID_REQUEST, "", "the request is not valid"
                + " HTTP/1.1 (status " + status + "): check its request line, its headers (no"
                + " control characters) and its Content-Length");
        };
        return RestJson.write(RestJson.error(r));
    }
}
