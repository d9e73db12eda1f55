package io.faultline.bank.http;

/**
 * The body of every error answer: {@code {"error":"INVALID_AMOUNT","message":"amount 0 is
 * invalid: use ..."}}. {@code error} is a stable code to branch on; {@code message} names the bad
 * value and what would have been valid.
 */
public record ApiError(String error, String message) {
}
