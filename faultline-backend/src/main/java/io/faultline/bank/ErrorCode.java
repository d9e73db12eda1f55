package io.faultline.bank;

/**
 * Why the ledger refused a request. Each code maps to one HTTP status in the REST adapter, and each
 * refusal changes nothing in the ledger.
 */
public enum ErrorCode {
    /** The client (account) does not exist. HTTP 404. */
    UNKNOWN_CLIENT(404),
    /** A client name that is empty, too long or has characters outside {@code [A-Za-z0-9_.-]}. */
    INVALID_CLIENT(400),
    /** A command id that is empty, too long or has characters outside {@code [A-Za-z0-9_.:-]}. */
    INVALID_COMMAND_ID(400),
    /** An amount that is zero, negative, above the configured maximum or would overflow. */
    INVALID_AMOUNT(400),
    /** A transfer whose source and destination are the same account. */
    SAME_ACCOUNT(400),
    /** An event range or page size outside the valid range. */
    INVALID_RANGE(400),
    /** An account that already exists cannot be opened again (under a new command id). */
    ACCOUNT_EXISTS(409),
    /** A command id already used for a different command. */
    COMMAND_ID_REUSED(409),
    /** The change would take the balance below zero, or below the configured overdraft. */
    INSUFFICIENT_FUNDS(422);

    private final int httpStatus;

    ErrorCode(int httpStatus) {
        this.httpStatus = httpStatus;
    }

    /** The HTTP status the REST adapters answer with. */
    public int httpStatus() {
        return httpStatus;
    }
}
