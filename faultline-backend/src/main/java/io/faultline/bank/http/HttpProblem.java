package io.faultline.bank.http;

/** A request the adapter refuses before it reaches the bank: answered with its status and body. */
final class HttpProblem extends RuntimeException {

    /** How much of a bad value a message echoes, so that a huge value gives a short message. */
    private static final int ECHO_CHARS_MAX = 40;

    private final int status;
    private final ApiError body;

    HttpProblem(int status, String error, String message) {
        super(message);
        this.status = status;
        this.body = new ApiError(error, message);
    }

    int status() {
        return status;
    }

    ApiError body() {
        return body;
    }

    /** {@code text} to quote in a message, cut to {@value #ECHO_CHARS_MAX} characters. */
    static String echo(String text) {
        if (text.length() <= ECHO_CHARS_MAX) {
            return text;
        }
        return text.substring(0, ECHO_CHARS_MAX) + "... (" + text.length() + " characters)";
    }
}
