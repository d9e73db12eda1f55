package io.faultline.bank.http;

/** A request the adapter refuses before it reaches the bank: answered with its status and body. */
final class HttpProblem extends RuntimeException {

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
}
